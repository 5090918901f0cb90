import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { statefulTags } from "../tags";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { createSecureBucket } from "./secureBucket";

export interface AssetsBucketArgs {
  /**
   * The bucket's name. A stable, predictable name lets the recovery stack, the runbook and the policy pack's
   * cross-stack pairing find it. Defaults to `<name>-<account id>-<region>`.
   */
  readonly bucketName?: pulumi.Input<string>;
  /**
   * The source bucket (name or ARN) when this bucket is a replication destination. A destination is a copy, so
   * it carries no backup tag (DESIGN decision 10). Defaults to none (a source bucket, tagged for backup).
   */
  readonly replicaOf?: pulumi.Input<string>;
  /** Days a replaced or deleted object version is kept before it expires. Defaults to `90`. */
  readonly noncurrentVersionDays?: number;
}

/**
 * AssetsBucketArgs with every default applied. `bucketName` stays unset for its default, which names the account and
 * region: lookups the component makes (as its child), so not a pure value.
 */
export interface ResolvedAssetsBucketArgs extends Required<
  Omit<AssetsBucketArgs, "bucketName" | "replicaOf">
> {
  readonly bucketName?: pulumi.Input<string>;
  readonly replicaOf?: pulumi.Input<string>;
}

/**
 * The args with every default applied, and every problem with them, each naming the property. The component's
 * `name` is checked too: the default bucket name is built from it.
 */
export function resolveAssetsBucketArgs(
  name: string,
  args: AssetsBucketArgs,
): Resolved<ResolvedAssetsBucketArgs> {
  const resolved: ResolvedAssetsBucketArgs = {
    ...args,
    noncurrentVersionDays: args.noncurrentVersionDays ?? 90,
  };
  const errors: string[] = [];
  const days = resolved.noncurrentVersionDays;
  if (!Number.isInteger(days) || days < 1)
    errors.push(`noncurrentVersionDays must be a positive integer (got ${days})`);
  // The default name appends "-<12-digit account>-<region>" (up to 28 characters) within S3's 63.
  if (resolved.bucketName === undefined && !/^[a-z0-9][a-z0-9-]{2,34}$/.test(name)) {
    errors.push(
      `bucketName is required when the component name "${name}" is not 3-35 lowercase letters, digits or "-"`,
    );
  }
  return { args: resolved, errors };
}

/**
 * A region's storefront assets bucket: versioned (which replication requires), SSE-KMS with its own key, private,
 * ACLs disabled and TLS only. Old versions expire so versioning does not grow the bill forever.
 */
export class AssetsBucket extends pulumi.ComponentResource {
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly bucketRegionalDomainName: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;
  /** The bucket's versioning, which a replication configuration into or out of it must wait for (AssetsReplication). */
  public readonly versioning: aws.s3.BucketVersioning;

  constructor(
    name: string,
    args: AssetsBucketArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:data:AssetsBucket", name, {}, opts);
    const a = requireValid(resolveAssetsBucketArgs(name, args), "AssetsBucket", name, this);
    const tags = a.replicaOf === undefined ? statefulTags() : { "replica-of": a.replicaOf };
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: storefront assets`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      opt,
    );
    const bucketName =
      a.bucketName ??
      pulumi.interpolate`${name}-${aws.getCallerIdentityOutput({}, opt).accountId}-${aws.getRegionOutput({}, opt).region}`;
    const { bucket, versioning } = createSecureBucket(`${name}-bucket`, {
      bucket: bucketName,
      kmsKeyArn: key.arn,
      tags,
      parent: this,
    });
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-bucket`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-old-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: a.noncurrentVersionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      // Lifecycle rules on a versioned bucket must follow the versioning change.
      { ...opt, dependsOn: [versioning] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
    this.kmsKeyArn = key.arn;
    this.versioning = versioning;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}
