// Cross-stack pairs: each half in the primary stack and its partner in the recovery stack (DESIGN decision 1 and
// contract 2). The recovery stack creates every link between the regions, so a missing partner is a DR gap.
import { PolicyConfigSchema, PolicyResource } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { CrossStackPolicy } from "../crossStack";
import {
  arnRegion,
  asArray,
  BUCKET_TYPES,
  contextProperties,
  namesOf,
  regionOf,
  T,
  whenKnown,
} from "./common";
import { links, ofType, selectionCovers, statefulResources } from "./relations";
import { labelOf, stackCapacity } from "./stack";
import { failoverType, hasHealthCheck } from "./traffic";

export const pairContextProperties: Record<
  "primaryRegion" | "recoveryRegion",
  PolicyConfigJSONSchema
> = {
  primaryRegion: {
    type: "string",
    default: "us-east-1",
    description: "AWS region of the primary stack.",
  },
  recoveryRegion: {
    type: "string",
    default: "eu-west-1",
    description: "AWS region of the recovery stack.",
  },
};

export const pairSchema: PolicyConfigSchema = {
  properties: {
    tier: contextProperties.tier,
    recoveryTakesTraffic: contextProperties.recoveryTakesTraffic,
    failsOverOnDeepHealth: contextProperties.failsOverOnDeepHealth,
    dataReplicatedLive: contextProperties.dataReplicatedLive,
    catalogReplicated: contextProperties.catalogReplicated,
    ...pairContextProperties,
  },
};

