/**
 * Plan of both stacks → diagram model. Pure: the same plan gives the same model (resources are sorted by URN
 * first), which is what makes the committed SVGs checkable for staleness.
 */
import type { PairPlan, StackPlan } from "../plan/planStack";
import { GLOBAL_BUILDERS } from "./globals";
import { linkEdges, replicationEdges } from "./links";
import { Located, locateAll, Role, stackByRole, str } from "./located";
import { BUCKET_BUILDER, Context, REGIONAL_BUILDERS, TYPES } from "./nodes";
import type { AzBox, DiagramModel, Legend, RegionBox } from "./types";
import { NodeIndex, slug } from "./nodeIndex";
import { isDrTier, recoveryTakesTraffic, TIER_PROFILES } from "../../components/tiers/tierProfile";

/** The region's part under the tier, asked of the tier profile (DESIGN decision 18), never of the tier's name. */
export function roleLabel(role: RegionBox["role"], tier: string): string {
  if (role === "extra" || !isDrTier(tier)) return role;
  const profile = TIER_PROFILES[tier];
  if (recoveryTakesTraffic(profile)) return "active";
  if (role === "primary") return "primary";
  return profile.recovery.serves ? "standby" : "recovery";
}

function context(all: Located[]): Context {
  return {
    all,
    dependents: (of, type, key) =>
      all.filter(
        (o) =>
          o.stack === of.stack &&
          o.r.type === type &&
          (o.r.propertyDependencies[key] ?? []).includes(of.r.urn),
      ),
  };
}

/** Buckets named as a replication source or destination (see REGIONAL_BUILDERS for why only these). */
function replicatedBuckets(all: Located[]): Located[] {
  const names = new Set<string>();
  for (const c of all.filter((l) => l.r.type === TYPES.bucketReplication)) {
    if (str(c.r.inputs.bucket)) names.add(c.r.inputs.bucket);
    for (const rule of Array.isArray(c.r.inputs.rules) ? c.r.inputs.rules : []) {
      const dest = str(rule?.destination?.bucket);
      if (dest) names.add(dest.replace(/^arn:aws[a-z-]*:s3:::/, ""));
    }
  }
  return all.filter(
    (l) =>
      (l.r.type === TYPES.bucket || l.r.type === TYPES.bucketV2) && names.has(l.r.inputs.bucket),
  );
}

function azBoxes(region: string, all: Located[]): AzBox[] {
  const here = all.filter((l) => l.region === region);
  const azOfSubnet = new Map<string, string>();
  const boxes = new Map<string, { subnets: number; natGateways: number; dbInstances: string[] }>();
  const box = (az: string) => {
    let b = boxes.get(az);
    if (!b) boxes.set(az, (b = { subnets: 0, natGateways: 0, dbInstances: [] }));
    return b;
  };
  for (const s of here.filter((l) => l.r.type === TYPES.subnet)) {
    const az = str(s.r.inputs.availabilityZone);
    if (!az) continue;
    azOfSubnet.set(s.r.urn, az);
    box(az).subnets++;
  }
  for (const n of here.filter((l) => l.r.type === TYPES.nat)) {
    const az = (n.r.propertyDependencies.subnetId ?? [])
      .map((u) => azOfSubnet.get(u))
      .find(Boolean);
    if (az) box(az).natGateways++;
  }
  for (const d of here.filter(
    (l) => l.r.type === TYPES.clusterInstance || l.r.type === TYPES.dbInstance,
  )) {
    const az = str(d.r.inputs.availabilityZone);
    if (az)
      box(az).dbInstances.push(
        `${d.r.type === TYPES.clusterInstance ? "Aurora" : "RDS"} ${str(d.r.inputs.instanceClass) ?? ""}`.trim(),
      );
  }
  return [...boxes.keys()]
    .sort()
    .map((name) => ({ id: `az__${slug(name)}`, name, ...boxes.get(name)! }));
}

function legend(pair: PairPlan, tier: string): Legend {
  const primary = stackByRole(pair, "primary");
  const recovery = stackByRole(pair, "recovery");
  const contracts = [primary?.contract, recovery?.contract].filter(
    (c): c is StackPlan["contract"] => Boolean(c),
  );
  const pick = <T>(f: (c: StackPlan["contract"]) => T | null | undefined): T | null => {
    for (const c of contracts) {
      const v = f(c);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  };
  const numOrNull = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  // Each stack's contract reports both regions' costs; a region's own stack is asked first.
  const cost = (role: Role, own?: StackPlan, other?: StackPlan) =>
    numOrNull(own?.contract.monthlyUsd?.[role]) ?? numOrNull(other?.contract.monthlyUsd?.[role]);
  const costs = [
    ...(primary
      ? [
          {
            region: primary.region,
            role: "primary" as const,
            monthlyUsd: cost("primary", primary, recovery),
          },
        ]
      : []),
    ...(recovery
      ? [
          {
            region: recovery.region,
            role: "recovery" as const,
            monthlyUsd: cost("recovery", recovery, primary),
          },
        ]
      : []),
  ];
  const [p, r] = [costs[0]?.monthlyUsd ?? null, costs[1]?.monthlyUsd ?? null];
  return {
    tier,
    rpoMinutes: pick((c) => numOrNull(c.rpoMinutes)),
    rtoMinutes: pick((c) => numOrNull(c.rtoMinutes)),
    costs,
    recoveryShare: p && r !== null ? r / p : null,
    targetShare: pick((c) =>
      numOrNull((c.targets as { recoveryCostShare?: unknown } | undefined)?.recoveryCostShare),
    ),
  };
}

export function diagramModel(pair: PairPlan): DiagramModel {
  const all = locateAll(pair);
  const ctx = context(all);
  const index = new NodeIndex();
  const primary = stackByRole(pair, "primary");
  const recovery = stackByRole(pair, "recovery");
  const tier = primary?.tier || recovery?.tier || "unknown";

  for (const l of all) {
    const g = GLOBAL_BUILDERS[l.r.type];
    if (g) {
      const draft = g(l);
      if (draft) index.add(l, draft, "global");
      continue;
    }
    const build = REGIONAL_BUILDERS[l.r.type];
    const draft = build?.(l, ctx);
    if (draft) index.add(l, draft, l.region);
  }
  for (const l of replicatedBuckets(all)) index.add(l, BUCKET_BUILDER(l, ctx)!, l.region);

  const edges = [...replicationEdges(all, ctx, index), ...linkEdges(all, index)];
  const nodes = index.all;

  const homes = [primary, recovery].filter((s): s is StackPlan => Boolean(s));
  const regions = [
    ...new Set([
      ...homes.map((s) => s.region),
      ...nodes
        .map((n) => n.region)
        .filter((r) => r !== "global")
        .sort(),
    ]),
  ];
  const boxes: RegionBox[] = regions.map((region) => {
    const home = homes.find((s) => s.region === region);
    const role: RegionBox["role"] = home
      ? home.role === "recovery"
        ? "recovery"
        : "primary"
      : "extra";
    const here = nodes.filter((n) => n.region === region);
    const azs = azBoxes(region, all);
    const serving = here.some((n) => ["alb", "ecs", "asg", "aurora", "rds"].includes(n.kind));
    return {
      id: `region__${slug(region)}`,
      region,
      role,
      label: roleLabel(role, tier),
      stack: home?.stack ?? "",
      nodes: here,
      azs,
      note:
        !serving && azs.length === 0 ? "backups only: no network, compute or database" : undefined,
    };
  });
  return {
    tier,
    regions: boxes,
    global: nodes.filter((n) => n.region === "global"),
    edges,
    legend: legend(pair, tier),
  };
}
