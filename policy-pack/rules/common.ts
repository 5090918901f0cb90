// Shared helpers for the SecureCart rules: config with schema defaults, resource relations, unknowns.
import {
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
  UnknownValueError,
} from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { DR_TIERS, DrTier } from "../../components/tiers/tierProfile";
import { TierFacts, tierFacts } from "../tierFacts";

export type Role = "primary" | "recovery";
export type Tier = DrTier;
export const TIERS: Tier[] = [...DR_TIERS];

/**
 * Stack context every context-aware rule declares in its configSchema (DESIGN decision 10), with the tier's facts
 * from the tier table (decision 18).
 */
export interface StackContext extends TierFacts {
  role: Role;
  tier: Tier;
  region: string;
  peerRegion: string;
}

const DEFAULT_TIER: Tier = "warm-standby";

export const CONTEXT_DEFAULTS: StackContext = {
  role: "primary",
  tier: DEFAULT_TIER,
  region: "us-east-1",
  peerRegion: "eu-west-1",
  ...tierFacts(DEFAULT_TIER),
};

export const contextProperties: Record<keyof StackContext, PolicyConfigJSONSchema> = {
  role: {
    type: "string",
    enum: ["primary", "recovery"],
    default: CONTEXT_DEFAULTS.role,
    description: "Role of the stack's region.",
  },
  tier: {
    type: "string",
    enum: TIERS,
    default: CONTEXT_DEFAULTS.tier,
    description: "DR tier of the deployment.",
  },
  region: {
    type: "string",
    default: CONTEXT_DEFAULTS.region,
    description: "AWS region of the stack.",
  },
  peerRegion: {
    type: "string",
    default: CONTEXT_DEFAULTS.peerRegion,
    description: "AWS region of the peer stack.",
  },
  detectionBudgetSeconds: {
    type: "integer",
    minimum: 10,
    default: CONTEXT_DEFAULTS.detectionBudgetSeconds,
    description:
      "Longest a health check may take to declare a failure (the tier's detectionBudgetSeconds).",
  },
  recoveryTakesTraffic: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.recoveryTakesTraffic,
    description:
      "Whether the recovery region takes traffic in normal operation (the tier's recoveryTakesTraffic).",
  },
  bothRegionsWrite: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.bothRegionsWrite,
    description: "Whether both regions take writes (the tier's bothRegionsWrite).",
  },
  recoveryRuns: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.recoveryRuns,
    description:
      "Whether the recovery region runs the platform before any failover (the tier's recovery.serves).",
  },
  recoveryMinCapacity: {
    type: "integer",
    minimum: 0,
    default: CONTEXT_DEFAULTS.recoveryMinCapacity,
    description:
      "Storefront capacity the recovery region may idle at (the tier's recovery.minCapacity).",
  },
  failsOverOnDeepHealth: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.failsOverOnDeepHealth,
    description:
      "Whether Route 53 fails over by itself on the primary's deep check (PRIMARY/SECONDARY records).",
  },
  dataReplicatedLive: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.dataReplicatedLive,
    description:
      "Whether the database replicates live to the recovery region (an Aurora global secondary).",
  },
  catalogReplicated: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.catalogReplicated,
    description: "Whether the catalog has a DynamoDB replica in the recovery region.",
  },
  recoversFromBackups: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.recoversFromBackups,
    description: "Whether data is recovered from backup copies rather than a live replica.",
  },
  recoveryNatPerAz: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.recoveryNatPerAz,
    description:
      "Whether the recovery region keeps a NAT gateway in every AZ (the tier's recovery.network).",
  },
  recoveryNatGateways: {
    type: "integer",
    minimum: 0,
    default: CONTEXT_DEFAULTS.recoveryNatGateways,
    description:
      "NAT gateways a standby recovery region keeps when not one per AZ (the tier's recovery.network).",
  },
  recoveryDatabaseStandby: {
    type: "boolean",
    default: CONTEXT_DEFAULTS.recoveryDatabaseStandby,
    description:
      "Whether the recovery cluster is a standby secondary that only replicates until promoted.",
  },
};

/** The defaults declared in a configSchema. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(schema?.properties ?? {})) {
    if (v && typeof v === "object" && "default" in v) {
      out[k] = (v as any).default;
    }
  }
  return out;
}

/**
 * The policy's config: schema defaults overlaid with what the engine passed. Works whether or not the
 * engine applied the defaults itself, so the defaults live only in the configSchema.
 */
export function configOf<T>(
  args: ResourceValidationArgs | StackValidationArgs,
  schema: PolicyConfigSchema,
): T {
  return { ...schemaDefaults(schema), ...args.getConfig<Record<string, any>>() } as T;
}

export const TAG_KEY = "backup";
export const TAG_VALUE = "securecart-dr";
/** Resources tagged `backup: none` are deliberately outside backup and replication (e.g. access logs). */
export const EXEMPT_TAG_VALUE = "none";