export interface PairConfig {
  tier: string;
  recoveryTakesTraffic: boolean;
  failsOverOnDeepHealth: boolean;
  dataReplicatedLive: boolean;
  catalogReplicated: boolean;
  primaryRegion: string;
  recoveryRegion: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function records(rs: PolicyResource[], type: string): PolicyResource[] {
  return ofType(rs, T.record).filter(
    (x) => whenKnown(() => failoverType(x.props) === type) ?? false,
  );
}

function sameRecord(a: PolicyResource, b: PolicyResource): boolean {
  const key = (x: PolicyResource) =>
    whenKnown(() => `${str(x.props.name) ?? x.name}|${str(x.props.zoneId) ?? ""}`);
  const [ka, kb] = [key(a), key(b)];
  if (ka === undefined || kb === undefined) return true;
  const [na, za] = ka.split("|");
  const [nb, zb] = kb.split("|");
  return na.replace(/\.$/, "") === nb.replace(/\.$/, "") && (za === "" || zb === "" || za === zb);
}

export const crossStackRoute53Failover: CrossStackPolicy = {
  name: "cross-stack-route53-failover",
  description:
    "Each PRIMARY failover record has a SECONDARY with the same name and zone in the recovery stack, both health-checked.",
  enforcementLevel: "mandatory",
  configSchema: pairSchema,
  validateCrossStack: ({ primary, recovery, getConfig }, report) => {
    const { tier, recoveryTakesTraffic, failsOverOnDeepHealth } = getConfig<PairConfig>();
    const primaries = records(primary, "PRIMARY");
    const secondaries = records(recovery, "SECONDARY");
    for (const a of primaries) {
      const name = str(whenKnown(() => a.props.name)) ?? a.name;
      const partner = secondaries.find((b) => sameRecord(a, b));
      if (!partner) {
        report(
          `Route 53 PRIMARY record ${name} must have a SECONDARY record with the same name and zone in the recovery stack.`,
          a.urn,
        );
        continue;
      }
      for (const [half, rec] of [
        ["PRIMARY", a],
        ["SECONDARY", partner],
      ] as const) {
        if (whenKnown(() => hasHealthCheck(rec.props)) === false) {
          report(`Route 53 ${half} record ${name} must have a health check.`, rec.urn);
        }
      }
    }
    for (const b of secondaries) {
      if (!primaries.some((a) => sameRecord(a, b))) {
        const name = str(whenKnown(() => b.props.name)) ?? b.name;
        report(
          `Route 53 SECONDARY record ${name} must have a PRIMARY record with the same name and zone in the primary stack.`,
          b.urn,
        );
      }
    }
    const pairExpected = failsOverOnDeepHealth && !recoveryTakesTraffic;
    if (pairExpected && primaries.length === 0 && secondaries.length === 0) {
      report(
        `Route 53 failover records must form a PRIMARY/SECONDARY pair across the stacks in ${tier}.`,
      );
    }
  },
};

function tableName(t: PolicyResource): string {
  return str(whenKnown(() => t.props.name)) ?? t.name;
}

function replicaTargets(arn: string | undefined, t: PolicyResource): boolean {
  if (!arn) return false;
  const name = tableName(t);
  const arnOfTable = str(whenKnown(() => t.props.arn));
  return (
    arn === arnOfTable ||
    arn.endsWith(`:table/${name}`) ||
    arn === name ||
    (!arn.startsWith("arn:") && arn.includes(name))
  );
}

export const crossStackDynamodbReplica: CrossStackPolicy = {
  name: "cross-stack-dynamodb-replica",
  description:
    "From pilot light up, each primary DynamoDB table has a TableReplica of it in the recovery region.",
  enforcementLevel: "mandatory",
  configSchema: pairSchema,
  validateCrossStack: ({ primary, recovery, getConfig }, report) => {
    const cfg = getConfig<PairConfig>();
    if (!cfg.catalogReplicated) return;
    const tables = ofType(primary, T.dynamoTable);
    const replicas = ofType(recovery, T.dynamoReplica);
    const arnOf = (x: PolicyResource) => str(whenKnown(() => x.props.globalTableArn));
    for (const t of tables) {
      const mine = replicas.filter((x) => replicaTargets(arnOf(x), t));
      if (mine.length === 0) {
        report(
          `DynamoDB table ${tableName(t)} must have a TableReplica in ${cfg.recoveryRegion} in the recovery stack.`,
          t.urn,
        );
        continue;
      }
      for (const x of mine) {
        const source = arnRegion(arnOf(x));
        if (source !== undefined && source !== cfg.primaryRegion) {
          report(
            `DynamoDB table replica globalTableArn must be the table in ${cfg.primaryRegion}.`,
            x.urn,
          );
        }
        const where = whenKnown(() => regionOf(x.props, x.provider, cfg.recoveryRegion));
        if (where !== undefined && where !== cfg.recoveryRegion) {
          report(`DynamoDB table replica region must be ${cfg.recoveryRegion}.`, x.urn);
        }
      }
    }
    for (const x of replicas) {
      if (!tables.some((t) => replicaTargets(arnOf(x), t))) {
        report(
          "DynamoDB table replica globalTableArn must be a table of the primary stack.",
          x.urn,
        );
      }
    }
  },
};

export const crossStackAuroraSecondary: CrossStackPolicy = {
  name: "cross-stack-aurora-secondary",
  description:
    "From pilot light up, the primary's Aurora global cluster has a secondary cluster in the recovery stack.",
  enforcementLevel: "mandatory",
  configSchema: pairSchema,
  validateCrossStack: ({ primary, recovery, getConfig }, report) => {
    if (!getConfig<PairConfig>().dataReplicatedLive) return;
    const gid = (x: PolicyResource) => str(whenKnown(() => x.props.globalClusterIdentifier));
    const globals = ofType(primary, T.rdsGlobalCluster);
    const secondaries = ofType(recovery, T.rdsCluster).filter((c) => gid(c) !== undefined);
    for (const g of globals) {
      const id = gid(g) ?? g.name;
      if (!secondaries.some((c) => gid(c) === id)) {
        report(
          `Aurora global cluster ${id} must have a secondary cluster in the recovery stack.`,
          g.urn,
        );
      }
    }
    for (const c of secondaries) {
      if (!globals.some((g) => (gid(g) ?? g.name) === gid(c))) {
        report(
          `RDS cluster globalClusterIdentifier must name the primary stack's global cluster (got ${gid(c)}).`,
          c.urn,
        );
      }
    }
  },
};

/** Whether a plan's copy actions go into a vault, by propertyDependencies or by the vault's name. */
export function copiesInto(plan: PolicyResource, vault: PolicyResource): boolean {
  const dests =
    whenKnown(() =>
      asArray(plan.props.rules).flatMap((rule) =>
        asArray(rule?.copyActions).map((c) => str(c?.destinationVaultArn)),
      ),
    ) ?? [];
  if (dests.length === 0) {
    return false;
  }
  if (plan.propertyDependencies?.rules?.some((d) => d.urn === vault.urn)) {
    return true;
  }
  const names = namesOf(vault);
  return dests.some(
    (d) => d !== undefined && names.some((n) => d === n || d.endsWith(`:backup-vault:${n}`)),
  );
}

/** The recovery stack's plans, deployed in the primary region, that copy into one of its vaults. */
export function copyPlans(recovery: PolicyResource[], cfg: PairConfig): PolicyResource[] {
  const vaults = ofType(recovery, T.backupVault);
  return ofType(recovery, T.backupPlan).filter(
    (plan) =>
      whenKnown(() => regionOf(plan.props, plan.provider, cfg.recoveryRegion)) ===
        cfg.primaryRegion && vaults.some((vault) => copiesInto(plan, vault)),
  );
}

export const crossStackBackupCopy: CrossStackPolicy = {
  name: "cross-stack-backup-copy",
  description:
    "Every stateful resource of the primary is covered by a recovery-owned copy rule into the DR vault.",
  enforcementLevel: "mandatory",
  configSchema: pairSchema,
  validateCrossStack: ({ primary, recovery, getConfig }, report) => {
    const cfg = getConfig<PairConfig>();
    const plans = copyPlans(recovery, cfg);
    if (plans.length === 0) {
      report(
        `The recovery stack must own a backup plan in ${cfg.primaryRegion} whose copyActions copy into its DR vault.`,
      );
      return;
    }
    const selections = ofType(recovery, T.backupSelection).filter((s) =>
      plans.some((plan) => links(s, "planId", plan)),
    );
    for (const res of statefulResources(primary, "primary")) {
      if (!selections.some((s) => selectionCovers(s, res) !== false)) {
        report(
          `${labelOf(res.type)} ${res.name} must be covered by a backup copy rule into the DR vault.`,
          res.urn,
        );
      }
    }
  },
};

export const crossStackS3Replication: CrossStackPolicy = {
  name: "cross-stack-s3-replication",
  description:
    "Each primary data bucket has a recovery-owned replication configuration targeting a recovery bucket.",
  enforcementLevel: "mandatory",
  validateCrossStack: ({ primary, recovery }, report) => {
    const configs = ofType(recovery, T.bucketReplication);
    const drBuckets = ofType(recovery, BUCKET_TYPES);
    const targetsDr = (cfg: PolicyResource) =>
      drBuckets.some(
        (b) =>
          cfg.propertyDependencies?.rules?.some((d) => d.urn === b.urn) ||
          (whenKnown(() =>
            asArray(cfg.props.rules).some((rule) => {
              const dest = str(rule?.destination?.bucket);
              return (
                dest !== undefined &&
                namesOf(b, "bucket").some((n) => dest === `arn:aws:s3:::${n}` || dest === n)
              );
            }),
          ) ??
            true),
      );
    for (const b of statefulResources(primary, "primary").filter((x) =>
      BUCKET_TYPES.includes(x.type),
    )) {
      const names = namesOf(b, "bucket");
      const mine = configs.filter((c) => {
        const src = str(whenKnown(() => c.props.bucket));
        return src !== undefined && names.some((n) => src === n || src === `arn:aws:s3:::${n}`);
      });
      if (mine.length === 0) {
        report(
          `S3 bucket ${b.name} must have a BucketReplicationConfig in the recovery stack.`,
          b.urn,
        );
      } else if (!mine.some(targetsDr)) {
        report(
          `S3 replication of bucket ${b.name} must target a bucket of the recovery stack.`,
          mine[0].urn,
        );
      }
    }
  },
};

const trafficSchema: PolicyConfigSchema = {
  properties: {
    recoveryTakesTraffic: contextProperties.recoveryTakesTraffic,
    ...pairContextProperties,
  },
};

export const crossStackGlobalAccelerator: CrossStackPolicy = {
  name: "cross-stack-global-accelerator",
  description:
    "Where both regions take traffic, the accelerator has an endpoint group in each region.",
  enforcementLevel: "mandatory",
  configSchema: trafficSchema,
  validateCrossStack: ({ primary, recovery, getConfig }, report) => {
    const cfg = getConfig<PairConfig & { recoveryTakesTraffic: boolean }>();
    if (!cfg.recoveryTakesTraffic) return;
    const groups = [...ofType(primary, T.endpointGroup), ...ofType(recovery, T.endpointGroup)];
    for (const region of [cfg.primaryRegion, cfg.recoveryRegion]) {
      if (
        !groups.some((g) => (whenKnown(() => g.props.endpointGroupRegion) ?? region) === region)
      ) {
        report(`Global Accelerator must have an endpoint group in ${region}.`);
      }
    }
  },
};

export const crossStackCapacity: CrossStackPolicy = {
  name: "cross-stack-capacity",
  description:
    "Where both regions take traffic, the recovery region runs the primary's capacity (ASG instances and ECS tasks).",
  enforcementLevel: "mandatory",
  configSchema: { properties: { recoveryTakesTraffic: contextProperties.recoveryTakesTraffic } },
  validateCrossStack: ({ primary, recovery, getConfig }, report) => {
    if (!getConfig<{ recoveryTakesTraffic: boolean }>().recoveryTakesTraffic) return;
    const [cp, cr] = [stackCapacity(primary), stackCapacity(recovery)];
    if (cp !== cr) {
      report(
        `Recovery capacity must equal the primary's in active-active (primary ${cp}, recovery ${cr}).`,
      );
    }
  },
};

export const pairRules: CrossStackPolicy[] = [
  crossStackRoute53Failover,
  crossStackDynamodbReplica,
  crossStackAuroraSecondary,
  crossStackBackupCopy,
  crossStackS3Replication,
  crossStackGlobalAccelerator,
  crossStackCapacity,
];
