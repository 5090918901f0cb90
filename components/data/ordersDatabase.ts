import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { statefulTags } from "../tags";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { SERVERLESS_V2_LIMITS } from "../tiers/tierProfile";

/**
 * How this region's orders database relates to the other region's.
 * - `standalone`: a single-region cluster (backup-restore); its password is the AWS-managed master secret.
 * - `global-primary`: the writer of an Aurora global database; the password is generated and kept in a secret
 *   replicated to the peer region, because AWS manages no master password on global members (DESIGN decision 3).
 * - `global-secondary`: a read-only member in the recovery region, promoted by the failover runbook.
 * - `restored`: backup-restore's rebuilt region: a single-region cluster restored from the DR vault's snapshot
 *   (`snapshotIdentifier`), given credentials made ahead of time (`restoredCredentials`).
 */
export type OrdersDatabaseMode = "standalone" | "global-primary" | "global-secondary" | "restored";

export const ORDERS_DATABASE_MODES: readonly OrdersDatabaseMode[] = [
  "standalone",
  "global-primary",
  "global-secondary",
  "restored",
];

export interface OrdersDatabaseArgs {
  /** Relationship to the peer region's database. Required. */
  readonly mode: OrdersDatabaseMode;
  /** VPC of the security group. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** Private data subnets, one per AZ, for the DB subnet group (at least 2). Required. */
  readonly subnetIds: pulumi.Input<string>[];
  /** AZs the instances are spread over, round-robin (at least 2). Required. */
  readonly availabilityZones: string[];
  /** Security groups (the storefront tasks, the order-validation Lambda) allowed to reach port 5432. Defaults to `[]`. */
  readonly allowedSecurityGroupIds?: pulumi.Input<string>[];
  /** CIDR blocks allowed to reach port 5432 (e.g. the peer VPC over the TGW). Defaults to `[]`. */
  readonly allowedCidrBlocks?: pulumi.Input<string>[];
  /** Aurora PostgreSQL version; every member of a global database must run the same one. Defaults to `16.4`. */
  readonly engineVersion?: string;
  /** Number of DB instances (writer plus readers), each in its own AZ while AZs last; at least 2. Defaults to `2`. */
  readonly instanceCount?: number;
  /** Instance class of every instance (ignored with `serverlessV2`, whose class is `db.serverless`). Defaults to `db.r6g.large`. */
  readonly instanceClass?: pulumi.Input<string>;
  /**
   * Aurora Serverless v2 instances (`db.serverless`) scaling between these ACUs, instead of `instanceClass`:
   * 0.5-ACU steps within 0.5–256 (0, auto-pause, is refused: a global secondary must keep up with replication).
   * Defaults to `undefined` (provisioned).
   */
  readonly serverlessV2?: { readonly minAcu: number; readonly maxAcu: number };
  /** Days of automated backups (point-in-time restore), 7 to 35. Defaults to `7`. */
  readonly backupRetentionDays?: number;
  /** Daily UTC window for automated backups. Defaults to `03:00-04:00`. */
  readonly preferredBackupWindow?: string;
  /** Weekly UTC maintenance window, outside the backup window. Defaults to `sun:04:30-sun:05:30`. */
  readonly preferredMaintenanceWindow?: string;
  /** Initial database name (not used by `global-secondary`, which inherits it). Defaults to `orders`. */
  readonly databaseName?: string;
  /** Master user name (not used by `global-secondary`). Defaults to `securecart`. */
  readonly masterUsername?: string;
  /** `global-primary` only: the recovery region that gets a replica of the password secret. Required there. */
  readonly peerRegion?: string;
  /** `global-secondary` only: the global cluster to join (the primary's `globalClusterId`). Required there. */
  readonly globalClusterIdentifier?: pulumi.Input<string>;
  /**
   * `global-secondary` only: the global cluster's writer endpoint, which always names the current writer (the
   * primary stack's output). Required there.
   */
  readonly globalWriterEndpoint?: pulumi.Input<string>;
  /** `global-secondary` only: ARN of the password secret's replica in this region. Required there. */
  readonly replicaSecretArn?: pulumi.Input<string>;
  /**
   * Global modes: forward writes to the global writer while this cluster is a secondary (active-active). On the
   * primary it takes effect once a failover demotes it, so both regions keep taking writes. Defaults to `false`.
   */
  readonly enableGlobalWriteForwarding?: boolean;
  /** Deletion protection; lifted only on purpose, before a lower tier deletes this. Defaults to `true`. */
  readonly deletionProtection?: boolean;
  /** `restored` only: the cluster snapshot (ARN) to restore, an AWS Backup recovery point. Required there. */
  readonly snapshotIdentifier?: string;
  /** `restored` only: the secret the storefront reads, and the password the cluster is given. Required there. */
  readonly restoredCredentials?: {
    readonly secretArn: pulumi.Input<string>;
    readonly password: pulumi.Input<string>;
  };
}

