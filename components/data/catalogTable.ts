import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { statefulTags } from "../tags";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface CatalogTableArgs {
  /** Table name; the recovery region's replica gets the same name. Defaults to `catalog`. */
  readonly tableName?: string;
  /** Days of point-in-time recovery, 1 to 35. Defaults to `35`. */
  readonly pointInTimeRecoveryDays?: number;
  /** Deletion protection; lifted only on purpose, before a lower tier deletes this. Defaults to `true`. */
  readonly deletionProtection?: boolean;
}

/** CatalogTableArgs with every default applied. */
export type ResolvedCatalogTableArgs = Required<CatalogTableArgs>;

/** The args with every default applied, and every problem with them, each naming the property. */
export function resolveCatalogTableArgs(
  args: CatalogTableArgs,
): Resolved<ResolvedCatalogTableArgs> {
  const resolved: ResolvedCatalogTableArgs = {
    tableName: args.tableName ?? "catalog",
    pointInTimeRecoveryDays: args.pointInTimeRecoveryDays ?? 35,
    deletionProtection: args.deletionProtection ?? true,
  };
  const errors: string[] = [];
  const { tableName, pointInTimeRecoveryDays: pitrDays } = resolved;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    errors.push(`tableName must be 3 to 255 letters, digits, "_", "-" or "." (got "${tableName}")`);
  }
  if (!Number.isInteger(pitrDays) || pitrDays < 1 || pitrDays > 35) {
    errors.push(`pointInTimeRecoveryDays must be an integer from 1 to 35 (got ${pitrDays})`);
  }
  return { args: resolved, errors };
}

/**
 * The product catalog: an on-demand DynamoDB table with PITR, deletion protection and a customer KMS key. Its
 * stream (new and old images) is what a global table replicates; the replica itself is a `TableReplica` owned by
 * the recovery stack (DESIGN decision 1), so this table declares no `replicas`.
 */
export class CatalogTable extends pulumi.ComponentResource {
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;
  public readonly streamArn: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: CatalogTableArgs = {},
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:data:CatalogTable", name, {}, opts);
    const a = requireValid(resolveCatalogTableArgs(args), "CatalogTable", name, this);
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: DynamoDB catalog table`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
      },
      opt,
    );
    const table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name: a.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
        pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: a.pointInTimeRecoveryDays },
        deletionProtectionEnabled: a.deletionProtection,
        serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        tags: statefulTags(),
      },
      // The recovery stack's TableReplica adds the replica; this stack must not remove it again.
      { ...opt, ignoreChanges: ["replicas"] },
    );

    this.tableName = table.name;
    this.tableArn = table.arn;
    this.streamArn = table.streamArn;
    this.kmsKeyArn = key.arn;
    this.registerOutputs({
      tableName: this.tableName,
      tableArn: this.tableArn,
      streamArn: this.streamArn,
      kmsKeyArn: this.kmsKeyArn,
    });
  }
}
