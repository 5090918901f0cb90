/**
 * The offline plan's cost model: monthly USD per region, from the planned resources' own inputs (instance
 * types, counts, node counts, subnets) and the checked-in price table. Usage-driven items follow the workload
 * assumptions in prices.ts, scaled by each region's share of the traffic.
 */
import type { PlannedResource } from "../../policy-pack/offline";
import {
  FLAT,
  HOURLY,
  HOURS_PER_MONTH as H,
  NO_CHARGE,
  PricedRegion,
  WORKLOAD as W,
} from "./prices";

export interface CostedStack {
  readonly region: string;
  readonly role: string;
  readonly resources: readonly PlannedResource[];
}

export interface CostLine {
  readonly region: string;
  readonly type: string;
  readonly name: string;
  readonly usd: number;
}

export interface CostReport {
  readonly byRegion: Record<string, number>;
  readonly lines: CostLine[];
  /** Planned resource types the model neither prices nor lists in NO_CHARGE: the report would be short by them. */
  readonly unpricedTypes: string[];
}

export interface CostContext {
  /** Share of customer traffic each region serves (1 and 0, or 0.5 each in active-active). */
  readonly trafficShare: Readonly<Record<string, number>>;
  /** Where global items (Global Accelerator, health checks) are billed. */
  readonly homeRegion: string;
}

function hourly(region: string, key: string): number {
  const table = HOURLY[region as PricedRegion] ?? HOURLY["us-east-1"];
  const price = table[key];
  if (price === undefined)
    throw new Error(`no price for ${key} in ${region}: add it to scripts/plan/prices.ts`);
  return price;
}

/** The region a resource is created in: its explicit provider's region, else its stack's. */
export function resourceRegion(
  stack: CostedStack,
  r: PlannedResource,
  providers: Map<string, string>,
): string {
  if (!r.provider) return stack.region;
  return providers.get(r.provider.split("::").slice(0, -1).join("::")) ?? stack.region;
}

/** The cluster a cluster instance belongs to, by its `clusterIdentifier` input's dependency. */
function clusterOf(
  r: PlannedResource,
  all: readonly PlannedResource[],
): PlannedResource | undefined {
  return all.find((x) => x.urn === r.propertyDependencies.clusterIdentifier?.[0]);
}

/**
 * Monthly USD of one resource; undefined for a type the model has no case for (0 is "priced, and free at the
 * workload", as for a standby's traffic).
 */