/** The args that only some modes use, or that have no default: they stay optional once resolved. */
type OrdersDatabaseOptionalArgs =
  | "serverlessV2"
  | "peerRegion"
  | "globalClusterIdentifier"
  | "globalWriterEndpoint"
  | "replicaSecretArn"
  | "snapshotIdentifier"
  | "restoredCredentials";

/**
 * OrdersDatabaseArgs with every default applied. `instanceClass` is the class every instance gets: `db.serverless`
 * with `serverlessV2`.
 */
export type ResolvedOrdersDatabaseArgs = Required<
  Omit<OrdersDatabaseArgs, OrdersDatabaseOptionalArgs>
> &
  Pick<OrdersDatabaseArgs, OrdersDatabaseOptionalArgs>;

/** The args with every default applied, and every problem with them, each naming the property. */
export function resolveOrdersDatabaseArgs(
  args: OrdersDatabaseArgs,
): Resolved<ResolvedOrdersDatabaseArgs> {
  const resolved: ResolvedOrdersDatabaseArgs = {
    ...args,
    allowedSecurityGroupIds: args.allowedSecurityGroupIds ?? [],
    allowedCidrBlocks: args.allowedCidrBlocks ?? [],
    engineVersion: args.engineVersion ?? "16.4",
    instanceCount: args.instanceCount ?? 2,
    instanceClass: args.serverlessV2 ? "db.serverless" : (args.instanceClass ?? "db.r6g.large"),
    backupRetentionDays: args.backupRetentionDays ?? 7,
    preferredBackupWindow: args.preferredBackupWindow ?? "03:00-04:00",
    preferredMaintenanceWindow: args.preferredMaintenanceWindow ?? "sun:04:30-sun:05:30",
    databaseName: args.databaseName ?? "orders",
    masterUsername: args.masterUsername ?? "securecart",
    enableGlobalWriteForwarding: args.enableGlobalWriteForwarding ?? false,
    deletionProtection: args.deletionProtection ?? true,
  };
  const errors: string[] = [];
  const { mode, instanceCount, backupRetentionDays: retention } = resolved;
  if (!ORDERS_DATABASE_MODES.includes(mode)) {
    errors.push(`mode must be one of ${ORDERS_DATABASE_MODES.join(", ")} (got "${mode}")`);
  }
  // A writer needs a second instance to fail over to in-region; a standby secondary only replicates until it is
  // promoted, so one reader is enough there.
  const minInstances = mode === "global-secondary" ? 1 : 2;
  if (!Number.isInteger(instanceCount) || instanceCount < minInstances) {
    errors.push(
      minInstances === 2
        ? `instanceCount must be an integer of at least 2, so a writer failure fails over in-region (got ${instanceCount})`
        : `instanceCount must be an integer of at least 1 (got ${instanceCount})`,
    );
  }
  if (resolved.availabilityZones.length < 2) {
    errors.push(
      `availabilityZones must hold at least 2 zones (got ${resolved.availabilityZones.length})`,
    );
  }
  if (resolved.subnetIds.length < 2) {
    errors.push(
      `subnetIds must hold at least 2 subnets in different AZs (got ${resolved.subnetIds.length})`,
    );
  }
  if (!Number.isInteger(retention) || retention < 7 || retention > 35) {
    errors.push(`backupRetentionDays must be an integer from 7 to 35 (got ${retention})`);
  }
  if (mode === "global-primary" && !resolved.peerRegion) {
    errors.push(`peerRegion is required in global-primary mode, to replicate the password secret`);
  }
  if (mode === "global-secondary") {
    if (!resolved.globalClusterIdentifier)
      errors.push(`globalClusterIdentifier is required in global-secondary mode`);
    if (!resolved.replicaSecretArn)
      errors.push(`replicaSecretArn is required in global-secondary mode`);
    if (!resolved.globalWriterEndpoint)
      errors.push(`globalWriterEndpoint is required in global-secondary mode`);
  }
  if (resolved.enableGlobalWriteForwarding && (mode === "standalone" || mode === "restored")) {
    errors.push(
      `enableGlobalWriteForwarding applies only to a global database member (got mode "${mode}")`,
    );
  }
  errors.push(...validateServerlessV2(resolved.serverlessV2));
  if (mode === "restored") {
    if (!resolved.snapshotIdentifier)
      errors.push(`snapshotIdentifier is required in restored mode`);
    if (!resolved.restoredCredentials)
      errors.push(`restoredCredentials is required in restored mode`);
  } else if (
    resolved.snapshotIdentifier !== undefined ||
    resolved.restoredCredentials !== undefined
  ) {
    errors.push(
      `snapshotIdentifier and restoredCredentials apply only in restored mode (got mode "${mode}")`,
    );
  }
  return { args: resolved, errors };
}

