/** Human-readable rendering of a plan, in the spirit of `pulumi preview`. */
import type { PlannedResource, Violation } from "../../policy-pack/offline";
import type { PairPlan, StackPlan } from "./planStack";

const shortType = (type: string) => type.replace(/^aws:[^/]+\//, "aws:").replace(/:[A-Za-z0-9]+$/, "");

/** Components as a tree; under each, its direct custom children summarised as `type ×count`. */
export function renderTree(resources: PlannedResource[]): string[] {
  const children = new Map<string | null, PlannedResource[]>();
  for (const r of resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number) => {
    const kids = children.get(parent) ?? [];
    const counts = new Map<string, number>();
    for (const k of kids.filter((k) => !children.has(k.urn) && !k.type.startsWith("securecart:"))) {
      counts.set(shortType(k.type), (counts.get(shortType(k.type)) ?? 0) + 1);
    }
    const pad = "  ".repeat(depth);
    for (const [type, n] of [...counts].sort()) lines.push(`${pad}+ ${type}${n > 1 ? ` ×${n}` : ""}`);
    for (const k of kids.filter((k) => children.has(k.urn) || k.type.startsWith("securecart:"))) {
      lines.push(`${pad}+ ${k.type} ${k.name}`);
      walk(k.urn, depth + 1);
    }
  };
  walk(null, 1);
  return lines;
}

export function renderViolations(violations: Violation[]): string[] {
  if (violations.length === 0) return ["  (none)"];
  return violations.map((v) => `  [${v.level}] ${v.policy}: ${v.message}${v.resource ? `\n      ${v.resource}` : ""}`);
}

function minutes(m: number | null | undefined): string {
  if (m === null || m === undefined) return "n/a";
  if (m < 1) return `${+(m * 60).toFixed(1)} s`;
  return m >= 60 ? `${+(m / 60).toFixed(2)} h` : `${+m.toFixed(2)} min`;
}

function usd(n: number | null | undefined): string {
  return n === null || n === undefined ? "n/a" : `$${Math.round(n).toLocaleString("en-US")}/month`;
}

export function renderStack(p: StackPlan): string {
  const custom = p.resources.filter((r) => !r.type.startsWith("securecart:") && !r.type.startsWith("pulumi:"));
  const byType = new Map<string, number>();
  for (const r of custom) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  const mandatory = p.violations.filter((v) => v.level === "mandatory").length;
  const lines = [
    `Stack ${p.stack} (${p.region}, ${p.role}, tier ${p.tier})`,
    ...renderTree(p.resources),
    "",
    `Resources: ${custom.length} to create (${p.resources.length - custom.length} components)`,
    ...[...byType].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t, n]) => `  ${String(n).padStart(4)}  ${t}`),
    "",
    `Policies: ${mandatory} mandatory, ${p.violations.length - mandatory} advisory violation(s)`,
    ...renderViolations(p.violations),
    "",
    ...renderContract(p.contract),
  ];
  return lines.join("\n");
}

export function renderPair(plan: PairPlan): string {
  const parts = plan.stacks.map(renderStack);
  if (plan.stacks.length > 1) {
    parts.push(["Cross-stack pairs (both stacks together):", ...renderViolations(plan.crossStackViolations)].join("\n"));
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
      `monthly ${usd(c.monthlyUsd.primary)} primary / ${usd(c.monthlyUsd.recovery)} recovery`,
  ];
  const parts = (ps: ContractView["rpoParts"]) => (ps ?? []).map((p) => `${p.name} ${minutes(p.minutes)}`).join(" + ");
  if (c.rpoParts) lines.push(`  RPO = ${parts(c.rpoParts)}`);
  if (c.rtoParts) lines.push(`  RTO = ${parts(c.rtoParts)}`);
  if (c.hostRecovery) lines.push(`  hosts: ${c.hostRecovery}`);
  if (c.costIncludes) {
    lines.push(
      `  costs: by region, over ${c.costIncludes.stacks.join(" and ")} at capacity ${c.costIncludes.capacity}, list prices (scripts/plan/prices.ts)` +
        (c.costIncludes.stacks.length < 2 ? "; the other stack could not be planned, so its resources are not counted" : ""),
    );
  }
  const t = c.targets;
  if (t) {
    if (c.rpoMinutes !== null && c.rpoMinutes > t.rpoMinutes) lines.push(`  warning: computed RPO ${minutes(c.rpoMinutes)} misses the tier's target ${minutes(t.rpoMinutes)}`);
    if (c.rtoMinutes !== null && c.rtoMinutes > t.rtoMinutes) lines.push(`  warning: computed RTO ${minutes(c.rtoMinutes)} misses the tier's target ${minutes(t.rtoMinutes)}`);
    if (typeof c.recoveryCostShare === "number") {
      const share = `${+(c.recoveryCostShare * 100).toFixed(1)}%`;
      const target = `${+(t.recoveryCostShare * 100).toFixed(1)}%`;
      lines.push(
        c.recoveryCostShare > t.recoveryCostShare
          ? `  warning: recovery region costs ${share} of the primary's, over the tier's ${target} (npm run plan -- --compare-tiers says why)`
          : `  recovery region costs ${share} of the primary's (target ≤ ${target})`,
      );
    }
  }
  return lines;
}
