/**
 * The one table of DR tier differences. Every building block reads its tier-dependent settings from here;
 * nothing else in the program branches on the tier name.
 */

export const DR_TIERS = ["backup-restore", "pilot-light", "warm-standby", "active-active"] as const;
export type DrTier = (typeof DR_TIERS)[number];

export function isDrTier(value: unknown): value is DrTier {
  return typeof value === "string" && (DR_TIERS as readonly string[]).includes(value);
}

/**
 * How the shop's public name reaches a region. `failover-records`: a Route 53 PRIMARY/SECONDARY pair, the
 * PRIMARY gated by the operator switch (DESIGN.md decision 15). Where the recovery region does not serve
 * (backup-restore), its SECONDARY aliases a standby Global Accelerator the rebuild adds the new ALB to, so a
 * rebuild during a us-east-1 outage needs no Route 53 API call.
 */
export type FrontDoor = "failover-records" | "global-accelerator";

/** How orders and payments reach the recovery region. */
export type DatabaseReplication = "backup-copy" | "aurora-global";

export interface BackupProfile {
  /** AWS Backup schedule (its minimum interval is one hour). */
  readonly schedule: string;
  /** The schedule's interval, used by the DR contract's RPO. */
  readonly intervalHours: number;
  /** Days a recovery point is kept in the primary vault. */
  readonly retentionDays: number;
  /** Days before supported types (DynamoDB) move to cold storage; deleteAfter must be ≥ this + 90. */
  readonly coldStorageAfterDays: number;
  /** Days a cold-storage-capable recovery point is kept (≥ coldStorageAfterDays + 90). */
  readonly coldRetentionDays: number;
  /** Days the cross-region copy is kept in the DR vault. */
  readonly copyRetentionDays: number;
  /** Continuous backup (point-in-time restore) for the types that support it. */
  readonly continuous: boolean;
}

export interface RecoveryRegionProfile {
  /** Whether the recovery region runs network, compute and data, or only holds backups. */
  readonly serves: boolean;
  /** Storefront capacity (tasks and instances) as a share of the primary's; 0 keeps it defined but idle. */
  readonly capacityShare: number;
  /** Floor under the shared capacity (warm standby keeps at least one task and instance). */
  readonly minCapacity: number;
  /** Aurora instances of the recovery cluster: a standby reader awaiting promotion needs only one. */
  readonly databaseInstances: number;
  /** Cache nodes per shard: the standby cache may be smaller than the primary's. */
  readonly cacheReplicas: number;
  /**
   * Cache node type: `primary` (same as the primary's) or an explicit smaller type. The cache is not critical
   * (DESIGN.md decision 5: a miss falls through to the catalog), so a standby keeps the two-node, Multi-AZ group
   * with automatic failover every serving region has, on the smallest node that suits its load: a smaller node costs
   * hit rate, never correctness, and needs no failover step. T4g nodes (micro to medium) support Multi-AZ with
   * automatic failover and in-transit encryption
   * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html,
   * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html).
   */
  readonly cacheNodeType: "primary" | string;
  /** How the recovery cluster's instances are sized (see DatabaseCapacity). */
  readonly databaseCapacity: DatabaseCapacity;
  /** The recovery VPC's paid per-AZ network items (see StandbyNetwork). */
  readonly network: StandbyNetwork;
}

/**
 * How many of the recovery VPC's AZs carry the network items billed per AZ-hour whatever the traffic: NAT gateways
 * and interface-endpoint ENIs. `per-az` is one in every AZ, as the primary always has; a number N puts them in the
 * first N AZs only. Subnets, route tables and the (free) S3 and DynamoDB gateway endpoints stay in every AZ, so the
 * VPC spans the same 3 AZs (DESIGN.md) and hosts, tasks and load balancers still place across all of them.
 * - `natGateways` (at least 1): a NAT gateway lives in one AZ; the app subnets of an AZ without one route to the
 *   first AZ's. The VPC guide's trade-off: if that gateway's AZ is down, resources in the other AZs lose internet
 *   access, and traffic to a gateway in another AZ is billed as cross-AZ data transfer
 *   (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html). One gateway scales to 100 Gbps, so it
 *   does not cap a scaled-up region, and a failover needs no step to add gateways (made at failover by the runbook,
 *   they would be resources behind Pulumi's back, DESIGN.md decision 9).
 * - `endpointAzs`: an interface endpoint has one ENI per subnet it lists and is billed per endpoint per AZ-hour
 *   (https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html, https://aws.amazon.com/privatelink/pricing/).
 *   With private DNS its service names answer with those ENIs only, so an endpoint in one AZ is as much a single-AZ
 *   dependency as one NAT gateway: 0 (none) sends what a task needs to start (image pull, secret, logs,
 *   DEFAULT_INTERFACE_ENDPOINTS) through the NAT gateways instead, at the NAT's per-GB price.
 * The price is the recovery region's AZ tolerance while it is a standby and after a failover onto it, until the tier
 * is raised (a tier switch: `pulumi up`, in place, which needs the primary region's API for the links it owns).
 */