/**
 * Problems with a Serverless v2 capacity range, naming `serverlessV2`. Limits from the Aurora User Guide
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.requirements.html): 0 to
 * 256 ACUs in 0.5-ACU increments, minimum ≤ maximum. 0 is auto-pause, which a replicating standby must not do.
 */
export function validateServerlessV2(
  range: { readonly minAcu: number; readonly maxAcu: number } | undefined,
): string[] {
  if (!range) return [];
  const errors: string[] = [];
  const { minAcu, maxAcu } = range;
  const { maxAcu: limit, stepAcu } = SERVERLESS_V2_LIMITS;
  for (const [key, v] of [
    ["minAcu", minAcu],
    ["maxAcu", maxAcu],
  ] as const) {
    if (!Number.isFinite(v) || v < stepAcu || v > limit || !Number.isInteger(v / stepAcu)) {
      errors.push(
        `serverlessV2.${key} must be a multiple of ${stepAcu} from ${stepAcu} to ${limit} ACUs (got ${v})`,
      );
    }
  }
  if (minAcu > maxAcu)
    errors.push(
      `serverlessV2.minAcu must be at most serverlessV2.maxAcu (got ${minAcu} > ${maxAcu})`,
    );
  return errors;
}

/** A generated master password. Letters and digits only: the password also goes into connection URLs. */
export function masterPassword(
  name: string,
  opts: pulumi.CustomResourceOptions,
): random.RandomPassword {
  return new random.RandomPassword(
    name,
    { length: 32, special: false, minLower: 1, minUpper: 1, minNumeric: 1 },
    opts,
  );
}

/**
 * The ARN of a Secrets Manager secret's replica in another region: AWS keeps the name and random suffix and
 * changes only the region, so the recovery stack can derive it from the primary's `dbSecretArn`.
 */
export function secretReplicaArn(primarySecretArn: string, region: string): string {
  const parts = primarySecretArn.split(":");
  if (parts.length < 7 || parts[2] !== "secretsmanager")
    throw new Error(`not a Secrets Manager ARN: ${primarySecretArn}`);
  parts[3] = region;
  return parts.join(":");
}

/**
 * Aurora PostgreSQL for orders and payments: encrypted with its own KMS key, Multi-AZ instances, deletion
 * protection, automated backups and a final snapshot, reachable on 5432 only from the given sources. The mode
 * decides how it joins the peer region (see {@link OrdersDatabaseMode}).
 */
