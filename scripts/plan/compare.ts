/**
 * `npm run plan -- --compare-tiers`: all four tiers side by side, each computed from its own plan of both
 * stacks: RPO, RTO, recovery-region cost and its share of the primary's, and what the recovery region runs.
 */
import type { PlannedResource } from "../../policy-pack/offline";
import {
  DR_TIERS,
  DrTier,
  recoveryTakesTraffic,
  TIER_PROFILES,
} from "../../components/tiers/tierProfile";
import { monthlyCost } from "./cost";
import { formatMinutes, formatPercent, formatUsd } from "./format";
import { PairPlan, plan, StackPlan } from "./planStack";
import { PROJECT, STACKS } from "../../stacks/topology";

const primaryStackName = () => STACKS.find((s) => s.role === "primary")!.stack;

export interface TierComparison {
  readonly tier: DrTier;
  readonly rpoMinutes: number;
  readonly rtoMinutes: number;
  readonly primaryUsd: number;
  readonly recoveryUsd: number;
  readonly share: number;
  readonly targets: (typeof TIER_PROFILES)[DrTier]["targets"];
  readonly recoveryRegion: string;
  /** The three largest recovery-region cost items, to explain a share. */
  readonly topRecoveryCosts: string[];
  /** Recovery-region network items that cost the same at any capacity (NAT, TGW, endpoints, public IPs). */
  readonly fixedNetworkUsd: number;
  readonly mandatoryViolations: number;
  /** The primary's capacity (`securecart:capacity`) this row was planned at. */
  readonly capacity: number;
  /** Recovery cost share at other primary capacities, each from its own plan of both stacks. */
  readonly shareByCapacity: Readonly<Record<number, number>>;
}

/** The larger primaries `--compare-tiers` also plans, so a buyer sees how the share falls as the shop grows. */
export const COMPARED_CAPACITIES = [6, 12, 24] as const;

/** Plans a tier at a primary capacity (undefined: the stack file's). */
export type TierPlanner = (tier: DrTier, capacity?: number) => Promise<PairPlan>;

const planAt: TierPlanner = (tier, capacity) =>
  plan({
    tier,
    config:
      capacity === undefined
        ? undefined
        : { [primaryStackName()]: { [`${PROJECT}:capacity`]: String(capacity) } },
  });

const count = (rs: readonly PlannedResource[], type: string) => rs.filter((r) => r.type === type);

/** What the recovery stack runs, read from its planned resources. */
export function describeRecovery(rec: StackPlan): string {
  const rs = rec.resources;
  const parts: string[] = [];
  const asg = count(rs, "aws:autoscaling/group:Group")[0];
  const svc = count(rs, "aws:ecs/service:Service")[0];
  if (asg && svc)
    parts.push(`compute ${asg.inputs.desiredCapacity} hosts/${svc.inputs.desiredCount} tasks`);
  else parts.push("no compute");
  const instances = count(rs, "aws:rds/clusterInstance:ClusterInstance").length;
  if (count(rs, "aws:rds/cluster:Cluster").length) parts.push(`Aurora secondary ×${instances}`);
  if (count(rs, "aws:dynamodb/tableReplica:TableReplica").length) parts.push("catalog replica");
  const cache = count(rs, "aws:elasticache/replicationGroup:ReplicationGroup")[0];
  if (cache) parts.push(`cache ${cache.inputs.numCacheClusters}× ${cache.inputs.nodeType}`);
  if (count(rs, "aws:globalaccelerator/endpointGroup:EndpointGroup").length)
    parts.push("accelerator endpoint group");
  else if (count(rs, "aws:route53/record:Record").some((r) => r.inputs.failoverRoutingPolicies))
    parts.push("SECONDARY record");
  if (count(rs, "aws:ec2/vpc:Vpc").length) {
    // The per-AZ items a standby may run fewer of (TierProfile.recovery.network).
    const endpoints = count(rs, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
      (e) => e.inputs.vpcEndpointType === "Interface",
    );
    const endpointAzs = Math.max(0, ...endpoints.map((e) => e.inputs.subnetIds?.length ?? 0));
    parts.push(`NAT ×${count(rs, "aws:ec2/natGateway:NatGateway").length}`);
    parts.push(
      endpoints.length
        ? `${endpoints.length} interface endpoints in ${endpointAzs} AZs`
        : "no interface endpoints",
    );
  } else parts.push("DR vault + copy rule + replicated bucket only");
  return parts.join(", ");
}

