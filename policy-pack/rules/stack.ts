// Stack rules: relations between resources of one stack, and the recovery stack's shape per tier.
import {
  PolicyConfigSchema,
  PolicyResource,
  StackValidationArgs,
  StackValidationPolicy,
  ReportViolation,
} from "@pulumi/policy";
import {
  asArray,
  configOf,
  contextProperties,
  dependsVia,
  forEachKnown,
  isSet,
  StackContext,
  T,
  whenKnown,
} from "./common";
import { isGlobalMember, links, ofType, selectionCovers, statefulResources } from "./relations";
import { failoverType } from "./traffic";

const ctxSchema: PolicyConfigSchema = {
  properties: {
    role: contextProperties.role,
    tier: contextProperties.tier,
    region: contextProperties.region,
    peerRegion: contextProperties.peerRegion,
    recoveryRuns: contextProperties.recoveryRuns,
    recoveryMinCapacity: contextProperties.recoveryMinCapacity,
    recoveryTakesTraffic: contextProperties.recoveryTakesTraffic,
    failsOverOnDeepHealth: contextProperties.failsOverOnDeepHealth,
    dataReplicatedLive: contextProperties.dataReplicatedLive,
  },
};

const LABEL: Record<string, string> = {
  [T.rdsInstance]: "RDS instance",
  [T.rdsCluster]: "RDS cluster",
  [T.dynamoTable]: "DynamoDB table",
  [T.efs]: "EFS file system",
  [T.bucket]: "S3 bucket",
  [T.bucketV2]: "S3 bucket",
  [T.asg]: "Auto Scaling group",
  [T.ecsService]: "ECS service",
  [T.lambda]: "Lambda function",
  [T.lb[0]]: "Load balancer",
  [T.lb[1]]: "Load balancer",
  [T.cacheGroup]: "ElastiCache replication group",
  [T.cacheCluster]: "ElastiCache cluster",
};
export const labelOf = (type: string) => LABEL[type] ?? type;

export const backupCoverage: StackValidationPolicy = {
  name: "backup-coverage",
  description: "Every stateful resource is covered by an AWS Backup selection, by tag or by ARN.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { role: contextProperties.role } },
  validateStack: (args, report) => {
    const { role } = configOf<StackContext>(args, { properties: { role: contextProperties.role } });
    const selections = ofType(args.resources, T.backupSelection);
    for (const r of statefulResources(args.resources, role)) {
      if (!selections.some((s) => selectionCovers(s, r) !== false)) {
        report(`${labelOf(r.type)} ${r.name} must be covered by a backup selection.`, r.urn);
      }
    }
  },
};

export const route53FailoverRole: StackValidationPolicy = {
  name: "route53-failover-role",
  description:
    "Each stack holds its half of the Route 53 failover pair: PRIMARY in the primary, SECONDARY in the recovery.",
  enforcementLevel: "mandatory",
  configSchema: ctxSchema,
  validateStack: (args, report) => {
    const cfg = configOf<StackContext>(args, ctxSchema);
    const expected = cfg.role === "primary" ? "PRIMARY" : "SECONDARY";
    let found = false;
    forEachKnown(ofType(args.resources, T.record), (r) => {
      const type = failoverType(r.props);
      if (type === undefined) {
        return;
      }
      if (type !== expected) {
        report(
          `Route 53 failover record type must be ${expected} in the ${cfg.role} stack.`,
          r.urn,
        );
      } else {
        found = true;
      }
    });
    // Failover records where Route 53 moves traffic by itself; where the recovery region already serves, the
    // accelerator does instead; where it must be rebuilt first, the deep check only alerts (the switch gates).
    if (cfg.failsOverOnDeepHealth && !cfg.recoveryTakesTraffic && !found) {
      report(
        `The ${cfg.role} stack must define a Route 53 ${expected} failover record with a health check.`,
      );
    }
    if (
      !cfg.failsOverOnDeepHealth &&
      cfg.role === "primary" &&
      ofType(args.resources, T.healthCheck).length === 0
    ) {
      report("The primary stack must define a Route 53 health check on its front door.");
    }
  },
};

const azSchema: PolicyConfigSchema = {
  properties: { minAzs: { type: "integer", minimum: 2, default: 2 } },
};

