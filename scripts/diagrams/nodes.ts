/**
 * Building blocks: resource type + inputs → diagram node. Types not listed here are left out, so new resources
 * in the plan never break the diagram; they only appear once someone decides how to draw them.
 */
import type { PlannedResource } from "../../policy-pack/offline";
import { arnName, arnRegion, Located, num, shortName, str } from "./located";
import type { NodeKind } from "./types";

export const TYPES = {
  lb: "aws:lb/loadBalancer:LoadBalancer",
  ecsService: "aws:ecs/service:Service",
  scalingTarget: "aws:appautoscaling/target:Target",
  asg: "aws:autoscaling/group:Group",
  lambda: "aws:lambda/function:Function",
  cluster: "aws:rds/cluster:Cluster",
  clusterInstance: "aws:rds/clusterInstance:ClusterInstance",
  globalCluster: "aws:rds/globalCluster:GlobalCluster",
  dbInstance: "aws:rds/instance:Instance",
  table: "aws:dynamodb/table:Table",
  tableReplica: "aws:dynamodb/tableReplica:TableReplica",
  cache: "aws:elasticache/replicationGroup:ReplicationGroup",
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  bucketReplication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  ecrRepo: "aws:ecr/repository:Repository",
  ecrReplication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
  vault: "aws:backup/vault:Vault",
  backupPlan: "aws:backup/plan:Plan",
  tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
  peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  record: "aws:route53/record:Record",
  healthCheck: "aws:route53/healthCheck:HealthCheck",
  accelerator: "aws:globalaccelerator/accelerator:Accelerator",
  endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
  regionSwitch: "aws:arcregionswitch/plan:Plan",
  resilienceHub: "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy",
} as const;

/** A node before it gets its DOT id. */
export interface NodeDraft {
  readonly kind: NodeKind;
  readonly label: string;
  readonly details: string[];
  readonly summary: string;
  readonly idle: boolean;
}

/** What a node builder may look up besides its own resource. */
export interface Context {
  readonly all: Located[];
  /** Resources of the same stack that name `urn` in their propertyDependencies[key]. */
  dependents(of: Located, type: string, key: string): Located[];
}

const fmt = (v: number | undefined) => (v === undefined ? "?" : String(v));

export function engineName(engine: unknown): string {
  const e = str(engine) ?? "database";
  const names: Record<string, string> = {
    "aurora-postgresql": "Aurora PostgreSQL",
    "aurora-mysql": "Aurora MySQL",
    postgres: "RDS PostgreSQL",
    mysql: "RDS MySQL",
  };
  return names[e] ?? e;
}

/** AWS Backup cron → words (`cron(0 * ? * * *)` → `hourly`); anything unusual is shown as written. */
export function describeSchedule(expr: unknown): string {
  const s = str(expr) ?? "";
  const rate = /^rate\((.+)\)$/.exec(s);
  if (rate) return `every ${rate[1]}`;
  const cron = /^cron\((.+)\)$/.exec(s);
  if (!cron) return s || "no schedule";
  const [min, hour, dom, mon, dow] = cron[1].trim().split(/\s+/);
  const everyDay = ["*", "?"].includes(dom) && mon === "*" && ["*", "?"].includes(dow);
  if (everyDay && /^\d+$/.test(min) && hour === "*")
    return min === "0" ? "hourly" : `hourly at :${min.padStart(2, "0")}`;
  if (everyDay && /^\d+$/.test(min) && /^\d+$/.test(hour))
    return `daily ${hour.padStart(2, "0")}:${min.padStart(2, "0")} UTC`;
  return s;
}

type Builder = (l: Located, ctx: Context) => NodeDraft | null;

function loadBalancer(l: Located, ctx: Context): NodeDraft {
  const i = l.r.inputs;
  const network = i.loadBalancerType === "network";
  const kind = network ? "nlb" : "alb";
  const label = `${network ? "NLB" : "ALB"}${i.internal ? " (internal)" : ""}`;
  // A load balancer in front of compute that runs nothing serves nothing: pilot light's standby ALB.
  const compute = ctx.all.filter(
    (o) => o.region === l.region && (o.r.type === TYPES.ecsService || o.r.type === TYPES.asg),
  );
  const idle = compute.length > 0 && compute.every((o) => computeIdle(o.r));
  const details = [shortName(l.r.name)];
  if (idle) details.push("no running targets");
  return { kind, label, details, summary: label, idle };
}

function computeIdle(r: PlannedResource): boolean {
  const desired = r.type === TYPES.asg ? num(r.inputs.desiredCapacity) : num(r.inputs.desiredCount);
  return desired === 0;
}

