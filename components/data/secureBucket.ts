import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SecureBucketOptions {
  /** Explicit bucket name; unset lets Pulumi auto-name it. */
  readonly bucket?: pulumi.Input<string>;
  /**
   * KMS key for default encryption (SSE-KMS with an S3 bucket key, which cuts KMS requests). `undefined` means
   * SSE-S3, for the rare object anonymous readers must get (a KMS-encrypted object needs kms:Decrypt).
   */
  readonly kmsKeyArn: pulumi.Input<string> | undefined;
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
  readonly parent: pulumi.Resource;
  /** Statements added to the TLS-only bucket policy (a bucket has one policy). */
  readonly extraStatements?: (
    bucketArn: pulumi.Output<string>,
  ) => pulumi.Input<Record<string, unknown>>[];
  /** Let the provider empty the bucket on delete: only for a bucket that holds no data. Defaults to `false`. */
  readonly forceDestroy?: boolean;
  /** Provider of the bucket's region, when it is not the stack's. */
  readonly provider?: pulumi.ProviderResource;
}

/**
 * A v7 `aws.s3.Bucket` with the settings every SecureCart bucket shares: versioning, SSE-KMS, all public access
 * blocked, ACLs disabled and a TLS-only policy. Not a component: its children belong to the caller's component.
 */
export function createSecureBucket(
  name: string,
  options: SecureBucketOptions,
): { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning } {
  const opt = {
    parent: options.parent,
    ...(options.provider ? { provider: options.provider } : {}),
  };
  const bucket = new aws.s3.Bucket(
    name,
    { bucket: options.bucket, forceDestroy: options.forceDestroy ?? false, tags: options.tags },
    opt,
  );
  const versioning = new aws.s3.BucketVersioning(
    name,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    opt,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    name,
    {
      bucket: bucket.id,
      rules: [
        options.kmsKeyArn === undefined
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
          : {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: options.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            },
      ],
    },
    opt,
  );
  const publicAccess = new aws.s3.BucketPublicAccessBlock(
    name,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opt,
  );
  new aws.s3.BucketOwnershipControls(
    name,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    opt,
  );
  new aws.s3.BucketPolicy(
    name,
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...(options.extraStatements?.(bucket.arn) ?? []),
        ],
      }),
    },
    { ...opt, dependsOn: [publicAccess] },
  );
  return { bucket, versioning };
}