/** Subnet ids a resource uses, and the propertyDependencies keys that point at those subnets. */
function subnetUse(r: PolicyResource): { ids: string[]; keys: string[] } | undefined {
  const p = r.props;
  switch (r.type) {
    case T.asg:
      return { ids: asArray(p.vpcZoneIdentifiers), keys: ["vpcZoneIdentifiers"] };
    case T.ecsService:
      return p.networkConfiguration
        ? { ids: asArray(p.networkConfiguration.subnets), keys: ["networkConfiguration"] }
        : undefined;
    case T.lambda:
      return p.vpcConfig ? { ids: asArray(p.vpcConfig.subnetIds), keys: ["vpcConfig"] } : undefined;
    default:
      if ((T.lb as readonly string[]).includes(r.type)) {
        const ids = [
          ...asArray<string>(p.subnets),
          ...asArray(p.subnetMappings).map((m: any) => m?.subnetId),
        ];
        return { ids, keys: ["subnets", "subnetMappings"] };
      }
      return undefined;
  }
}

export const subnetsSpanAzs: StackValidationPolicy = {
  name: "subnets-span-azs",
  description:
    "Auto Scaling groups, load balancers, ECS services and Lambda functions use subnets in at least two Availability Zones.",
  enforcementLevel: "mandatory",
  configSchema: azSchema,
  validateStack: (args, report) => {
    const { minAzs } = configOf<{ minAzs: number }>(args, azSchema);
    forEachKnown(args.resources, (r) => {
      const use = subnetUse(r);
      if (!use) {
        return;
      }
      if (r.type === T.asg && asArray(r.props.availabilityZones).length > 0) {
        const azs = new Set(asArray(r.props.availabilityZones));
        if (azs.size < minAzs) {
          report(
            `Auto Scaling group availabilityZones must span at least ${minAzs} Availability Zones.`,
            r.urn,
          );
        }
        return;
      }
      const subnets = new Map<string, PolicyResource>();
      for (const k of use.keys) {
        for (const d of dependsVia(r, k)) {
          if (d.type === T.subnet) subnets.set(d.urn, d);
        }
      }
      const azs = new Set<string>();
      let located = 0;
      for (const s of subnets.values()) {
        const az = whenKnown(() => s.props.availabilityZone ?? s.props.availabilityZoneId);
        if (typeof az === "string") {
          azs.add(az);
          located++;
        }
      }
      // Subnets this stack cannot see (another stack's, or unknown) might be in other zones.
      const allResolved = subnets.size >= use.ids.length && located === subnets.size;
      if (azs.size < minAzs && allResolved) {
        report(
          `${labelOf(r.type)} subnets must span at least ${minAzs} Availability Zones.`,
          r.urn,
        );
      }
    });
  },
};

const clusterSchema: PolicyConfigSchema = {
  properties: {
    role: contextProperties.role,
    recoveryDatabaseStandby: contextProperties.recoveryDatabaseStandby,
    minInstances: { type: "integer", minimum: 2, default: 2 },
    standbyRecoveryMinInstances: { type: "integer", minimum: 1, default: 1 },
  },
};

export const rdsClusterInstancesMultiAz: StackValidationPolicy = {
  name: "rds-cluster-instances-multi-az",
  description: "Aurora clusters have at least two instances in distinct Availability Zones.",
  enforcementLevel: "mandatory",
  configSchema: clusterSchema,
  validateStack: (args, report) => {
    const cfg = configOf<
      StackContext & { minInstances: number; standbyRecoveryMinInstances: number }
    >(args, clusterSchema);
    // A standby secondary (pilot light, warm standby) only replicates until promoted: one reader is allowed.
    const standby = cfg.role === "recovery" && cfg.recoveryDatabaseStandby;
    const min = standby ? cfg.standbyRecoveryMinInstances : cfg.minInstances;
    const instances = ofType(args.resources, T.rdsClusterInstance);
    forEachKnown(ofType(args.resources, T.rdsCluster), (c) => {
      const mine = instances.filter((i) => links(i, "clusterIdentifier", c, "clusterIdentifier"));
      if (mine.length < min) {
        report(`RDS cluster must have at least ${min} instances.`, c.urn);
        return;
      }
      const azs = new Set(mine.map((i) => i.props.availabilityZone).filter(isSet));
      if (min >= 2 && azs.size < 2) {
        report("RDS cluster instances must be in at least 2 distinct availabilityZones.", c.urn);
      }
    });
  },
};

/** Where a global member's password may come from: a generated secret (DESIGN decision 3). */
function fromSecret(deps: PolicyResource[]): boolean {
  return deps.some(
    (d) =>
      d.type === T.randomPassword ||
      d.type.startsWith("random:") ||
      d.type.startsWith("aws:secretsmanager/"),
  );
}

/**
 * A stack rule, not a resource rule: whether a cluster is a global member can depend on another resource (the
 * global cluster made from it, DESIGN.md decision 13).
 */