export interface StandbyNetwork {
  readonly natGateways: "per-az" | number;
  readonly endpointAzs: "per-az" | number;
}

const PER_AZ: StandbyNetwork = { natGateways: "per-az", endpointAzs: "per-az" };

/**
 * How the recovery cluster's standby instances are sized. `provisioned`: the primary's instance class, for a
 * region that serves its share of the load all the time (active-active). `serverless-v2`: Aurora Serverless v2
 * (`db.serverless`), billed by the ACUs in use, for a standby that only replicates until it is promoted.
 * - Serverless v2 instances may be members of a global database's secondary cluster, and a global database
 *   switchover or failover may promote a secondary whose instances are Serverless v2 (Aurora User Guide,
 *   "Using Aurora Serverless v2", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.html,
 *   and "Requirements and limitations", .../aurora-serverless-v2.requirements.html).
 * - The range is 0 to 256 ACUs in 0.5-ACU steps; 0 means auto-pause. A global secondary never idles (it applies
 *   the primary's redo stream continuously), and the setting-capacity guide says to set a secondary's minimum
 *   high enough to keep up with the primary's writes: so never 0, and at least 0.5 (one ACU ≈ 2 GiB)
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html,
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html).
 * - Scaling is fastest from a higher current capacity ("How Aurora Serverless v2 works", scaling), so a writer
 *   promoted at its idle minimum climbs slowly under the full load. The runbook's `scale-database` step therefore
 *   raises the minimum to `failoverMinAcu` before traffic arrives (ModifyDBCluster applies a new capacity range
 *   at once, without a reboot); `maxAcu` leaves headroom above the primary's db.r6g.large (16 GiB ≈ 8 ACUs).
 */
export type DatabaseCapacity =
  | { readonly kind: "provisioned" }
  | {
      readonly kind: "serverless-v2";
      readonly minAcu: number;
      readonly maxAcu: number;
      readonly failoverMinAcu: number;
    };

/** Aurora Serverless v2's documented capacity limits (Requirements and limitations, capacity range). */
export const SERVERLESS_V2_LIMITS = { minAcu: 0, maxAcu: 256, stepAcu: 0.5 } as const;

const PROVISIONED: DatabaseCapacity = { kind: "provisioned" };

/**
 * The failover runbook's steps. One list per tier serves the `npm run failover` runbook, the ARC Region Switch
 * plan and the local drill, so the three can never disagree. Traffic moves (switch-routing, drain-traffic)
 * before the database is promoted: the switch and the dial are also the fence that stops the old region taking
 * writes (DESIGN.md decision 15), so nothing is written there that the promotion would lose.
 */
export const FAILOVER_STEPS = [
  "check-target-health",
  "restore-backups",
  "scale-compute",
  "scale-database",
  "switch-routing",
  "drain-traffic",
  "promote-database",
  "set-region-role",
  "verify-health",
] as const;
export type FailoverStep = (typeof FAILOVER_STEPS)[number];

export interface TierTargets {
  /** Recovery point objective, minutes. */
  readonly rpoMinutes: number;
  /** Recovery time objective, minutes. */
  readonly rtoMinutes: number;
  /** Recovery-region monthly cost as a share of the primary's (0.2 = 20%). */
  readonly recoveryCostShare: number;
}

export interface TierProfile {
  readonly tier: DrTier;
  /** The tier's ComponentResource class name. */
  readonly component: "BackupRestore" | "PilotLight" | "WarmStandby" | "ActiveActive";
  readonly summary: string;
  readonly frontDoor: FrontDoor;
  readonly databaseReplication: DatabaseReplication;
  /** DynamoDB replica of the catalog in the recovery region. */
  readonly catalogReplica: boolean;
  readonly recovery: RecoveryRegionProfile;
  readonly backup: BackupProfile;
  readonly targets: TierTargets;
  /** REGION_ROLE of the storefront tasks: `auto` follows the database; active-active serves writes in both. */
  readonly regionRoleEnv: "auto" | "primary";
  /** An ARC Region Switch plan exists (there is nothing to switch in backup-restore). */
  readonly regionSwitchPlan: boolean;
  /** What a failover to the recovery region does, in order. */
  readonly failoverSteps: readonly FailoverStep[];
  /**
   * What a failback does, in order, where it differs from failoverSteps: active-active promotes the old
   * region's database before dialling its traffic back up. Defaults to failoverSteps.
   */
  readonly failbackSteps?: readonly FailoverStep[];
  /**
   * Whether a human decides to fail over (the contract's decision time). Active-active needs no decision: both
   * regions already serve, Global Accelerator routes around a failed one by health, and the database failover
   * is pre-approved in the Region Switch plan.
   */
  readonly decisionRequired: boolean;
  /**
   * The share of the RTO left for noticing a failure: the longest a health check (interval × failure threshold,
   * plus the DNS TTL clients cache the old answer for) may take to move traffic off a failed region. The policy pack holds
   * Route 53 health checks, failover records and target groups to it (DESIGN.md decision 18).
   */
  readonly detectionBudgetSeconds: number;
}

