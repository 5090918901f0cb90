import type { PlannedResource } from "../support/harness";

/** The resources with these names, in this order (registration order is not deterministic). */
export function byName(resources: PlannedResource[], ...names: string[]): PlannedResource[] {
  return names.map((n) => {
    const found = resources.filter((r) => r.name === n);
    if (found.length !== 1)
      throw new Error(`expected one resource named ${n}, found ${found.length}`);
    return found[0];
  });
}

/** The resources sorted by name (e.g. `db-0`, `db-1`, ...). */
export function sortedByName(resources: PlannedResource[]): PlannedResource[] {
  return [...resources].sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
}

/** What `createSecureBucket` makes, by type. */
export const CREATE_SECURE_BUCKET_RESOURCES = {
  "aws:s3/bucket:Bucket": 1,
  "aws:s3/bucketVersioning:BucketVersioning": 1,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
  "aws:s3/bucketPolicy:BucketPolicy": 1,
};

/** The children of every SecureBucket (assets buckets, the snapshot-export bucket), by type. */
export const SECURE_BUCKET_CHILDREN = {
  "aws:kms/key:Key": 1,
  ...CREATE_SECURE_BUCKET_RESOURCES,
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
};
