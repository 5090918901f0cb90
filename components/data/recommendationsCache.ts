import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface RecommendationsCacheArgs {
  /** VPC of the security group. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** Private data subnets for the cache subnet group (at least 2, in different AZs). Required. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security groups (the storefront tasks) allowed to reach port 6379. Defaults to `[]`. */
  readonly allowedSecurityGroupIds?: pulumi.Input<string>[];
  /** CIDR blocks allowed to reach port 6379 (e.g. the VPC's own range). Defaults to `[]`. */
  readonly allowedCidrBlocks?: pulumi.Input<string>[];
  /** AZs to place the nodes in, round-robin; empty lets ElastiCache choose. Defaults to `[]`. */
  readonly availabilityZones?: string[];
  /** `redis` or `valkey`. Defaults to `redis`. */
  readonly engine?: "redis" | "valkey";
  /** Engine version. Defaults to `7.1` for redis and `8.0` for valkey. */
  readonly engineVersion?: string;
  /** Node type of every node. Defaults to `cache.r7g.large`. */
  readonly nodeType?: pulumi.Input<string>;
  /** Read replicas next to the primary node; the group has 1 + replicas nodes, at least 2. Defaults to `1`. */
  readonly replicas?: number;
  /** Days of daily snapshots kept, 7 to 35. Defaults to `7`. */
  readonly snapshotRetentionDays?: number;
  /** Daily UTC snapshot window. Defaults to `04:00-05:00`. */
  readonly snapshotWindow?: string;
  /** Weekly UTC maintenance window, outside the snapshot window. Defaults to `sun:05:30-sun:06:30`. */
  readonly maintenanceWindow?: string;
  /** SNS topic for ElastiCache events (failovers). Defaults to none. */
  readonly notificationTopicArn?: pulumi.Input<string>;
}

/** RecommendationsCacheArgs with every default applied. */
export interface ResolvedRecommendationsCacheArgs extends Required<
  Omit<RecommendationsCacheArgs, "notificationTopicArn">
> {
  readonly notificationTopicArn?: pulumi.Input<string>;
}

/** The args with every default applied, and every problem with them, each naming the property. */
export function resolveRecommendationsCacheArgs(
  args: RecommendationsCacheArgs,
): Resolved<ResolvedRecommendationsCacheArgs> {
  const engine = args.engine ?? "redis";
  const resolved: ResolvedRecommendationsCacheArgs = {
    ...args,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    allowedCidrBlocks: args.allowedCidrBlocks ?? [],
    availabilityZones: args.availabilityZones ?? [],
    engine,
    engineVersion: args.engineVersion ?? (engine === "valkey" ? "8.0" : "7.1"),
    nodeType: args.nodeType ?? "cache.r7g.large",
    replicas: args.replicas ?? 1,
    snapshotRetentionDays: args.snapshotRetentionDays ?? 7,
    snapshotWindow: args.snapshotWindow ?? "04:00-05:00",
    maintenanceWindow: args.maintenanceWindow ?? "sun:05:30-sun:06:30",
  };
  const errors: string[] = [];
  const { replicas, snapshotRetentionDays: retention } = resolved;
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) {
    errors.push(
      `replicas must be an integer from 1 to 5, so the group has at least 2 nodes for automatic failover (got ${replicas})`,
    );
  }
  if (resolved.subnetIds.length < 2) {
    errors.push(
      `subnetIds must hold at least 2 subnets in different AZs (got ${resolved.subnetIds.length})`,
    );
  }
  if (!Number.isInteger(retention) || retention < 7 || retention > 35) {
    errors.push(`snapshotRetentionDays must be an integer from 7 to 35 (got ${retention})`);
  }
  if (engine !== "redis" && engine !== "valkey") {
    errors.push(`engine must be redis or valkey (got "${engine}")`);
  }
  return { args: resolved, errors };
}

/**
 * The recommendations cache: a Redis (or Valkey) replication group with a primary and replicas across AZs,
 * automatic failover, encryption at rest (customer KMS key) and in transit, and daily snapshots. The cache is
 * not critical (the storefront degrades without it), so it carries no backup tag.
 */
export class RecommendationsCache extends pulumi.ComponentResource {
  public readonly replicationGroupId: pulumi.Output<string>;
  public readonly primaryEndpoint: pulumi.Output<string>;
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  public readonly securityGroupId: pulumi.Output<string>;

  constructor(
    name: string,
    args: RecommendationsCacheArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:data:RecommendationsCache", name, {}, opts);
    const a = requireValid(
      resolveRecommendationsCacheArgs(args),
      "RecommendationsCache",
      name,
      this,
    );
    const numCacheClusters = 1 + a.replicas;
    const azs = a.availabilityZones;
    const allowedSgs = a.allowedSecurityGroupIds;
    const allowedCidrs = a.allowedCidrBlocks;
    const ingress: aws.types.input.ec2.SecurityGroupIngress[] = [];
    if (allowedSgs.length > 0) {
      ingress.push({
        protocol: "tcp",
        fromPort: 6379,
        toPort: 6379,
        securityGroups: allowedSgs,
        description: "Redis from app security groups",
      });
    }
    if (allowedCidrs.length > 0) {
      ingress.push({
        protocol: "tcp",
        fromPort: 6379,
        toPort: 6379,
        cidrBlocks: allowedCidrs,
        description: "Redis from allowed networks",
      });
    }
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: ElastiCache at rest and snapshots`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      opt,
    );
    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      {
        subnetIds: a.subnetIds,
        description: `${name} private data subnets`,
      },
      opt,
    );
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: a.vpcId,
        description: `${name}: Redis from the app tier only`,
        ingress,
        egress: [],
        tags: { Name: `${name}-sg` },
      },
      opt,
    );
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-rg`,
      {
        description: `${name}: storefront recommendations cache`,
        engine: a.engine,
        engineVersion: a.engineVersion,
        nodeType: a.nodeType,
        port: 6379,
        numCacheClusters,
        preferredCacheClusterAzs:
          azs.length > 0
            ? Array.from({ length: numCacheClusters }, (_, i) => azs[i % azs.length])
            : undefined,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [sg.id],
        atRestEncryptionEnabled: true,
        kmsKeyId: key.arn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        snapshotRetentionLimit: a.snapshotRetentionDays,
        snapshotWindow: a.snapshotWindow,
        maintenanceWindow: a.maintenanceWindow,
        autoMinorVersionUpgrade: true,
        notificationTopicArn: a.notificationTopicArn,
      },
      opt,
    );

    this.replicationGroupId = group.id;
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.readerEndpoint = group.readerEndpointAddress;
    this.port = pulumi.output(6379);
    this.securityGroupId = sg.id;
    this.registerOutputs({
      replicationGroupId: this.replicationGroupId,
      primaryEndpoint: this.primaryEndpoint,
      readerEndpoint: this.readerEndpoint,
    });
  }
}
