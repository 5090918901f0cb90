import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseTags, statefulTags } from "../tags";

export interface CatalogTableArgs {
  /** Table name; the recovery region's replica gets the same name. Defaults to `catalog`. */
  readonly tableName?: string;
  /** Days of point-in-time recovery, 1 to 35. Defaults to `35`. */
  readonly pointInTimeRecoveryDays?: number;
  /** Region role, for tags. Defaults to `primary`. */
  readonly role?: string;
  /** Deletion protection; lifted only on purpose, before a lower tier deletes this. Defaults to `true`. */
  readonly deletionProtection?: boolean;
}

/** Every problem with the args, each naming the property; empty when they are valid. */
export function validateCatalogTableArgs(args: CatalogTableArgs): string[] {
  const errors: string[] = [];
  const tableName = args.tableName ?? "catalog";
  const pitrDays = args.pointInTimeRecoveryDays ?? 35;
  if (!/^[A-Za-z0-9_.-]{3,255}$/.test(tableName)) {
    errors.push(`tableName must be 3 to 255 letters, digits, "_", "-" or "." (got "${tableName}")`);
  }
  if (!Number.isInteger(pitrDays) || pitrDays < 1 || pitrDays > 35) {
    errors.push(`pointInTimeRecoveryDays must be an integer from 1 to 35 (got ${pitrDays})`);
  }
  return errors;
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
    const errors = validateCatalogTableArgs(args);
    if (errors.length > 0)
      throw new pulumi.ResourceError(`CatalogTable ${name}: ${errors.join("; ")}`, this);
    const tableName = args.tableName ?? "catalog";
    const pitrDays = args.pointInTimeRecoveryDays ?? 35;
    const role = args.role ?? "primary";
    const opt = { parent: this };

    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${name}: DynamoDB catalog table`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags: baseTags(role),
      },
      opt,
    );
    const table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name: tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "id",
        attributes: [{ name: "id", type: "S" }],
        pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: pitrDays },
        deletionProtectionEnabled: args.deletionProtection ?? true,
        serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        tags: statefulTags(role),
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
