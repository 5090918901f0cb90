/**
 * The resource tree as `pulumi preview` prints it: one line per resource, the op, the type token as the CLI
 * displays it, the resource name and the plan, under the root Stack, in registration order.
 */
import type { PlannedResource } from "../../policy-pack/offline";

/**
 * The CLI's display form of a type token (pulumi/pulumi pkg/backend/display, `simplifyTypeName`): the module's
 * file part is dropped when it only repeats the type name, `aws:rds/cluster:Cluster` → `aws:rds:Cluster`.
 * The module stays, so the RDS and ECS clusters (or the Backup and ARC plans) never read alike.
 */
export function displayType(type: string): string {
  const parts = type.split(":");
  if (parts.length !== 3) return type;
  const [pkg, module, name] = parts;
  const slash = module.lastIndexOf("/");
  if (slash < 0 || !name) return type;
  const file = module.slice(slash + 1);
  return file === name[0].toLowerCase() + name.slice(1)
    ? `${pkg}:${module.slice(0, slash)}:${name}`
    : type;
}

export interface TreeRow {
  readonly op: "+" | ">";
  /** Tree drawing (`├─ `, `│  `) before the type. */
  readonly prefix: string;
  readonly type: string;
  readonly name: string;
  readonly plan: "create" | "read";
}

/** Rows of the tree under a root Stack named `stackName` (the engine's `<project>-<stack>`). */
export function treeRows(resources: readonly PlannedResource[], stackName: string): TreeRow[] {
  const children = new Map<string | null, PlannedResource[]>();
  for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const rows: TreeRow[] = [
    { op: "+", prefix: "", type: "pulumi:pulumi:Stack", name: stackName, plan: "create" },
  ];
  const walk = (parent: string | null, indent: string) => {
    const kids = children.get(parent) ?? [];
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      const read = k.read === true;
      const prefix = `${indent}${last ? "└─ " : "├─ "}`;
      rows.push({
        op: read ? ">" : "+",
        prefix,
        type: displayType(k.type),
        name: k.name,
        plan: read ? "read" : "create",
      });
      walk(k.urn, `${indent}${last ? "   " : "│  "}`);
    });
  };
  walk(null, "");
  return rows;
}

/** The tree as text, in preview's columns: op, Type, Name, Plan. */
export function renderTree(resources: readonly PlannedResource[], stackName: string): string[] {
  const rows = treeRows(resources, stackName);
  const typeWidth = Math.max(4, ...rows.map((r) => r.prefix.length + r.type.length));
  const nameWidth = Math.max(4, ...rows.map((r) => r.name.length));
  const line = (op: string, type: string, name: string, plan: string) =>
    ` ${op.padEnd(3)} ${type.padEnd(typeWidth)}  ${name.padEnd(nameWidth)}  ${plan}`.trimEnd();
  return [
    line("", "Type", "Name", "Plan"),
    ...rows.map((r) => line(r.op, r.prefix + r.type, r.name, r.plan)),
  ];
}
