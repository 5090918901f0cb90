// S3 rules. v7 splits a bucket's settings into separate resources, so these are stack rules.
import { StackValidationPolicy } from "@pulumi/policy";
import { BUCKET_TYPES, forEachKnown, T, whenKnown } from "./common";
import { isExempt, links, ofType } from "./relations";

export const s3BucketVersioning: StackValidationPolicy = {
  name: "s3-bucket-versioning",
  description:
    "S3 buckets (v7 Bucket and legacy BucketV2) have versioning enabled, which replication and backup need.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const versionings = ofType(args.resources, T.bucketVersioning, T.bucketVersioningV2);
    forEachKnown(versionings, (v) => {
      if (v.props.versioningConfiguration?.status !== "Enabled") {
        report('S3 bucket versioningConfiguration.status must be "Enabled".', v.urn);
      }
    });
    for (const b of ofType(args.resources, BUCKET_TYPES)) {
      if (isExempt(b)) {
        continue;
      }
      const inline = whenKnown(() => b.props.versioning?.enabled === true) ?? true;
      const separate = versionings.some(
        (v) => whenKnown(() => links(v, "bucket", b, "bucket")) ?? true,
      );
      if (!inline && !separate) {
        report("S3 bucket must have a BucketVersioning resource with status Enabled.", b.urn);
      }
    }
  },
};

export const storageRules: StackValidationPolicy[] = [s3BucketVersioning];
