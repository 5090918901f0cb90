/**
 * What would stop a planned replace or delete from going through, and the step that lifts it. Each guard
 * follows what the engine or AWS documents:
 * - `protect`: the engine refuses to delete a protected resource ("protect" resource option,
 *   https://www.pulumi.com/docs/iac/concepts/options/protect/).
 * - Deletion protection: DeleteDBCluster and DeleteGlobalCluster fail while DeletionProtection is on (RDS API
 *   reference); DeleteTable fails while DeletionProtectionEnabled is on (DynamoDB API reference, also for
 *   a replica's table); DeleteLoadBalancer fails while `deletion_protection.enabled` is on (ELB attributes).
 * - Data that must go first: DeleteBucket fails on a bucket that is not empty (S3 API reference) unless the
 *   provider empties it (`forceDestroy`); DeleteBackupVault fails while the vault holds recovery points
 *   (AWS Backup API reference) unless `forceDestroy`; DeleteRepository fails while it holds images unless
 *   `forceDelete` (ECR API reference).
 */
import type { PlannedResource } from "../../policy-pack/offline";
import { parseUrn } from "./engineUrn";

export interface Guard {
  readonly by: string;
  readonly lift: string;
}

/** The config step that turns deletion protection off for a stack (DESIGN.md decision 9 and 13). */
export function liftDeletionProtection(stack: string): string {
  return `pulumi config set securecart:deletionProtection false --stack ${stack} && pulumi up --stack ${stack}, then switch the tier`;
}

const DELETION_PROTECTION: Readonly<Record<string, string>> = {
  "aws:rds/cluster:Cluster": "deletionProtection",
  "aws:rds/globalCluster:GlobalCluster": "deletionProtection",
  "aws:dynamodb/table:Table": "deletionProtectionEnabled",
  "aws:dynamodb/tableReplica:TableReplica": "deletionProtectionEnabled",
  "aws:lb/loadBalancer:LoadBalancer": "enableDeletionProtection",
};

const MUST_BE_EMPTY: Readonly<Record<string, { flag: string; what: string; empty: string }>> = {
  "aws:s3/bucket:Bucket": {
    flag: "forceDestroy",
    what: "a bucket that still holds objects",
    empty: "empty the bucket (every object version) first",
  },
  "aws:s3/bucketV2:BucketV2": {
    flag: "forceDestroy",
    what: "a bucket that still holds objects",
    empty: "empty the bucket (every object version) first",
  },
  "aws:backup/vault:Vault": {
    flag: "forceDestroy",
    what: "a vault that still holds recovery points",
    empty: "delete or expire its recovery points first",
  },
  "aws:ecr/repository:Repository": {
    flag: "forceDelete",
    what: "a repository that still holds images",
    empty: "delete its images first",
  },
};

/**
 * Deletes that must run before the rest of the switch, because the engine deletes last. Leaving a global tier,
 * the primary cluster changes to the managed master password, which AWS does not allow on a global cluster
 * member (DESIGN.md decision 3); so the global cluster (forceDestroy detaches its members) goes first.
 */
const DELETE_FIRST: Readonly<Record<string, string>> = {
  "aws:rds/globalCluster:GlobalCluster":
    "the cluster must leave the global cluster before its password changes",
};

export function deleteGuard(r: PlannedResource): Guard | undefined {
  const stack = parseUrn(r.urn).stack;
  if (r.protect)
    return { by: "protect", lift: `pulumi state unprotect '${r.urn}' --stack ${stack}` };
  const flag = DELETION_PROTECTION[r.type];
  if (flag && r.inputs[flag] === true) {
    const first = DELETE_FIRST[r.type];
    const lift = liftDeletionProtection(stack).replace(/, then switch the tier$/, "");
    return first
      ? {
          by: `deletion protection (${flag})`,
          lift: `${lift}, then pulumi destroy --target '${r.urn}' --stack ${stack} (${first}), then switch the tier`,
        }
      : { by: `deletion protection (${flag})`, lift: liftDeletionProtection(stack) };
  }
  const data = MUST_BE_EMPTY[r.type];
  if (data && r.inputs[data.flag] !== true)
    return { by: `AWS refuses to delete ${data.what} (${data.flag} is off)`, lift: data.empty };
  return undefined;
}
