import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseTags, statefulTags } from "../tags";

export interface CatalogReplicaArgs {
  /** ARN of the primary region's catalog table (the primary's `catalogTableArn`). Required. */
  readonly globalTableArn: pulumi.Input<string>;
  /** Region role, for tags. Defaults to `recovery`. */
  readonly role?: string;
  /** Deletion protection; lifted only on purpose, before a lower tier deletes this. Defaults to `true`. */
  readonly deletionProtection?: boolean;
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
    const role = args.role ?? "recovery";
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: DynamoDB catalog replica`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: baseTags(role),
      },
      opt,
    );
    const replica = new aws.dynamodb.TableReplica(
      `${name}-replica`,
      {
        globalTableArn: args.globalTableArn,
        kmsKeyArn: key.arn,
        pointInTimeRecovery: true,
        deletionProtectionEnabled: args.deletionProtection ?? true,
        tags: statefulTags(role),
      },
      opt,
    );

    this.replicaArn = replica.arn;
    this.tableName = pulumi.output(args.globalTableArn).apply(tableNameFromArn);
    this.kmsKeyArn = key.arn;
    this.registerOutputs({
      replicaArn: this.replicaArn,
      tableName: this.tableName,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}
