import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseTags } from "../tags";
import { serviceTrustPolicy } from "../iam";

export interface AssetsReplicationArgs {
  /** The primary's assets bucket name (the primary's `assetsBucketName`). Required. */
  readonly sourceBucketName: pulumi.Input<string>;
  /** The primary's assets bucket ARN (the primary's `assetsBucketArn`). Required. */
  readonly sourceBucketArn: pulumi.Input<string>;
  /** The KMS key that encrypts the source bucket's objects. Required. */
  readonly sourceKmsKeyArn: pulumi.Input<string>;
  /** This region's destination bucket ARN (an `AssetsBucket` with `replicaOf`). Required. */
  readonly destinationBucketArn: pulumi.Input<string>;
  /** This region's destination bucket KMS key, used to re-encrypt the replicas. Required. */
  readonly destinationKmsKeyArn: pulumi.Input<string>;
  /** Provider for the primary region, where the replication configuration lives. Required. */
  readonly primaryProvider: aws.Provider;
  /** Minutes within which S3 Replication Time Control replicates objects (and alarms when late). Defaults to `15`. */
  readonly replicationTimeMinutes?: number;
  /** Region role of the owning stack, for tags. Defaults to `recovery`. */
  readonly role?: string;
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
    const minutes = args.replicationTimeMinutes ?? 15;
    if (minutes !== 15) {
      // S3 RTC offers exactly one threshold.
      throw new pulumi.ResourceError(
        `AssetsReplication ${name}: replicationTimeMinutes must be 15, the only S3 RTC threshold (got ${minutes})`,
        this,
      );
    }
    const role = args.role ?? "recovery";
    const primary = { parent: this, provider: args.primaryProvider };

    const replicationRole = new aws.iam.Role(
      `${name}-role`,
      {
        description: `${name}: S3 replication of the assets bucket to the recovery region`,
        assumeRolePolicy: serviceTrustPolicy("s3.amazonaws.com"),
        tags: baseTags(role),
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
              Resource: args.sourceBucketArn,
            },
            {
              Sid: "ReadSourceVersions",
              Effect: "Allow",
              Action: [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
              ],
              Resource: pulumi.interpolate`${args.sourceBucketArn}/*`,
            },
            {
              Sid: "WriteDestination",
              Effect: "Allow",
              Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              Resource: pulumi.interpolate`${args.destinationBucketArn}/*`,
            },
            {
              Sid: "DecryptSource",
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: args.sourceKmsKeyArn,
            },
            {
              Sid: "EncryptDestination",
              Effect: "Allow",
              Action: ["kms:Encrypt", "kms:GenerateDataKey"],
              Resource: args.destinationKmsKeyArn,
            },
          ],
        }),
      },
      primary,
    );
    const config = new aws.s3.BucketReplicationConfig(
      `${name}-config`,
      {
        bucket: args.sourceBucketName,
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
              bucket: args.destinationBucketArn,
              storageClass: "STANDARD",
              encryptionConfiguration: { replicaKmsKeyId: args.destinationKmsKeyArn },
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