function ecsService(l: Located, ctx: Context): NodeDraft {
  const target = ctx.dependents(l, TYPES.scalingTarget, "resourceId")[0]?.r.inputs ?? {};
  const desired = num(l.r.inputs.desiredCount);
  const min = num(target.minCapacity);
  const max = num(target.maxCapacity);
  const idle = computeIdle(l.r);
  const counts = `${fmt(desired)} / ${fmt(min)} / ${fmt(max)}`;
  return {
    kind: "ecs",
    label: `ECS service ${shortName(l.r.name)}`,
    details: [`tasks desired/min/max ${counts}`, ...(idle ? ["idle: defined at 0"] : [])],
    summary: `ECS tasks ${counts}`,
    idle,
  };
}

function asg(l: Located): NodeDraft {
  const i = l.r.inputs;
  const counts = `${fmt(num(i.desiredCapacity))} / ${fmt(num(i.minSize))} / ${fmt(num(i.maxSize))}`;
  const idle = computeIdle(l.r);
  return {
    kind: "asg",
    label: "EC2 Auto Scaling group",
    details: [`instances desired/min/max ${counts}`, ...(idle ? ["idle: defined at 0"] : [])],
    summary: `ASG ${counts}`,
    idle,
  };
}

function lambda(l: Located): NodeDraft {
  const runtime = str(l.r.inputs.runtime);
  return {
    kind: "lambda",
    label: `Lambda ${shortName(l.r.name)}`,
    details: runtime ? [runtime] : [],
    summary: "Lambda",
    idle: false,
  };
}

/** Writer, global secondary or cross-region replica, from the cluster's own inputs and its stack. */
/**
 * The global cluster a cluster belongs to: the one it joins (`globalClusterIdentifier`), or the one made from it
 * (`sourceDbClusterIdentifier`, how the primary is converted in place: DESIGN.md decision 13).
 */
export function globalIdOf(l: Located, all: Located[]): string | undefined {
  const joined = str(l.r.inputs.globalClusterIdentifier);
  if (joined) return joined;
  const made = all.find(
    (o) =>
      o.stack === l.stack &&
      o.r.type === TYPES.globalCluster &&
      (o.r.propertyDependencies.sourceDbClusterIdentifier ?? []).includes(l.r.urn),
  );
  return made ? str(made.r.inputs.globalClusterIdentifier) : undefined;
}

export function clusterRole(
  l: Located,
  all: Located[],
): "writer" | "global-primary" | "global-secondary" | "replica" {
  const i = l.r.inputs;
  if (i.replicationSourceIdentifier) return "replica";
  const gid = globalIdOf(l, all);
  if (!gid) return "writer";
  // The primary owns the global cluster (decision 1); a secondary only joins it and has no credentials.
  const ownsGlobal = all.some(
    (o) =>
      o.stack === l.stack &&
      o.r.type === TYPES.globalCluster &&
      o.r.inputs.globalClusterIdentifier === gid,
  );
  return ownsGlobal || i.masterUsername ? "global-primary" : "global-secondary";
}

function cluster(l: Located, ctx: Context): NodeDraft {
  const i = l.r.inputs;
  const role = clusterRole(l, ctx.all);
  const instances = ctx
    .dependents(l, TYPES.clusterInstance, "clusterIdentifier")
    .map((x) => x.r.inputs);
  const classes = [...new Set(instances.map((x) => str(x.instanceClass) ?? "?"))].sort();
  const roleText = {
    writer: "writer",
    "global-primary": "writer · global primary",
    "global-secondary": i.enableGlobalWriteForwarding
      ? "global secondary · write forwarding"
      : "global secondary (read-only)",
    replica: "cross-region read replica",
  }[role];
  const name = `${engineName(i.engine)}${i.engineVersion ? ` ${i.engineVersion}` : ""}`;
  // A global secondary without instances is headless: storage only, nothing to connect to until failover.
  const idle = instances.length === 0;
  return {
    kind: "aurora",
    label: name,
    details: [
      roleText,
      idle ? "headless: no instances" : `${instances.length} × ${classes.join(", ")}`,
    ],
    summary: `Aurora ${role === "writer" || role === "global-primary" ? "writer" : role === "replica" ? "replica" : "secondary"}`,
    idle,
  };
}

function dbInstance(l: Located): NodeDraft {
  const i = l.r.inputs;
  const replica = Boolean(i.replicateSourceDb);
  return {
    kind: "rds",
    label: engineName(i.engine),
    details: [
      replica ? "read replica" : i.multiAz ? "writer · Multi-AZ" : "writer",
      str(i.instanceClass) ?? "",
    ].filter(Boolean),
    summary: `RDS ${replica ? "replica" : "writer"}`,
    idle: false,
  };
}

