/** The readable diff of a tier switch, in the spirit of `pulumi preview --diff`. */
import type { Change, ChangeOp } from "./diff";
import { summarize } from "./diff";
import { parseUrn } from "./engineUrn";
import type { StackDiff } from "./tierDiff";

const SYMBOL: Record<Exclude<ChangeOp, "same">, string> = {
  create: "+ ",
  update: "~ ",
  replace: "+-",
  delete: "- ",
};

function line(c: Change): string[] {
  if (c.op === "same") return [];
  const name = parseUrn(c.urn).name;
  const keys = c.keys.length ? ` [${c.keys.join(", ")}]` : "";
  const may = c.mayReplace?.length ? ` (may replace on ${c.mayReplace.join(", ")})` : "";
  const out = [`  ${SYMBOL[c.op]} ${c.type.padEnd(50)} ${name}${keys}${may}`];
  if (c.blocked)
    out.push(`       BLOCKED by ${c.blocked.by}`, `       to lift it: ${c.blocked.lift}`);
  return out;
}

export function renderStackDiff(d: StackDiff): string {
  const p = d.plan;
  const counts = summarize(d.changes);
  const blocked = d.changes.filter((c) => c.blocked).length;
  const order: ChangeOp[] = ["replace", "delete", "create", "update"];
  const lines = [
    `Stack ${p.stack} (${p.region}, ${p.role}): ${d.from} -> ${p.tier}`,
    ...order.flatMap((op) => d.changes.filter((c) => c.op === op).flatMap(line)),
    `Resources: ${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ` +
      `${counts.delete} to delete, ${counts.same} unchanged` +
      (blocked ? `; ${blocked} blocked (lift the protection first)` : ""),
  ];
  return lines.join("\n");
}

export function renderDiff(diffs: StackDiff[]): string {
  return diffs.map(renderStackDiff).join("\n\n");
}