export class OrdersDatabase extends pulumi.ComponentResource {
  public readonly clusterArn: pulumi.Output<string>;
  public readonly clusterIdentifier: pulumi.Output<string>;
  public readonly endpoint: pulumi.Output<string>;
  public readonly readerEndpoint: pulumi.Output<string>;
  public readonly port: pulumi.Output<number>;
  /** The secret holding the master credentials, in this region. */
  public readonly secretArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  /** The global cluster (global modes); undefined for `standalone`. */
  public readonly globalClusterId: pulumi.Output<string> | undefined;
  /**
   * The global writer endpoint (global modes): it follows a switchover or failover to the new writer, while a
   * secondary cluster's own writer endpoint is inactive ("Connecting to Amazon Aurora Global Database":
   * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-connecting.html).
   */
  public readonly globalWriterEndpoint: pulumi.Output<string> | undefined;
  /** The database the storefront connects to. */
  public readonly databaseName: string;
  public readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: OrdersDatabaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:data:OrdersDatabase", name, {}, opts);
    const a = requireValid(resolveOrdersDatabaseArgs(args), "OrdersDatabase", name, this);
    const { mode, databaseName, masterUsername, deletionProtection } = a;
    const engine = "aurora-postgresql";
    // The cluster carries the range; every db.serverless instance scales within it (Requirements and limitations).
    const scaling = a.serverlessV2
      ? {
          serverlessv2ScalingConfiguration: {
            minCapacity: a.serverlessV2.minAcu,
            maxCapacity: a.serverlessV2.maxAcu,
          },
        }
      : {};
    this.databaseName = databaseName;
    const opt = { parent: this };