export const rdsClusterNoPlaintextPassword: StackValidationPolicy = {
  name: "rds-cluster-no-plaintext-password",
  description:
    "Aurora clusters outside a global cluster use the managed master password, not one set in code.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    forEachKnown(ofType(args.resources, T.rdsCluster), (c) => {
      // Global members cannot use a managed password (DESIGN decision 3): rds-cluster-password-from-secret
      // checks where their password comes from. Nor can a restore from a snapshot, whose master password
      // is the snapshot's until one is set ("Password management with Amazon Aurora and AWS Secrets Manager":
      // only create, modify and restore from S3 take a managed password), and a backup-restore rebuild's
      // snapshot held an RDS-managed password in the lost region (DESIGN decision 15).
      if (
        isSet(c.props.masterPassword) &&
        !isGlobalMember(c, args.resources) &&
        !isSet(c.props.snapshotIdentifier)
      ) {
        report(
          "RDS cluster masterPassword must not be set outside a global cluster; manageMasterUserPassword must be true.",
          c.urn,
        );
      }
    });
  },
};

export const rdsClusterPasswordFromSecret: StackValidationPolicy = {
  name: "rds-cluster-password-from-secret",
  description:
    "A global cluster's primary takes its password from a generated Pulumi secret; secondaries carry none.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { role: contextProperties.role } },
  validateStack: (args, report) => {
    const { role } = configOf<StackContext>(args, { properties: { role: contextProperties.role } });
    forEachKnown(ofType(args.resources, T.rdsCluster), (c) => {
      if (!isSet(c.props.masterPassword) || !isGlobalMember(c, args.resources)) {
        return;
      }
      if (role === "recovery") {
        report("RDS global secondary cluster masterPassword must not be set.", c.urn);
      } else if (!fromSecret(dependsVia(c, "masterPassword"))) {
        report(
          "RDS cluster masterPassword must come from a Pulumi secret (random.RandomPassword).",
          c.urn,
        );
      }
    });
  },
};

export const lambdaFailureDestination: StackValidationPolicy = {
  name: "lambda-failure-destination",
  description:
    "Lambda functions keep failed asynchronous events, in a dead-letter queue or an on-failure destination.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const configs = ofType(args.resources, T.lambdaInvokeConfig);
    forEachKnown(ofType(args.resources, T.lambda), (f) => {
      if (isSet(f.props.deadLetterConfig?.targetArn)) {
        return;
      }
      const ok = configs.some(
        (c) =>
          whenKnown(
            () =>
              links(c, "functionName", f) &&
              isSet(c.props.destinationConfig?.onFailure?.destination),
          ) ?? true,
      );
      if (!ok) {
        report(
          "Lambda function deadLetterConfig.targetArn or an on-failure destination must be set.",
          f.urn,
        );
      }
    });
  },
};

const COLD_CAPABLE = new Set<string>([T.dynamoTable, T.efs]);

export const backupColdStorage: StackValidationPolicy = {
  name: "backup-cold-storage",
  description:
    "Backup plans move recovery points to cold storage where the covered resource types support it.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { role: contextProperties.role } },
  validateStack: (args, report) => {
    const { role } = configOf<StackContext>(args, { properties: { role: contextProperties.role } });
    const stateful = statefulResources(args.resources, role);
    const selections = ofType(args.resources, T.backupSelection);
    forEachKnown(ofType(args.resources, T.backupPlan), (plan) => {
      const mine = selections.filter((s) => links(s, "planId", plan));
      const capable = stateful.filter(
        (r) => COLD_CAPABLE.has(r.type) && mine.some((s) => selectionCovers(s, r) === true),
      );
      if (capable.length === 0) {
        return;
      }
      const cold = asArray(plan.props.rules).some((rule) =>
        isSet(rule?.lifecycle?.coldStorageAfter),
      );
      if (!cold) {
        const types = [...new Set(capable.map((r) => labelOf(r.type)))].join(", ");
        report(
          `Backup plan lifecycle.coldStorageAfter must be set, since it covers ${types}.`,
          plan.urn,
        );
      }
    });
  },
};

function has(args: StackValidationArgs, ...types: (string | readonly string[])[]): boolean {
  return ofType(args.resources, ...types).length > 0;
}

function capacityOf(r: PolicyResource): number {
  return (
    whenKnown(() =>
      r.type === T.asg
        ? Math.max(r.props.minSize ?? 0, r.props.desiredCapacity ?? 0)
        : (r.props.desiredCount ?? 0),
    ) ?? 1
  );
}

/** The capacity (ASG instances + ECS tasks) a stack runs: compared across stacks in active-active. */
export function stackCapacity(resources: readonly PolicyResource[]): number {
  return ofType(resources, T.asg, T.ecsService).reduce((n, r) => n + capacityOf(r), 0);
}