function table(l: Located, ctx: Context): NodeDraft {
  const i = l.r.inputs;
  const name = str(i.name) ?? shortName(l.r.name);
  const replicated =
    ctx.all.some(
      (o) => o.r.type === TYPES.tableReplica && tableMatches(o.r.inputs.globalTableArn, l),
    ) ||
    (Array.isArray(i.replicas) && i.replicas.length > 0);
  const details = [replicated ? "global table" : "single-region table"];
  if (i.pointInTimeRecovery?.enabled) details.push("PITR");
  return {
    kind: "dynamodb",
    label: `DynamoDB ${name}`,
    details,
    summary: "DynamoDB table",
    idle: false,
  };
}

export function tableMatches(arn: unknown, table: Located): boolean {
  const name = str(table.r.inputs.name) ?? table.r.name;
  return arnRegion(arn) === table.region && arnName(arn) === name;
}

function tableReplica(l: Located): NodeDraft {
  const arn = l.r.inputs.globalTableArn;
  const of = arnName(arn) ?? "?";
  return {
    kind: "dynamodb",
    label: `DynamoDB replica ${of}`,
    details: [
      `replica of ${arnRegion(arn) ?? "?"} ${of}`,
      ...(l.r.inputs.pointInTimeRecovery ? ["PITR"] : []),
    ],
    summary: "DynamoDB replica",
    idle: false,
  };
}

function cache(l: Located): NodeDraft {
  const i = l.r.inputs;
  const nodes =
    num(i.numCacheClusters) ??
    (num(i.numNodeGroups) !== undefined
      ? num(i.numNodeGroups)! * ((num(i.replicasPerNodeGroup) ?? 0) + 1)
      : undefined);
  const details = [`${fmt(nodes)} × ${str(i.nodeType) ?? "?"}`];
  if (i.automaticFailoverEnabled || i.multiAzEnabled) details.push("Multi-AZ · auto failover");
  return {
    kind: "cache",
    label: `ElastiCache ${str(i.engine) ?? ""} ${str(i.engineVersion) ?? ""}`.trim(),
    details,
    summary: `ElastiCache ${fmt(nodes)} × ${str(i.nodeType) ?? "?"}`,
    idle: nodes === 0,
  };
}

function vault(l: Located, ctx: Context): NodeDraft {
  const plans = ctx.all.filter((o) => o.region === l.region && o.r.type === TYPES.backupPlan);
  const rules = plans.flatMap((p) => (Array.isArray(p.r.inputs.rules) ? p.r.inputs.rules : []));
  const schedules = [
    ...new Set(rules.map((r: { schedule?: unknown }) => describeSchedule(r.schedule))),
  ].sort();
  const details: string[] = l.r.inputs.kmsKeyArn ? ["KMS-encrypted"] : [];
  if (schedules.length) details.push(`backups ${schedules.join(", ")}`);
  if (rules.some((r: { enableContinuousBackup?: unknown }) => r.enableContinuousBackup))
    details.push("continuous (PITR)");
  return {
    kind: "vault",
    label: "AWS Backup vault",
    details,
    summary: "Backup vault",
    idle: false,
  };
}

function bucket(l: Located): NodeDraft {
  const name = str(l.r.inputs.bucket) ?? l.r.name;
  return { kind: "s3", label: "S3 bucket", details: [shortName(name)], summary: "S3", idle: false };
}

function ecrRepo(l: Located): NodeDraft {
  const name = str(l.r.inputs.name) ?? shortName(l.r.name);
  return { kind: "ecr", label: "ECR repository", details: [name], summary: "ECR", idle: false };
}

function tgw(l: Located): NodeDraft {
  const asn = num(l.r.inputs.amazonSideAsn);
  return {
    kind: "tgw",
    label: "Transit Gateway",
    details: asn ? [`ASN ${asn}`] : [],
    summary: "TGW",
    idle: false,
  };
}

/**
 * Buckets appear only when they take part in replication: the diagram is about what survives a region loss,
 * and the other buckets (logs, exports) would only crowd it.
 */
export const REGIONAL_BUILDERS: Readonly<Record<string, Builder>> = {
  [TYPES.lb]: loadBalancer,
  [TYPES.ecsService]: ecsService,
  [TYPES.asg]: asg,
  [TYPES.lambda]: lambda,
  [TYPES.cluster]: cluster,
  [TYPES.dbInstance]: dbInstance,
  [TYPES.table]: table,
  [TYPES.tableReplica]: tableReplica,
  [TYPES.cache]: cache,
  [TYPES.vault]: vault,
  [TYPES.ecrRepo]: ecrRepo,
  [TYPES.tgw]: tgw,
};

export const BUCKET_BUILDER: Builder = bucket;