    // A key per region: a cross-region secondary cannot use the primary region's key.
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: Aurora storage, Performance Insights and credentials`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      opt,
    );
    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        subnetIds: a.subnetIds,
        description: `${name} private data subnets`,
      },
      opt,
    );
    // No egress rules: the database never opens connections. Ingress is one rule resource per source, never
    // inline, so the peer region's stack can add its own rule (active-active writes through the global writer
    // endpoint) without the two fighting: the provider forbids mixing inline rules with rule resources
    // (https://www.pulumi.com/registry/packages/aws/api-docs/ec2/securitygroup/).
    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: a.vpcId,
        description: `${name}: PostgreSQL from the app tier only`,
        egress: [],
        tags: { Name: `${name}-sg` },
      },
      opt,
    );
    a.allowedSecurityGroupIds.forEach((source, i) => {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-sg-${i}`,
        {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 5432,
          toPort: 5432,
          referencedSecurityGroupId: source,
          description: "PostgreSQL from app security groups",
        },
        opt,
      );
    });
    a.allowedCidrBlocks.forEach((cidr, i) => {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-from-cidr-${i}`,
        {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: 5432,
          toPort: 5432,
          cidrIpv4: cidr,
          description: "PostgreSQL from allowed networks",
        },
        opt,
      );
    });

    const common: aws.rds.ClusterArgs = {
      engine,
      engineVersion: a.engineVersion,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [sg.id],
      storageEncrypted: true,
      kmsKeyId: key.arn,
      deletionProtection,
      backupRetentionPeriod: a.backupRetentionDays,
      preferredBackupWindow: a.preferredBackupWindow,
      preferredMaintenanceWindow: a.preferredMaintenanceWindow,
      copyTagsToSnapshot: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${name}-final`,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql"],
      tags: statefulTags(),
      ...scaling,
    };
    // The runbook's scale-database step raises the floor at failover (scripts/failover/mutations.ts): `pulumi up`
    // after it must not lower it again (DESIGN.md decision 9). A provisioned cluster has no range, so ignoring it
    // there changes nothing.
    const runtime = ["serverlessv2ScalingConfiguration.minCapacity"];

    let cluster: aws.rds.Cluster;
    let secretArn: pulumi.Output<string>;
    let globalClusterId: pulumi.Output<string> | undefined;
    let globalWriterEndpoint: pulumi.Output<string> | undefined;
    if (mode === "standalone") {
      cluster = new aws.rds.Cluster(
        `${name}-cluster`,
        {
          ...common,
          databaseName,
          masterUsername,
          manageMasterUserPassword: true,
          masterUserSecretKmsKeyId: key.arn,
        },
        // The same resource as a global primary's cluster: a tier switch up converts it in place (see below).
        { ...opt, ignoreChanges: ["globalClusterIdentifier", ...runtime] },
      );
      secretArn = cluster.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    } else if (mode === "global-primary") {
      const password = masterPassword(`${name}-password`, opt);
      // The cluster is created on its own and the global cluster is made *from* it (sourceDbClusterIdentifier),
      // so growing from backup-restore converts the existing cluster in place: it is never replaced or emptied
      // (DESIGN.md decision 13). AWS then sets the cluster's globalClusterIdentifier itself, which `pulumi up`
      // must not try to undo (terraform-provider-aws rds_global_cluster docs, "New Global Cluster From Existing
      // DB Cluster": ignore_changes on global_cluster_identifier).
      cluster = new aws.rds.Cluster(
        `${name}-cluster`,
        {
          ...common,
          databaseName,
          masterUsername,
          masterPassword: pulumi.secret(password.result),
          ...(a.enableGlobalWriteForwarding ? { enableGlobalWriteForwarding: true } : {}),
        },
        { ...opt, ignoreChanges: ["globalClusterIdentifier", ...runtime] },
      );
      // engine, version, database name and encryption come from the source cluster (they conflict with it).
      // forceDestroy detaches the members on delete, so lowering the tier leaves the cluster standing alone.
      const global = new aws.rds.GlobalCluster(
        `${name}-global`,
        {
          globalClusterIdentifier: `${name}-global`,
          sourceDbClusterIdentifier: cluster.arn,
          forceDestroy: true,
          deletionProtection,
          tags: statefulTags(),
        },
        opt,
      );
      // The replica lets the recovery region read the credentials while this region is down.
      const secret = new aws.secretsmanager.Secret(
        `${name}-credentials`,
        {
          description: `${name}: master credentials of the orders global database`,
          kmsKeyId: key.arn,
          replicas: [{ region: a.peerRegion! }],
        },
        opt,
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-credentials`,
        {
          secretId: secret.id,
          secretString: pulumi.secret(
            pulumi.jsonStringify({
              username: masterUsername,
              password: password.result,
              engine: "postgres",
              host: cluster.endpoint,
              port: cluster.port,
              dbname: databaseName,
            }),
          ),
        },
        opt,
      );
      secretArn = secret.arn;
      globalClusterId = global.globalClusterIdentifier;
      globalWriterEndpoint = global.endpoint;
    } else if (mode === "restored") {
      // Engine, database name and master user come from the snapshot; the password is set on the restored
      // cluster (RestoreDBClusterFromSnapshot takes none: the provider modifies the cluster after the restore).
      // A later, newer restore point in config must not replace a cluster that has taken orders since: the
      // restore is the cluster's birth, not a setting (https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/).
      cluster = new aws.rds.Cluster(
        `${name}-cluster`,
        {
          ...common,
          snapshotIdentifier: a.snapshotIdentifier,
          masterPassword: pulumi.secret(a.restoredCredentials!.password),
        },
        { ...opt, ignoreChanges: ["snapshotIdentifier", "globalClusterIdentifier", ...runtime] },
      );
      secretArn = pulumi.output(a.restoredCredentials!.secretArn);
    } else {
      cluster = new aws.rds.Cluster(
        `${name}-cluster`,
        {
          ...common,
          globalClusterIdentifier: a.globalClusterIdentifier,
          enableGlobalWriteForwarding: a.enableGlobalWriteForwarding,
        },
        // The failover runbook detaches and promotes this cluster; `pulumi up` must not re-attach it.
        {
          ...opt,
          ignoreChanges: ["globalClusterIdentifier", "replicationSourceIdentifier", ...runtime],
        },
      );
      secretArn = pulumi.output(a.replicaSecretArn!);
      globalClusterId = pulumi.output(a.globalClusterIdentifier!);
      globalWriterEndpoint = pulumi.output(a.globalWriterEndpoint!);
    }

    for (let i = 0; i < a.instanceCount; i++) {
      new aws.rds.ClusterInstance(
        `${name}-${i}`,
        {
          clusterIdentifier: cluster.id,
          engine,
          instanceClass: a.instanceClass,
          availabilityZone: a.availabilityZones[i % a.availabilityZones.length],
          dbSubnetGroupName: subnetGroup.name,
          publiclyAccessible: false,
          performanceInsightsEnabled: true,
          performanceInsightsKmsKeyId: key.arn,
          autoMinorVersionUpgrade: true,
          promotionTier: i,
          // Backups are per cluster, so instances carry no backup selection tag (nor any tag of their own).
        },
        opt,
      );
    }

    this.clusterArn = cluster.arn;
    this.clusterIdentifier = cluster.clusterIdentifier;
    this.endpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.port = cluster.port;
    this.secretArn = secretArn;
    this.securityGroupId = sg.id;
    this.globalClusterId = globalClusterId;
    this.globalWriterEndpoint = globalWriterEndpoint;
    this.kmsKeyArn = key.arn;
    this.registerOutputs({
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      secretArn: this.secretArn,
      globalClusterId: this.globalClusterId,
    });
  }
}