const NO_COMPUTE = [
  T.asg,
  T.ecsService,
  ...T.lb,
  T.rdsCluster,
  T.rdsInstance,
  T.cacheGroup,
  T.cacheCluster,
];

/** A Lambda attached to a VPC: the platform's compute. One outside any VPC may watch the primary from here. */
const inVpc = (r: { props: Record<string, any> }) =>
  whenKnown(() => (r.props.vpcConfig?.subnetIds ?? []).length > 0) ?? true;

/**
 * A backup-restore recovery region being rebuilt (securecart:rebuildFromSnapshot): its database is restored
 * from the DR vault's snapshot, and the whole region runs, by design (DESIGN.md decision 15).
 */
const isRebuild = (resources: readonly { type: string; props: Record<string, any> }[]) =>
  resources.some(
    (r) => r.type === T.rdsCluster && (whenKnown(() => isSet(r.props.snapshotIdentifier)) ?? false),
  );

export const drTierShape: StackValidationPolicy = {
  name: "dr-tier-shape",
  description: "Each stack provisions what its role and DR tier require (DESIGN tier table).",
  enforcementLevel: "mandatory",
  configSchema: ctxSchema,
  validateStack: (args, report: ReportViolation) => {
    const {
      role,
      tier,
      recoveryRuns,
      recoveryMinCapacity,
      recoveryTakesTraffic,
      dataReplicatedLive,
    } = configOf<StackContext>(args, ctxSchema);
    if (role === "recovery") {
      if (!has(args, T.backupVault)) report("The recovery stack must define the DR backup vault.");
      if (!has(args, T.backupPlan))
        report("The recovery stack must define the cross-region backup copy plan.");
      if (!has(args, T.bucketReplication))
        report("The recovery stack must define S3 replication into its region.");
      if (!recoveryRuns) {
        if (isRebuild(args.resources)) return;
        for (const r of [
          ...ofType(args.resources, NO_COMPUTE),
          ...ofType(args.resources, T.lambda).filter(inVpc),
        ]) {
          report(`${labelOf(r.type)} must not exist in a backup-restore recovery stack.`, r.urn);
        }
        return;
      }
      const replicatedDb = args.resources.some(
        (r) =>
          whenKnown(
            () =>
              (r.type === T.rdsCluster &&
                (isSet(r.props.globalClusterIdentifier) ||
                  isSet(r.props.replicationSourceIdentifier))) ||
              (r.type === T.rdsInstance && isSet(r.props.replicateSourceDb)),
          ) ?? true,
      );
      if (!replicatedDb)
        report(
          "The recovery stack must define a replicated database (Aurora global secondary or cross-region replica).",
        );
      if (!has(args, T.dynamoReplica))
        report("The recovery stack must define a DynamoDB table replica of the catalog.");
      if (recoveryMinCapacity >= 1 && stackCapacity(args.resources) < 1) {
        report(`The recovery stack must run compute capacity above 0 in ${tier}.`);
      }
    } else if (dataReplicatedLive) {
      if (has(args, T.rdsCluster) && !has(args, T.rdsGlobalCluster)) {
        report(`The primary stack must define an Aurora global cluster in ${tier}.`);
      }
      forEachKnown(ofType(args.resources, T.dynamoTable), (t) => {
        if (t.props.streamEnabled !== true) {
          report("DynamoDB table streamEnabled must be true for its cross-region replica.", t.urn);
        }
      });
    }
    if (recoveryTakesTraffic) {
      if (role === "primary" && !has(args, T.accelerator))
        report("The primary stack must define a Global Accelerator in active-active.");
      if (role === "primary" && !has(args, T.gaListener))
        report("The primary stack must define a Global Accelerator listener in active-active.");
      if (!has(args, T.endpointGroup))
        report(
          `The ${role} stack must define a Global Accelerator endpoint group in active-active.`,
        );
      const alias = ofType(args.resources, T.record).some(
        (r) => whenKnown(() => asArray(r.props.aliases).length > 0) ?? true,
      );
      if (role === "primary" && !alias)
        report("The primary stack must define a Route 53 alias record to the accelerator.");
    }
  },
};

export const stackRules: StackValidationPolicy[] = [
  backupCoverage,
  route53FailoverRole,
  subnetsSpanAzs,
  rdsClusterInstancesMultiAz,
  rdsClusterNoPlaintextPassword,
  rdsClusterPasswordFromSecret,
  lambdaFailureDestination,
  backupColdStorage,
  drTierShape,
];