/**
 * Scale up (compute, and the serverless standby's floor, in that order so both run before traffic arrives), fence
 * the old region and move traffic (one switch does both), then promote.
 */
const SCALE_SWITCH_PROMOTE: readonly FailoverStep[] = [
  "check-target-health",
  "scale-compute",
  "scale-database",
  "switch-routing",
  "promote-database",
  "set-region-role",
  "verify-health",
];

const DAILY = "cron(0 5 ? * * *)";
const HOURLY = "cron(0 * ? * * *)";

const replicatedBackups: BackupProfile = {
  schedule: DAILY,
  intervalHours: 24,
  retentionDays: 35,
  coldStorageAfterDays: 30,
  coldRetentionDays: 365,
  copyRetentionDays: 35,
  continuous: true,
};

export const TIER_PROFILES: Readonly<Record<DrTier, TierProfile>> = {
  "backup-restore": {
    tier: "backup-restore",
    component: "BackupRestore",
    summary:
      "Hourly backups copied to a DR vault; the recovery region is rebuilt from them on failover.",
    frontDoor: "failover-records",
    databaseReplication: "backup-copy",
    catalogReplica: false,
    recovery: {
      serves: false,
      capacityShare: 0,
      minCapacity: 0,
      databaseInstances: 0,
      cacheReplicas: 0,
      cacheNodeType: "primary",
      databaseCapacity: PROVISIONED,
      network: PER_AZ,
    },
    backup: {
      schedule: HOURLY,
      intervalHours: 1,
      retentionDays: 35,
      coldStorageAfterDays: 30,
      coldRetentionDays: 365,
      copyRetentionDays: 35,
      continuous: true,
    },
    targets: { rpoMinutes: 120, rtoMinutes: 240, recoveryCostShare: 0.05 },
    regionRoleEnv: "auto",
    regionSwitchPlan: false,
    // Restore, then the operator's `pulumi up` of the recovery stack with securecart:rebuild (printed by
    // restore-backups); the checks then find the rebuilt region, and the switch moves traffic to it.
    failoverSteps: ["restore-backups", "check-target-health", "switch-routing", "verify-health"],
    decisionRequired: true,
    detectionBudgetSeconds: 600,
  },
  "pilot-light": {
    tier: "pilot-light",
    component: "PilotLight",
    summary:
      "Data replicated live; recovery network up, compute defined at zero and scaled on failover.",
    frontDoor: "failover-records",
    databaseReplication: "aurora-global",
    catalogReplica: true,
    recovery: {
      serves: true,
      capacityShare: 0,
      minCapacity: 0,
      databaseInstances: 1,
      cacheReplicas: 1,
      // Idle until a failover, then the shop's hot recommendations in 0.5 GiB: evictions lower the hit rate only.
      cacheNodeType: "cache.t4g.micro",
      // Only replication runs here: the smallest non-pausing floor. Promotion raises it (scale-database).
      databaseCapacity: { kind: "serverless-v2", minAcu: 0.5, maxAcu: 16, failoverMinAcu: 8 },
      // Nothing runs here until a failover. One NAT gateway carries the whole egress, the start path too: an AZ
      // loss in eu-west-1 during a us-east-1 outage is the risk this tier takes for its price (StandbyNetwork).
      // Endpoints in two AZs would keep the start path through an AZ loss, and put the share over its target.
      network: { natGateways: 1, endpointAzs: 0 },
    },
    backup: replicatedBackups,
    targets: { rpoMinutes: 1, rtoMinutes: 15, recoveryCostShare: 0.2 },
    regionRoleEnv: "auto",
    regionSwitchPlan: true,
    failoverSteps: SCALE_SWITCH_PROMOTE,
    decisionRequired: true,
    detectionBudgetSeconds: 180,
  },
  "warm-standby": {
    tier: "warm-standby",
    component: "WarmStandby",
    summary: "A scaled-down full stack runs in the recovery region and is scaled up on failover.",
    frontDoor: "failover-records",
    databaseReplication: "aurora-global",
    catalogReplica: true,
    recovery: {
      serves: true,
      capacityShare: 0.34,
      minCapacity: 1,
      databaseInstances: 1,
      cacheReplicas: 1,
      cacheNodeType: "cache.t4g.medium",
      // Its standby tasks read through the regional reader endpoint (decision 16), so a floor of 1 ACU serves
      // those reads as well as replication; the floor is raised before the full load arrives.
      databaseCapacity: { kind: "serverless-v2", minAcu: 1, maxAcu: 16, failoverMinAcu: 8 },
      network: PER_AZ,
    },
    backup: replicatedBackups,
    targets: { rpoMinutes: 1, rtoMinutes: 5, recoveryCostShare: 0.45 },
    regionRoleEnv: "auto",
    regionSwitchPlan: true,
    failoverSteps: SCALE_SWITCH_PROMOTE,
    decisionRequired: true,
    detectionBudgetSeconds: 120,
  },
  "active-active": {
    tier: "active-active",
    component: "ActiveActive",
    summary: "Both regions serve reads and writes at equal capacity behind Global Accelerator.",
    frontDoor: "global-accelerator",
    databaseReplication: "aurora-global",
    catalogReplica: true,
    recovery: {
      serves: true,
      capacityShare: 1,
      minCapacity: 1,
      databaseInstances: 2,
      cacheReplicas: 2,
      cacheNodeType: "primary",
      // Both regions serve their share all the time: the primary's class, at equal capacity.
      databaseCapacity: PROVISIONED,
      network: PER_AZ,
    },
    backup: replicatedBackups,
    targets: { rpoMinutes: 0.5, rtoMinutes: 2, recoveryCostShare: 1.1 },
    regionRoleEnv: "primary",
    regionSwitchPlan: true,
    failoverSteps: ["check-target-health", "drain-traffic", "promote-database", "verify-health"],
    failbackSteps: ["check-target-health", "promote-database", "drain-traffic", "verify-health"],
    decisionRequired: false,
    detectionBudgetSeconds: 60,
  },
};

