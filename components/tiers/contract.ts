/**
 * The DR contract: what a tier promises, computed from the settings the program actually plans (health-check
 * timing, DNS TTL, standby capacity, backup schedule, replication mode) and the runbook's step list, rather
 * than copied from the tier's targets. The targets are reported beside it, and a miss is reported as a miss.
 */
import { failsOverOnDeepHealth, FailoverStep, TierProfile } from "./tierProfile";

/** What the contract is computed from: values the program passes to the resources it plans. */
export interface ContractFacts {
  /** Front-door failure detection: checks every `intervalSeconds`, unhealthy after `failureThreshold` misses. */
  readonly detection: { readonly intervalSeconds: number; readonly failureThreshold: number };
  /** DNS TTL clients may cache the old answer for (0 for Global Accelerator's anycast addresses). */
  readonly dnsTtlSeconds: number;
  /** Human decision time (`securecart:approvalMinutes`), counted only where the tier needs a decision. */
  readonly approvalMinutes: number;
  /** Recovery storefront capacity before failover: at 0 the scale-up is on the critical path. */
  readonly standbyCapacity: number;
  /** AWS Backup schedule interval, hours. */
  readonly backupIntervalHours: number;
  /** Whether AWS Backup keeps continuous backups (point-in-time restore in the region). */
  readonly continuousBackup: boolean;
  /** Seconds from writing the routing switch until its Route 53 check fails (interval × threshold). */
  readonly switchFlipSeconds: number;
}

/**
 * How long each runbook step takes, minutes, with the basis of each figure. These are planning figures from
 * AWS's documented behaviour, not measurements; the local drill (`npm run drill`) measures its own.
 */
/**
 * How the runbook probes the old region before promoting (the fence read and the old-writer check together):
 * at most `tries` requests of at most `timeoutSeconds` each, so a black-holed region costs tries × timeout.
 */
export const OLD_REGION_PROBES = { tries: 3, timeoutSeconds: 3 } as const;
const OLD_REGION_PROBE_MINUTES = (OLD_REGION_PROBES.tries * OLD_REGION_PROBES.timeoutSeconds) / 60;

export const STEP_MINUTES: Readonly<
  Record<FailoverStep, { readonly minutes: number; readonly basis: string }>
> = {
  "check-target-health": {
    minutes: 0.1,
    basis: "three Describe calls in the target region (ALB, ECS cluster, DB cluster)",
  },
  "restore-backups": {
    minutes: 60,
    basis: "DynamoDB restore of the catalog from the DR vault, ~100 GB (grows with size)",
  },
  "scale-compute": {
    minutes: 4,
    basis: "one scaling step: EC2 launch and ECS agent warm-up (3 min) + task start (1 min)",
  },
  "scale-database": {
    minutes: 1,
    basis:
      "ModifyDBCluster of the Serverless v2 range applies without a reboot, and the instance scales up in seconds from its " +
      "current capacity (Aurora User Guide, aurora-serverless-v2.setting-capacity and aurora-serverless-v2.how-it-works); " +
      "1 min allows the climb to the floor",
  },
  "promote-database": {
    minutes: 1 + OLD_REGION_PROBE_MINUTES,
    basis:
      `Aurora global database managed failover, typically under a minute, after the old region's fence and writer probes ` +
      `(${OLD_REGION_PROBES.tries} × ${OLD_REGION_PROBES.timeoutSeconds} s at most, when it is black-holed)`,
  },
  "switch-routing": {
    minutes: 0,
    basis:
      "one S3 PutObject; in an outage the PRIMARY's calculated check has already failed with its deep check (counted in detection " +
      "and DNS TTL), and the switch, read every 10 s and failing at the first miss, holds it out and fences the old region",
  },
  "drain-traffic": {
    minutes: 0.25,
    basis:
      "a Global Accelerator traffic dial takes effect within seconds (the dial follower makes the same call within 85 s of a dead database)",
  },
  "set-region-role": {
    minutes: 0.1,
    basis: "REGION_ROLE=auto re-reads the global writer's region every 5 s",
  },
  "verify-health": { minutes: 0.25, basis: "deep health check of the new primary" },
};

/** Rebuilding the recovery region around restored data (`pulumi up`) when the tier keeps none of it running. */
export const PROVISION_MINUTES = 45;
/** AWS Backup copies a finished recovery point across regions; for our sizes the copy lands within this. */
export const COPY_DELAY_MINUTES = 30;
/** Aurora global database and DynamoDB global tables replicate with lag typically under a second. */
export const REPLICATION_LAG_SECONDS = 1;
/** Continuous backup restores to any point up to about 5 minutes ago (in-region, e.g. after bad writes). */
export const POINT_IN_TIME_RPO_MINUTES = 5;

export interface ContractPart {
  readonly name: string;
  readonly minutes: number;
  readonly basis: string;
}

