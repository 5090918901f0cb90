/**
 * Human-readable rendering of a plan, in the shape of `pulumi preview`: the resource tree, Outputs, the Resources
 * summary, the policy results, and this project's DR contract.
 */
import type { PlannedResource } from "../../policy-pack/offline";
import type { PairPlan, StackPlan } from "./planStack";
import { formatMinutes as minutes, formatPercent, formatUsd } from "./format";
import { renderOutputs } from "./renderOutputs";
import { renderPolicies, renderViolations } from "./renderPolicies";
import { displayType, renderTree } from "./renderTree";
import { WIDTH, wrapText } from "./wrapText";
import { PROJECT } from "../../stacks/topology";
import { crossStackPolicies } from "../../policy-pack/policies";

export { renderViolations } from "./renderPolicies";
export { renderTree } from "./renderTree";

export interface RenderOptions {
  /** `--summary`: the full count by type under the Resources summary. */
  readonly summary?: boolean;
}

const usd = (n: number | null | undefined) =>
  n === null || n === undefined ? "n/a" : `${formatUsd(n)}/month`;
const isCustom = (r: PlannedResource) => !r.type.startsWith("securecart:");

/** preview's "Resources:" block, plus the count by type: wrapped, or one per line with `--summary`. */
function renderResources(resources: readonly PlannedResource[], options: RenderOptions): string[] {
  const reads = resources.filter((r) => r.read).length;
  const creates = resources.length - reads + 1; // + the root Stack, which preview counts too
  const custom = resources.filter((r) => isCustom(r) && !r.read);
  const lines = [
    "Resources:",
    `    + ${creates} to create`,
    ...(reads ? [`    > ${reads} to read`] : []),
  ];
  const count = (key: (r: PlannedResource) => string) => {
    const m = new Map<string, number>();
    for (const r of custom) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  if (options.summary) {
    lines.push(
      `    by type (${custom.length} provider resources; the rest are components and the root Stack):`,
    );
    lines.push(
      ...count((r) => displayType(r.type)).map(([t, n]) => `      ${String(n).padStart(4)}  ${t}`),
    );
  } else {
    // The count by type (DESIGN.md contract 1) in a few wrapped lines instead of the long table, most first.
    lines.push("    by type (one per line: npm run plan -- --summary):");
    lines.push(
      ...wrapText(
        count((r) => displayType(r.type)).map(([t, n]) => `${t} ${n}`),
        WIDTH,
        "      ",
        ", ",
      ),
    );
  }
  // The engine registers a default provider per package from the stack's config; preview does not list them.
  const defaulted = custom.filter((r) => !r.provider && !r.type.startsWith("pulumi:"));
  const defaults = [...new Set(defaulted.map((r) => r.type.split(":")[0]))].sort();
  if (defaults.length)
    lines.push(`    default providers (${defaults.join(", ")}): not listed, as in pulumi preview`);
  return lines;
}

export function renderStack(p: StackPlan, options: RenderOptions = {}): string {
  const lines = [
    `Stack ${p.stack} (${p.region}, ${p.role}, tier ${p.tier})`,
    "",
    ...renderTree(p.resources, `${PROJECT}-${p.stack}`),
    "",
    ...renderOutputs(p.outputs),
    "",
    ...renderResources(p.resources, options),
    "",
    ...renderPolicies("Policies", p.violations),
    "",
    ...renderContract(p.contract),
  ];
  return lines.join("\n");
}

export function renderPair(plan: PairPlan, options: RenderOptions = {}): string {
  const parts = plan.stacks.map((s) => renderStack(s, options));
  if (plan.stacks.length > 1) {
    const pairs = plan.crossStackViolations.length
      ? renderViolations(plan.crossStackViolations)
      : wrapText(
          `(none): every pairing rule holds: ${crossStackPolicies.map((p) => p.name).join(", ")}`.split(
            " ",
          ),
          WIDTH,
          "    ",
        );
    parts.push(["Cross-stack pairs (both stacks together):", ...pairs].join("\n"));
  }
  return parts.join("\n\n" + "-".repeat(72) + "\n\n");
}

interface ContractView {
  rpoMinutes: number | null;
  rtoMinutes: number | null;
  monthlyUsd: { primary: number | null; recovery: number | null };
  rpoParts?: { name: string; minutes: number; basis: string }[];
  rtoParts?: { name: string; minutes: number; basis: string }[];
  targets?: { rpoMinutes: number; rtoMinutes: number; recoveryCostShare: number };
  recoveryCostShare?: number | null;
  hostRecovery?: string;
  costIncludes?: { stacks: string[]; capacity: number };
}

/** The DR contract: computed figures, their parts, and a warning for each target the computation misses. */
export function renderContract(contract: StackPlan["contract"]): string[] {
  const c = contract as unknown as ContractView;
  const lines = [
    `DR contract: RPO ${minutes(c.rpoMinutes)}, RTO ${minutes(c.rtoMinutes)}, ` +
      `cost ${usd(c.monthlyUsd.primary)} primary / ${usd(c.monthlyUsd.recovery)} recovery`,
  ];
  const parts = (ps: ContractView["rpoParts"]) =>
    (ps ?? []).map((p) => `${p.name} ${minutes(p.minutes)}`).join(" + ");
  if (c.rpoParts) lines.push(`  RPO = ${parts(c.rpoParts)}`);
  if (c.rtoParts) lines.push(`  RTO = ${parts(c.rtoParts)}`);
  if (c.hostRecovery) lines.push(`  hosts: ${c.hostRecovery}`);
  if (c.costIncludes) {
    lines.push(
      `  costs: by region, over ${c.costIncludes.stacks.join(" and ")} at capacity ${c.costIncludes.capacity}, ` +
        "list prices (scripts/plan/prices.ts)" +
        (c.costIncludes.stacks.length < 2
          ? "; the other stack could not be planned, so its resources are not counted"
          : ""),
    );
  }
  const t = c.targets;
  if (t) {
    const miss = (what: string, got: number, target: number) =>
      lines.push(
        `  warning: computed ${what} ${minutes(got)} misses the tier's target ${minutes(target)}`,
      );
    if (c.rpoMinutes !== null && c.rpoMinutes > t.rpoMinutes)
      miss("RPO", c.rpoMinutes, t.rpoMinutes);
    if (c.rtoMinutes !== null && c.rtoMinutes > t.rtoMinutes)
      miss("RTO", c.rtoMinutes, t.rtoMinutes);
    if (typeof c.recoveryCostShare === "number") {
      const share = formatPercent(c.recoveryCostShare);
      const target = formatPercent(t.recoveryCostShare);
      lines.push(
        c.recoveryCostShare > t.recoveryCostShare
          ? `  warning: recovery region costs ${share} of the primary's, over the tier's ${target} ` +
              "(npm run plan -- --compare-tiers says why)"
          : `  recovery region costs ${share} of the primary's (target ≤ ${target})`,
      );
    }
  }
  return lines;
}