/**
 * Whether Route 53 moves traffic to the recovery region by itself when the primary's deep check fails: only
 * where that region already runs the platform. Where it is rebuilt from backups, the PRIMARY is gated by the
 * operator's switch alone, and the deep check only alerts: an automatic failover would send shoppers to an
 * accelerator with no region behind it.
 */
export function failsOverOnDeepHealth(profile: TierProfile): boolean {
  return profile.recovery.serves;
}

/**
 * Whether both regions take writes (REGION_ROLE=primary in both): then one region's tasks write to the other's
 * Aurora writer through the global writer endpoint, across the Transit Gateway peering.
 */
export function bothRegionsWrite(profile: TierProfile): boolean {
  return profile.regionRoleEnv === "primary";
}

/**
 * Whether the recovery region takes shoppers' traffic in normal operation (both regions behind the accelerator),
 * not only after a failover: then it needs the primary's redundancy, not a standby's.
 */
export function recoveryTakesTraffic(profile: TierProfile): boolean {
  return profile.frontDoor === "global-accelerator";
}

export function tierProfile(tier: DrTier): TierProfile {
  return TIER_PROFILES[tier];
}

/** A failover moves the primary role to the recovery region; a failback moves it back. */
export type Direction = "failover" | "failback";

/**
 * The steps of a direction, in order: failback walks the tier's failback list, else its failover list. The runbook,
 * the drill and the ARC Region Switch plan all take their steps from here.
 */
export function stepsOf(profile: TierProfile, direction: Direction): readonly FailoverStep[] {
  return direction === "failback"
    ? (profile.failbackSteps ?? profile.failoverSteps)
    : profile.failoverSteps;
}

/**
 * Storefront capacity (ECS tasks, and EC2 instances) of a region. The primary always runs at full size; the
 * recovery region runs its tier's share of it, never below the tier's floor.
 */
export function regionCapacity(
  profile: TierProfile,
  role: "primary" | "recovery",
  fullCapacity: number,
): number {
  if (role === "primary") return fullCapacity;
  if (!profile.recovery.serves) return 0;
  return Math.max(
    profile.recovery.minCapacity,
    Math.round(fullCapacity * profile.recovery.capacityShare),
  );
}

/**
 * How many of a region's AZs carry NAT gateways and interface-endpoint ENIs: every AZ in the primary (and in a region
 * rebuilt to take all the traffic), the tier's StandbyNetwork in the recovery region, never more than the AZs there are.
 */
export function perAzNetwork(
  profile: TierProfile,
  role: "primary" | "recovery",
  azCount: number,
): { readonly natGateways: number; readonly endpointAzs: number } {
  const n = (v: "per-az" | number) =>
    role === "primary" || v === "per-az" ? azCount : Math.min(v, azCount);
  return {
    natGateways: n(profile.recovery.network.natGateways),
    endpointAzs: n(profile.recovery.network.endpointAzs),
  };
}
