import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { serviceTrustPolicy } from "../iam";

/** A bucket replication reads from or writes to, and the KMS key of its objects. */
export interface ReplicatedBucket {
  /** The bucket's ARN. Required. */
  readonly bucketArn: pulumi.Input<string>;
  /** The KMS key its objects are encrypted with. Required. */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** The bucket replication reads from. */
export interface ReplicationSource extends ReplicatedBucket {
  /** The bucket's name, which the replication configuration is put on. Required. */
  readonly bucketName: pulumi.Input<string>;
}

export interface AssetsReplicationArgs {
  /**
   * The primary's assets bucket (its stack's `assetsBucketName`, `assetsBucketArn`, `assetsKmsKeyArn`), whose
   * objects are decrypted with its key. Required.
   */
  readonly source: ReplicationSource;
  /**
   * This region's destination bucket (an `AssetsBucket` with `replicaOf`), whose key re-encrypts the replicas.
   * Required.
   */
  readonly destination: ReplicatedBucket;
  /** Provider for the primary region, where the replication configuration lives. Required. */
  readonly primaryProvider: aws.Provider;
  /** Minutes within which S3 Replication Time Control replicates objects (and alarms when late). Defaults to `15`. */
  readonly replicationTimeMinutes?: number;
}

/** AssetsReplicationArgs with every default applied. */
export type ResolvedAssetsReplicationArgs = Required<AssetsReplicationArgs>;

/** The args with every default applied, and every problem with them, each naming the property. */
export function resolveAssetsReplicationArgs(
  args: AssetsReplicationArgs,
): Resolved<ResolvedAssetsReplicationArgs> {
  const resolved: ResolvedAssetsReplicationArgs = {
    ...args,
    replicationTimeMinutes: args.replicationTimeMinutes ?? 15,
  };
  const minutes = resolved.replicationTimeMinutes;
  // S3 RTC offers exactly one threshold.
  const errors =
    minutes === 15
      ? []
      : [`replicationTimeMinutes must be 15, the only S3 RTC threshold (got ${minutes})`];
  return { args: resolved, errors };
}

/**
 * Cross-region replication of the primary's assets bucket into this region, owned by the recovery stack
 * (DESIGN decision 1): the replication role and the `BucketReplicationConfig` on the primary bucket are created
 * through the primary region's provider. Every object, delete marker and KMS-encrypted object is replicated with
 * Replication Time Control, so the DR copy is at most minutes behind.
 *
 * PutBucketReplication fails unless both buckets have versioning enabled ("Both source and destination buckets must
 * have versioning enabled", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html; the
 * provider's example adds `depends_on` the versioning:
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_replication_configuration).
 * Create this component with `dependsOn` the destination's `AssetsBucket.versioning`; the source's is the primary
 * stack's, which deploys first.
 */
export class AssetsReplication extends pulumi.ComponentResource {
  public readonly roleArn: pulumi.Output<string>;
  public readonly replicationConfigId: pulumi.Output<string>;

  constructor(
    name: string,
    args: AssetsReplicationArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:data:AssetsReplication", name, {}, opts);
    const a = requireValid(resolveAssetsReplicationArgs(args), "AssetsReplication", name, this);
    const { source, destination, replicationTimeMinutes: minutes } = a;
    const primary = { parent: this, provider: a.primaryProvider };

    const replicationRole = new aws.iam.Role(
      `${name}-role`,
      {
        description: `${name}: S3 replication of the assets bucket to the recovery region`,
        assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com"),
      },
      primary,
    );
    const policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: replicationRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ReadSourceConfig",
              Effect: "Allow",
              Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
              Resource: source.bucketArn,
            },
            {
              Sid: "ReadSourceVersions",
              Effect: "Allow",
              Action: [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
              ],
              Resource: pulumi.interpolate`${source.bucketArn}/*`,
            },
            {
              Sid: "WriteDestination",
              Effect: "Allow",
              Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              Resource: pulumi.interpolate`${destination.bucketArn}/*`,
            },
            {
              Sid: "DecryptSource",
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: source.kmsKeyArn,
            },
            {
              Sid: "EncryptDestination",
              Effect: "Allow",
              Action: ["kms:Encrypt", "kms:GenerateDataKey"],
              Resource: destination.kmsKeyArn,
            },
          ],
        }),
      },
      primary,
    );
    const config = new aws.s3.BucketReplicationConfig(
      `${name}-config`,
      {
        bucket: source.bucketName,
        role: replicationRole.arn,
        rules: [
          {
            id: "all-objects-to-recovery",
            status: "Enabled",
            priority: 0,
            filter: {},
            deleteMarkerReplication: { status: "Enabled" },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            destination: {
              bucket: destination.bucketArn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: destination.kmsKeyArn },
              replicationTime: { status: "Enabled", time: { minutes } },
              metrics: { status: "Enabled", eventThreshold: { minutes } },
            },
          },
        ],
      },
      // S3 checks the role's permissions when the configuration is put.
      { ...primary, dependsOn: [policy] },
    );

    this.roleArn = replicationRole.arn;
    this.replicationConfigId = config.id;
    this.registerOutputs({ roleArn: this.roleArn, replicationConfigId: this.replicationConfigId });
  }
}