function resourceCost(
  r: PlannedResource,
  region: string,
  all: readonly PlannedResource[],
  ctx: CostContext,
): number | undefined {
  const i = r.inputs;
  const traffic = ctx.trafficShare[region] ?? 0;
  switch (r.type) {
    case "aws:autoscaling/group:Group": {
      const lt = all.find((x) => x.urn === r.propertyDependencies.launchTemplate?.[0]);
      return (i.desiredCapacity ?? 0) * hourly(region, lt?.inputs.instanceType ?? "m6i.large") * H;
    }
    case "aws:rds/clusterInstance:ClusterInstance": {
      if (i.instanceClass !== "db.serverless") return hourly(region, i.instanceClass) * H;
      // Serverless v2 bills the ACUs in use: an idle standby sits at its minimum (Aurora pricing, ACU-hours).
      const scaling = clusterOf(r, all)?.inputs.serverlessv2ScalingConfiguration;
      if (scaling?.minCapacity === undefined)
        throw new Error(
          `${r.name}: a db.serverless instance needs its cluster's serverlessv2ScalingConfiguration`,
        );
      return Number(scaling.minCapacity) * hourly(region, "auroraServerlessV2Acu") * H;
    }
    case "aws:rds/cluster:Cluster":
      // I/O-Optimized storage carries no I/O charge (Aurora pricing, "Aurora I/O-Optimized").
      return i.storageType === "aurora-iopt1"
        ? W.ordersDbGb * FLAT.auroraIoOptimizedStoragePerGbMonth
        : W.ordersDbGb * FLAT.auroraStoragePerGbMonth +
            W.ordersDbIoMillions * FLAT.auroraIoPerMillion * Math.max(traffic, 0.2);
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return (i.numCacheClusters ?? 1) * hourly(region, i.nodeType) * H;
    case "aws:ec2/natGateway:NatGateway": {
      // The region's egress is shared by its gateways, however many the tier runs (TierProfile.recovery.network).
      const gateways = all.filter((x) => x.type === r.type && x.provider === r.provider).length;
      return (
        hourly(region, "natGateway") * H +
        (W.natGbPerServingRegion * FLAT.natPerGb * traffic) / Math.max(1, gateways)
      );
    }
    case "aws:ec2/eip:Eip":
      return hourly(region, "publicIpv4") * H;
    case "aws:lb/loadBalancer:LoadBalancer":
      return (
        hourly(region, "loadBalancer") * H +
        W.lbCapacityUnits * FLAT.loadBalancerCapacityUnitHourly * H * traffic
      );
    case "aws:ec2/vpcEndpoint:VpcEndpoint":
      return i.vpcEndpointType === "Interface"
        ? (i.subnetIds?.length ?? 1) * hourly(region, "interfaceEndpointPerAz") * H
        : 0;
    case "aws:ec2transitgateway/vpcAttachment:VpcAttachment":
    case "aws:ec2transitgateway/peeringAttachment:PeeringAttachment":
    case "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter":
      return hourly(region, "transitGatewayAttachment") * H;
    case "aws:globalaccelerator/accelerator:Accelerator":
      return FLAT.globalAcceleratorHourly * H;
    case "aws:route53/healthCheck:HealthCheck":
      return i.type === "RECOVERY_CONTROL"
        ? FLAT.recoveryControlHealthCheckMonthly
        : FLAT.healthCheckMonthly;
    case "aws:route53recoverycontrol/cluster:Cluster":
      // Created through us-west-2, so it bills to the home region: the primary, which owns it.
      return FLAT.arcClusterHourly * H;
    case "aws:arcregionswitch/plan:Plan":
      return FLAT.arcRegionSwitchPlanMonthly;
    case "aws:kms/key:Key":
      return FLAT.kmsKeyMonthly;
    case "aws:secretsmanager/secret:Secret":
      return FLAT.secretMonthly;
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return FLAT.alarmMonthly;
    case "aws:cloudwatch/dashboard:Dashboard":
      return FLAT.dashboardMonthly;
    case "aws:wafv2/webAcl:WebAcl":
      return FLAT.webAclMonthly + (i.rules?.length ?? 0) * FLAT.webAclRuleMonthly;
    case "aws:cloudwatch/logGroup:LogGroup":
      return (
        (W.logsGbPerServingRegion * FLAT.logsIngestPerGb * traffic) /
        Math.max(1, all.filter((x) => x.type === r.type).length)
      );
    case "aws:dynamodb/table:Table":
      return (
        W.catalogReadMillions * FLAT.dynamoReadPerMillion * Math.max(traffic, 0) +
        W.catalogWriteMillions * FLAT.dynamoWritePerMillion +
        W.catalogGb * (FLAT.dynamoStoragePerGbMonth + FLAT.dynamoPitrPerGbMonth)
      );
    case "aws:dynamodb/tableReplica:TableReplica":
      // Replicated writes are billed in the replica's region, plus its own storage and PITR.
      return (
        W.catalogReadMillions * FLAT.dynamoReadPerMillion * traffic +
        W.catalogWriteMillions * FLAT.dynamoWritePerMillion +
        W.catalogGb * (FLAT.dynamoStoragePerGbMonth + FLAT.dynamoPitrPerGbMonth)
      );
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      // Export buckets hold snapshot exports in Glacier; data buckets hold the shop's assets.
      return i.tags?.backup === "none"
        ? W.ordersDbGb * FLAT.s3GlacierPerGbMonth
        : W.assetsGb * FLAT.s3StandardPerGbMonth;
    case "aws:s3/bucketReplicationConfig:BucketReplicationConfig":
      return W.assetsGb * W.dailyChangeShare * 30 * FLAT.s3ReplicationPerGb;
    case "aws:backup/vault:Vault":
      return (
        W.backupFootprint *
        (W.ordersDbGb * FLAT.backupWarmPerGbMonth + W.catalogGb * FLAT.backupDynamoWarmPerGbMonth)
      );
    case "aws:backup/plan:Plan": {
      // A copy rule moves each day's changed data across regions (incremental copies).
      const copies = (i.rules ?? []).some((rule: any) => (rule.copyActions ?? []).length > 0);
      return copies
        ? (W.ordersDbGb + W.catalogGb) * W.dailyChangeShare * 30 * FLAT.crossRegionTransferPerGb
        : 0;
    }
    case "aws:ecr/repository:Repository":
      return W.imageGb * FLAT.ecrStoragePerGbMonth;
    default:
      return undefined;
  }
}

/**
 * Resources with no region of their own, whatever provider creates them: a Region switch plan's ARN has no
 * Region (`arn:aws:arc-region-switch::<account>:plan/<name>`, ARC Region switch API reference).
 */
const REGIONLESS = new Set(["aws:arcregionswitch/plan:Plan"]);

/** Types the report does not price: Pulumi's own (providers, stack references) and our components. */
const notBilled = (type: string) => type.startsWith("pulumi:") || type.startsWith("securecart:");

export function monthlyCost(stacks: readonly CostedStack[], ctx: CostContext): CostReport {
  const lines: CostLine[] = [];
  const unpriced = new Set<string>();
  for (const stack of stacks) {
    const providers = new Map(
      stack.resources
        .filter((r) => r.type === "pulumi:providers:aws")
        .map((p) => [p.urn, String(p.inputs.region ?? stack.region)]),
    );
    for (const r of stack.resources) {
      let region = resourceRegion(stack, r, providers);
      // Global services (us-west-2 control planes, and resources with no region of their own) bill to home.
      if (!(region in HOURLY) || REGIONLESS.has(r.type)) region = ctx.homeRegion;
      const usd = resourceCost(r, region, stack.resources, ctx);
      if (usd === undefined) {
        if (!notBilled(r.type) && !(r.type in NO_CHARGE)) unpriced.add(r.type);
      } else if (usd > 0) lines.push({ region, type: r.type, name: r.name, usd });
      // A replicated secret is billed again in each replica region.
      if (r.type === "aws:secretsmanager/secret:Secret") {
        for (const replica of r.inputs.replicas ?? [])
          lines.push({
            region: replica.region,
            type: r.type,
            name: `${r.name} (replica)`,
            usd: FLAT.secretMonthly,
          });
      }
    }
  }
  const byRegion: Record<string, number> = {};
  for (const l of lines)
    byRegion[l.region] = Math.round(((byRegion[l.region] ?? 0) + l.usd) * 100) / 100;
  return { byRegion, lines, unpricedTypes: [...unpriced].sort() };
}