export interface DrContract {
  readonly tier: string;
  readonly rpoMinutes: number;
  readonly rtoMinutes: number;
  readonly rpoParts: readonly ContractPart[];
  readonly rtoParts: readonly ContractPart[];
  /** In-region point-in-time RPO (logical corruption), where continuous backup is on. */
  readonly pointInTimeRpoMinutes: number | null;
  readonly targets: TierProfile["targets"];
  readonly meetsTargets: { readonly rpo: boolean; readonly rto: boolean };
  /**
   * Monthly cost per region in USD, filled in by the offline plan's cost model (null in the stack output). Global
   * services (Global Accelerator, an ARC cluster) count in the primary's, the region of the stack that owns them.
   */
  readonly monthlyUsd: { readonly primary: number | null; readonly recovery: number | null };
  /**
   * How the recovery region gets its container hosts. Never Elastic Disaster Recovery: the hosts are stateless
   * Auto Scaling group members (README, "Why no Elastic Disaster Recovery").
   */
  readonly hostRecovery: string;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function computeContract(profile: TierProfile, facts: ContractFacts): DrContract {
  const rpoParts: ContractPart[] =
    profile.databaseReplication === "backup-copy"
      ? [
          {
            name: "backup interval",
            minutes: facts.backupIntervalHours * 60,
            basis: "AWS Backup schedule of the copied plan",
          },
          {
            name: "cross-region copy",
            minutes: COPY_DELAY_MINUTES,
            basis: "copy job after each backup completes",
          },
        ]
      : [
          {
            name: "replication lag",
            minutes: REPLICATION_LAG_SECONDS / 60,
            basis: "Aurora global database and DynamoDB global table lag bound",
          },
        ];

  const detectionMinutes =
    (facts.detection.intervalSeconds * facts.detection.failureThreshold + facts.dnsTtlSeconds) / 60;
  const rtoParts: ContractPart[] = [
    {
      name: "detection",
      minutes: detectionMinutes,
      basis: `${facts.detection.intervalSeconds} s × ${facts.detection.failureThreshold} failed checks + ${facts.dnsTtlSeconds} s DNS TTL`,
    },
  ];
  if (profile.decisionRequired) {
    rtoParts.push({
      name: "decision",
      minutes: facts.approvalMinutes,
      basis: "securecart:approvalMinutes",
    });
  }
  for (const step of profile.failoverSteps) {
    // Verification confirms a recovery that has happened; scaling is off the critical path when standby capacity
    // already serves (warm standby takes traffic at reduced size while it grows).
    if (step === "verify-health") continue;
    if (step === "scale-compute" && facts.standbyCapacity > 0) continue;
    // Likewise the database floor: a serving standby's Serverless v2 writer takes the load at once and scales up by
    // itself while the floor rises (the raise only makes the climb faster). A cold standby counts it.
    if (step === "scale-database" && facts.standbyCapacity > 0) continue;
    if (step === "switch-routing" && !failsOverOnDeepHealth(profile)) {
      // The switch alone gates the PRIMARY: nothing moves until it is written, then its check fails at the next read.
      rtoParts.push({
        name: step,
        minutes: facts.switchFlipSeconds / 60,
        basis: `one S3 PutObject; the switch's check reads it every ${facts.switchFlipSeconds} s and fails at the first miss (the DNS TTL is counted in detection)`,
      });
      continue;
    }
    rtoParts.push({ name: step, ...STEP_MINUTES[step] });
  }
  if (!profile.recovery.serves) {
    rtoParts.push({
      name: "provision",
      minutes: PROVISION_MINUTES,
      basis:
        "the rebuild's pulumi up (securecart:rebuildFromSnapshot): Aurora restored from the DR vault's snapshot alongside network, cache and compute",
    });
  }

  const rpoMinutes = round(rpoParts.reduce((n, p) => n + p.minutes, 0));
  const rtoMinutes = round(rtoParts.reduce((n, p) => n + p.minutes, 0));
  return {
    tier: profile.tier,
    rpoMinutes,
    rtoMinutes,
    rpoParts: rpoParts.map((p) => ({ ...p, minutes: round(p.minutes) })),
    rtoParts: rtoParts.map((p) => ({ ...p, minutes: round(p.minutes) })),
    pointInTimeRpoMinutes: facts.continuousBackup ? POINT_IN_TIME_RPO_MINUTES : null,
    targets: { ...profile.targets },
    meetsTargets: {
      rpo: rpoMinutes <= profile.targets.rpoMinutes,
      rto: rtoMinutes <= profile.targets.rtoMinutes,
    },
    monthlyUsd: { primary: null, recovery: null },
    hostRecovery: profile.recovery.serves
      ? "the recovery region's own Auto Scaling group and ECS service (stateless hosts; no Elastic Disaster Recovery)"
      : "built by pulumi up in the recovery region after the restore (stateless hosts; no Elastic Disaster Recovery)",
  };
}