function compareOne(
  tier: DrTier,
  pair: PairPlan,
  shareByCapacity: Record<number, number>,
): TierComparison {
  const [pri, rec] = [
    pair.stacks.find((s) => s.role === "primary")!,
    pair.stacks.find((s) => s.role === "recovery")!,
  ];
  const c = rec.contract;
  const report = monthlyCost(pair.stacks, {
    trafficShare: recoveryTakesTraffic(TIER_PROFILES[tier])
      ? { [pri.region]: 0.5, [rec.region]: 0.5 }
      : { [pri.region]: 1 },
    homeRegion: pri.region,
  });
  const byType = new Map<string, number>();
  for (const l of report.lines.filter((l) => l.region === rec.region))
    byType.set(l.type, (byType.get(l.type) ?? 0) + l.usd);
  const top = [...byType]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([t, usd]) => `${t.split(":").pop()} $${Math.round(usd)}`);
  const fixed = ["NatGateway", "Eip", "VpcEndpoint", "VpcAttachment", "PeeringAttachment"];
  const fixedNetworkUsd = [...byType]
    .filter(([t]) => fixed.includes(t.split(":").pop()!))
    .reduce((n, [, usd]) => n + usd, 0);
  return {
    tier,
    fixedNetworkUsd,
    rpoMinutes: Number(c.rpoMinutes),
    rtoMinutes: Number(c.rtoMinutes),
    primaryUsd: Number(c.monthlyUsd.primary),
    recoveryUsd: Number(c.monthlyUsd.recovery),
    share: Number(c.recoveryCostShare),
    targets: TIER_PROFILES[tier].targets,
    recoveryRegion: describeRecovery(rec),
    topRecoveryCosts: top,
    mandatoryViolations: [
      ...pri.violations,
      ...rec.violations,
      ...pair.crossStackViolations,
    ].filter((v) => v.level === "mandatory").length,
    capacity: Number(pri.outputs.capacity),
    shareByCapacity,
  };
}

const shareOf = (pair: PairPlan) =>
  Number(pair.stacks.find((s) => s.role === "primary")!.contract.recoveryCostShare);

/**
 * Compares the four tiers at `capacity` (the stack file's when undefined), and each tier's share at the larger
 * `sizes`. `planOf` lets a caller that already holds the plans (the tests) reuse them.
 */
export async function compareTiers(
  planOf: TierPlanner = planAt,
  capacity?: number,
  sizes: readonly number[] = COMPARED_CAPACITIES,
): Promise<TierComparison[]> {
  const out: TierComparison[] = [];
  for (const tier of DR_TIERS) {
    const base = await planOf(tier, capacity);
    const baseCapacity = Number(base.stacks.find((s) => s.role === "primary")!.outputs.capacity);
    const shareByCapacity: Record<number, number> = { [baseCapacity]: shareOf(base) };
    for (const size of sizes.filter((n) => n !== baseCapacity))
      shareByCapacity[size] = shareOf(await planOf(tier, size));
    out.push(compareOne(tier, base, shareByCapacity));
  }
  return out;
}

const mins = formatMinutes;
const mark = (ok: boolean) => (ok ? "ok" : "MISS");
const pct = formatPercent;

export function renderComparison(rows: TierComparison[]): string {
  const head = [
    "tier",
    "RPO (target)",
    "RTO (target)",
    "primary $/mo",
    "recovery $/mo",
    "share (target)",
    "policies",
  ];
  const table = rows.map((r) => [
    r.tier,
    `${mins(r.rpoMinutes)} (≤ ${mins(r.targets.rpoMinutes)}) ${mark(r.rpoMinutes <= r.targets.rpoMinutes)}`,
    `${mins(r.rtoMinutes)} (≤ ${mins(r.targets.rtoMinutes)}) ${mark(r.rtoMinutes <= r.targets.rtoMinutes)}`,
    formatUsd(r.primaryUsd),
    formatUsd(r.recoveryUsd),
    `${pct(r.share)} (≤ ${pct(r.targets.recoveryCostShare)}) ${mark(r.share <= r.targets.recoveryCostShare)}`,
    r.mandatoryViolations === 0 ? "clean" : `${r.mandatoryViolations} mandatory`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const out = [
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...table.map(line),
    "",
    "Recovery region per tier:",
  ];
  for (const r of rows) out.push(`  ${r.tier.padEnd(15)} ${r.recoveryRegion}`);
  out.push("", ...renderSharesByCapacity(rows));
  const misses = rows.filter((r) => r.share > r.targets.recoveryCostShare);
  if (misses.length) {
    out.push("", "Cost-share misses, and why (largest recovery-region items):");
    for (const r of misses) {
      out.push(
        `  ${r.tier.padEnd(15)} ${r.topRecoveryCosts.join(", ")}; fixed network items $${Math.round(r.fixedNetworkUsd)} ` +
          `(${pct(r.fixedNetworkUsd / r.primaryUsd)} of the primary on their own)`,
      );
    }
    out.push(
      "  Network items and a standby Aurora reader cost the same whatever the standby's capacity, so against the",
    );
    out.push(
      "  default primary size (securecart:capacity 3) they dominate; eu-west-1 list prices also run ~10% above us-east-1.",
    );
  }
  return out.join("\n");
}

/** The share at each planned primary capacity: fixed standby items weigh less as the shop grows. */
function renderSharesByCapacity(rows: TierComparison[]): string[] {
  const sizes = [...new Set(rows.flatMap((r) => Object.keys(r.shareByCapacity).map(Number)))].sort(
    (a, b) => a - b,
  );
  const head = ["tier", ...sizes.map((n) => `capacity ${n}`)];
  const table = rows.map((r) => [
    r.tier,
    ...sizes.map((n) => {
      const share = r.shareByCapacity[n];
      return share === undefined
        ? "-"
        : `${pct(share)} ${mark(share <= r.targets.recoveryCostShare)}`;
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [
    "Recovery cost share by primary capacity (securecart:capacity: tasks and hosts; each size planned on its own):",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...table.map(line),
  ];
}