export const T = {
  provider: "pulumi:providers:aws",
  rdsInstance: "aws:rds/instance:Instance",
  rdsCluster: "aws:rds/cluster:Cluster",
  rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  rdsGlobalCluster: "aws:rds/globalCluster:GlobalCluster",
  randomPassword: "random:index/randomPassword:RandomPassword",
  dynamoTable: "aws:dynamodb/table:Table",
  dynamoReplica: "aws:dynamodb/tableReplica:TableReplica",
  efs: "aws:efs/fileSystem:FileSystem",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  bucketVersioning: "aws:s3/bucketVersioning:BucketVersioning",
  bucketVersioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  bucketReplication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  cacheGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
  cacheCluster: "aws:elasticache/cluster:Cluster",
  asg: "aws:autoscaling/group:Group",
  ecsService: "aws:ecs/service:Service",
  lambda: "aws:lambda/function:Function",
  lambdaInvokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  lb: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
  listener: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  subnet: "aws:ec2/subnet:Subnet",
  natGateway: "aws:ec2/natGateway:NatGateway",
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  accelerator: "aws:globalaccelerator/accelerator:Accelerator",
  gaListener: "aws:globalaccelerator/listener:Listener",
  endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
  backupVault: "aws:backup/vault:Vault",
  backupPlan: "aws:backup/plan:Plan",
  backupSelection: "aws:backup/selection:Selection",
  backupRegionSettings: "aws:backup/regionSettings:RegionSettings",
  targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
  classicLb: [
    "aws:elb/loadBalancer:LoadBalancer",
    "aws:elasticloadbalancing/loadBalancer:LoadBalancer",
  ],
  efsBackupPolicy: "aws:efs/backupPolicy:BackupPolicy",
  scalingTarget: "aws:appautoscaling/target:Target",
  kmsKey: "aws:kms/key:Key",
} as const;

export const BUCKET_TYPES: string[] = [T.bucket, T.bucketV2];

/** Runs `fn`, treating a value unknown during preview as "skip", never as a violation. */
export function whenKnown<R>(fn: () => R): R | undefined {
  try {
    return fn();
  } catch (e) {
    if (e instanceof UnknownValueError) {
      return undefined;
    }
    throw e;
  }
}

/** Iterates resources, skipping (not reporting) any resource whose checked values are unknown. */
export function forEachKnown<R>(items: readonly R[], fn: (item: R) => void): void {
  for (const item of items) {
    whenKnown(() => fn(item));
  }
}

export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "";
}

export function asArray<V = any>(v: unknown): V[] {
  if (v === undefined || v === null) {
    return [];
  }
  return Array.isArray(v) ? (v as V[]) : [v as V];
}

export function tagsOf(props: Record<string, any>): Record<string, any> {
  const t = props.tags;
  return t && typeof t === "object" ? t : {};
}

/** Region part of an ARN, or undefined when the value is not an ARN (e.g. a mock id). */
export function arnRegion(arn: unknown): string | undefined {
  if (typeof arn !== "string" || !arn.startsWith("arn:")) {
    return undefined;
  }
  const parts = arn.split(":");
  return parts.length > 4 && parts[3] !== "" ? parts[3] : undefined;
}

/** The region a resource is deployed in: its own `region` input (v7), its provider's, or the stack's. */
export function regionOf(
  props: Record<string, any>,
  provider: { props: Record<string, any> } | undefined,
  fallback: string,
): string {
  if (typeof props.region === "string" && props.region) {
    return props.region;
  }
  const p = provider?.props?.region;
  return typeof p === "string" && p ? p : fallback;
}

/** Resources a property refers to, through the engine's propertyDependencies. */
export function dependsVia(r: PolicyResource, key: string): PolicyResource[] {
  return r.propertyDependencies?.[key] ?? [];
}

export function refersTo(r: PolicyResource, key: string, target: PolicyResource): boolean {
  return dependsVia(r, key).some((d) => d.urn === target.urn);
}

/** Names a resource may be referenced by in mocks: explicit name inputs, then the Pulumi name. */
export function namesOf(
  r: { name: string; props: Record<string, any> },
  ...keys: string[]
): string[] {
  const out: string[] = [];
  for (const k of [...keys, "name", "id", "arn"]) {
    const v = whenKnown(() => r.props[k]);
    if (typeof v === "string" && v) {
      out.push(v);
    }
  }
  out.push(r.name);
  return out;
}

export type Report = ReportViolation;

/**
 * A validation for several type tokens at once, where the provider renamed a type and the legacy token has no
 * class in v7 (e.g. aws:elasticloadbalancing/* for aws:elb/*). Other types are not applicable.
 */
export function onTypes(
  types: readonly string[],
  check: (
    props: Record<string, any>,
    args: ResourceValidationArgs,
    report: ReportViolation,
  ) => void,
): (args: ResourceValidationArgs, report: ReportViolation) => void {
  return (args, report) => {
    if (types.includes(args.type)) {
      check(args.props, args, report);
    }
  };
}
