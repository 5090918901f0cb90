import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { statefulTags } from "../tags";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface CatalogReplicaArgs {
  /** ARN of the primary region's catalog table (the primary's `catalogTableArn`). Required. */
  readonly globalTableArn: pulumi.Input<string>;
  /** Deletion protection; lifted only on purpose, before a lower tier deletes this. Defaults to `true`. */
  readonly deletionProtection?: boolean;
}

/** CatalogReplicaArgs with every default applied. */
export type ResolvedCatalogReplicaArgs = Required<CatalogReplicaArgs>;

/** The args with every default applied; there is nothing to validate before the ARN is known. */
export function resolveCatalogReplicaArgs(
  args: CatalogReplicaArgs,
): Resolved<ResolvedCatalogReplicaArgs> {
  return {
    args: { ...args, deletionProtection: args.deletionProtection ?? true },
    errors: [],
  };
}

/** The table name in a DynamoDB table ARN (`arn:aws:dynamodb:region:account:table/NAME`). */
export function tableNameFromArn(tableArn: string): string {
  const match = /:table\/([^/]+)/.exec(tableArn);
  if (!match) throw new Error(`not a DynamoDB table ARN: ${tableArn}`);
  return match[1];
}

/**
 * The catalog's replica in this (recovery) region, making the primary's table a global table. It has its own
 * KMS key (a replica cannot use another region's key), PITR and deletion protection, and carries the backup tag
 * because after a failover, or in active-active, it is a table that takes writes.
 */
export class CatalogReplica extends pulumi.ComponentResource {
  public readonly replicaArn: pulumi.Output<string>;
  public readonly tableName: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;

  constructor(name: string, args: CatalogReplicaArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:data:CatalogReplica", name, {}, opts);
    const a = requireValid(resolveCatalogReplicaArgs(args), "CatalogReplica", name, this);
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: DynamoDB catalog replica`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      opt,
    );
    const replica = new aws.dynamodb.TableReplica(
      `${name}-replica`,
      {
        globalTableArn: a.globalTableArn,
        kmsKeyArn: key.arn,
        pointInTimeRecovery: true,
        deletionProtectionEnabled: a.deletionProtection,
        tags: statefulTags(),
      },
      opt,
    );

    this.replicaArn = replica.arn;
    this.tableName = pulumi.output(a.globalTableArn).apply(tableNameFromArn);
    this.kmsKeyArn = key.arn;
    this.registerOutputs({
      replicaArn: this.replicaArn,
      tableName: this.tableName,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}
