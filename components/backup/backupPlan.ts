import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_TAG } from "../tags";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { createSecureBucket } from "../data/secureBucket";
import {
  BACKUP_EXEMPT_TAG_VALUE,
  BACKUP_GROUPS,
  BACKUP_RESOURCE_GROUPS,
  BackupResourceGroup,
  backupSelectionArgs,
  createBackupServiceRole,
  validateBackupProfile,
} from "./backupRules";
import { serviceTrustPolicy } from "../iam";

export interface BackupPlanArgs {
  /** The region's vault (a `BackupVault`'s `vaultName`) that the plans back up into. Required. */
  readonly vaultName: pulumi.Input<string>;
  /** AWS Backup schedule, at most hourly (the tier profile's `backup.schedule`). Required. */
  readonly schedule: string;
  /** Days a recovery point is kept; at most 35 with continuous backup. Required. */
  readonly retentionDays: number;
  /** Days before DynamoDB recovery points move to cold storage. Required. */
  readonly coldStorageAfterDays: number;
  /** Days DynamoDB recovery points are kept, at least coldStorageAfterDays + 90. Required. */
  readonly coldRetentionDays: number;
  /** Continuous backup (point-in-time restore) for Aurora/RDS and S3. Defaults to `false`. */
  readonly continuous?: boolean;
  /** Tags every recovery point carries. Defaults to `{}`. */
  readonly recoveryPointTags?: Record<string, string>;
  /**
   * A vault in the other region to copy every recovery point to. The recovery stack sets it to the primary's
   * vault, so backups taken there after a failover also leave the region. Defaults to none (no copy).
   */
  readonly copyToVaultArn?: pulumi.Input<string>;
  /** Days Aurora/RDS and S3 copies are kept in `copyToVaultArn`; DynamoDB copies keep the cold lifecycle. Defaults to `retentionDays`. */
  readonly copyRetentionDays?: number;
  /**
   * Manage the region's AWS Backup settings (opt-ins and DynamoDB advanced features). They are one per account and
   * region, so exactly one stack may own them. Defaults to `true`.
   */
  readonly manageRegionSettings?: boolean;
  /** Days before an exported RDS snapshot moves to S3 Glacier Flexible Retrieval. Defaults to `30`. */
  readonly exportGlacierAfterDays?: number;
  /** Days before an exported RDS snapshot moves to S3 Glacier Deep Archive. Defaults to `180`. */
  readonly exportDeepArchiveAfterDays?: number;
  /** Days an exported RDS snapshot is kept (long-term retention). Defaults to `2555` (7 years). */
  readonly exportExpireAfterDays?: number;
  /**
   * AWS Backup's service role, made ahead of time with BACKUP_SERVICE_POLICIES (a backup-restore rebuild, when
   * IAM's control plane in us-east-1 may be down). Defaults to `undefined` (the plan makes its own).
   */
  readonly serviceRoleArn?: pulumi.Input<string>;
  /**
   * The snapshot-export bucket and the role RDS assumes to write there. Off in a rebuild, whose IAM is made
   * ahead of time: the exports are the long-term archive, added back with the permanent re-home. Defaults to `true`.
   */
  readonly snapshotExports?: boolean;
}

/** BackupPlanArgs with every default applied. */
export interface ResolvedBackupPlanArgs extends Required<
  Omit<BackupPlanArgs, "copyToVaultArn" | "serviceRoleArn" | "recoveryPointTags">
> {
  readonly copyToVaultArn?: pulumi.Input<string>;
  readonly serviceRoleArn?: pulumi.Input<string>;
  readonly recoveryPointTags: Record<string, string>;
}

/** The args with every default applied, and every problem with them, each naming the property. */
export function resolveBackupPlanArgs(args: BackupPlanArgs): Resolved<ResolvedBackupPlanArgs> {
  const resolved: ResolvedBackupPlanArgs = {
    ...args,
    continuous: args.continuous ?? false,
    copyRetentionDays: args.copyRetentionDays ?? args.retentionDays,
    manageRegionSettings: args.manageRegionSettings ?? true,
    exportGlacierAfterDays: args.exportGlacierAfterDays ?? 30,
    exportDeepArchiveAfterDays: args.exportDeepArchiveAfterDays ?? 180,
    exportExpireAfterDays: args.exportExpireAfterDays ?? 2555,
    snapshotExports: args.snapshotExports ?? true,
    recoveryPointTags: args.recoveryPointTags ?? {},
  };
  const errors = validateBackupProfile(resolved);
  const {
    copyRetentionDays: copyDays,
    exportGlacierAfterDays: glacier,
    exportDeepArchiveAfterDays: deep,
    exportExpireAfterDays: expire,
  } = resolved;
  if (!Number.isInteger(copyDays) || copyDays < 1)
    errors.push(`copyRetentionDays must be a positive integer (got ${copyDays})`);
  if (!Number.isInteger(glacier) || glacier < 1)
    errors.push(`exportGlacierAfterDays must be a positive integer (got ${glacier})`);
  // S3 refuses a lifecycle that moves objects on to Deep Archive before their 90-day Glacier minimum.
  if (!Number.isInteger(deep) || deep < glacier + 90) {
    errors.push(
      `exportDeepArchiveAfterDays must be at least exportGlacierAfterDays + 90 = ${glacier + 90} (got ${deep})`,
    );
  }
  if (!Number.isInteger(expire) || expire < deep + 180) {
    errors.push(
      `exportExpireAfterDays must be at least exportDeepArchiveAfterDays + 180 = ${deep + 180}, Deep Archive's minimum (got ${expire})`,
    );
  }
  return { args: resolved, errors };
}

/** Backup types this program relies on are opted in; the rest stay at AWS's defaults (on). */
export const RESOURCE_TYPE_OPT_IN: Record<string, boolean> = {
  Aurora: true,
  CloudFormation: true,
  DocumentDB: true,
  DynamoDB: true,
  EBS: true,
  EC2: true,
  EFS: true,
  FSx: true,
  Neptune: true,
  RDS: true,
  Redshift: true,
  S3: true,
  "Storage Gateway": true,
  VirtualMachine: true,
};

/**
 * The region's own AWS Backup: a plan for Aurora/RDS and S3 (continuous backup where the profile asks for it, no
 * cold storage, which they do not support) and a plan for DynamoDB (cold storage after the profile's days), each
 * selecting the stateful resources by type AND the backup tag; the region settings that turn on DynamoDB
 * advanced features (needed for cold storage and cross-region copy); and, because RDS has no cold tier, the
 * long-term path for RDS: an S3 bucket for snapshot exports that ages them into Glacier, and the role RDS
 * assumes to write there.
 *
 * The export itself is an operational job, e.g. monthly:
 * `aws rds start-export-task --export-task-identifier <id> --source-arn <snapshot ARN> --s3-bucket-name
 * <exportBucketName> --iam-role-arn <exportRoleArn> --kms-key-id <exportKmsKeyArn>`.
 */
export class BackupPlan extends pulumi.ComponentResource {
  /** Plan ids: Aurora/RDS and S3 first, then DynamoDB. */
  public readonly planIds: pulumi.Output<string>[];
  public readonly planArns: pulumi.Output<string>[];
  public readonly selectionIds: pulumi.Output<string>[];
  public readonly backupRoleArn: pulumi.Output<string>;
  /** Unset where snapshotExports is off. */
  public readonly exportBucketName?: pulumi.Output<string>;
  public readonly exportBucketArn?: pulumi.Output<string>;
  public readonly exportRoleArn?: pulumi.Output<string>;
  public readonly exportKmsKeyArn?: pulumi.Output<string>;

  constructor(name: string, args: BackupPlanArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:backup:BackupPlan", name, {}, opts);
    const a = requireValid(resolveBackupPlanArgs(args), "BackupPlan", name, this);
    const opt = { parent: this };

    let regionSettings: aws.backup.RegionSettings | undefined;
    if (a.manageRegionSettings) {
      regionSettings = new aws.backup.RegionSettings(
        `${name}-settings`,
        {
          resourceTypeOptInPreference: RESOURCE_TYPE_OPT_IN,
          resourceTypeManagementPreference: { DynamoDB: true, EFS: true },
        },
        opt,
      );
    }
    const serviceRole =
      a.serviceRoleArn === undefined ? createBackupServiceRole(`${name}-role`, opt) : undefined;
    const backupRoleArn = a.serviceRoleArn ?? serviceRole!.role.arn;
    // A role made ahead of time already carries its policies; one made here must have them before a selection uses it.
    const policies = serviceRole?.policies ?? [];

    const copy = (lifecycle: aws.types.input.backup.PlanRuleCopyActionLifecycle) =>
      a.copyToVaultArn === undefined
        ? undefined
        : [{ destinationVaultArn: a.copyToVaultArn, lifecycle }];
    const rules: Record<BackupResourceGroup, aws.types.input.backup.PlanRule> = {
      warm: {
        ruleName: BACKUP_RESOURCE_GROUPS.warm.ruleName,
        targetVaultName: a.vaultName,
        schedule: a.schedule,
        startWindow: 60,
        completionWindow: 180,
        enableContinuousBackup: a.continuous,
        lifecycle: { deleteAfter: a.retentionDays },
        copyActions: copy({ deleteAfter: a.copyRetentionDays }),
        recoveryPointTags: a.recoveryPointTags,
      },
      cold: {
        ruleName: BACKUP_RESOURCE_GROUPS.cold.ruleName,
        targetVaultName: a.vaultName,
        schedule: a.schedule,
        startWindow: 60,
        completionWindow: 180,
        lifecycle: {
          coldStorageAfter: a.coldStorageAfterDays,
          deleteAfter: a.coldRetentionDays,
        },
        copyActions: copy({
          coldStorageAfter: a.coldStorageAfterDays,
          deleteAfter: a.coldRetentionDays,
        }),
        recoveryPointTags: a.recoveryPointTags,
      },
    };
    const planIds: pulumi.Output<string>[] = [];
    const planArns: pulumi.Output<string>[] = [];
    const selectionIds: pulumi.Output<string>[] = [];
    for (const group of BACKUP_GROUPS) {
      const plan = new aws.backup.Plan(
        `${name}-${group}`,
        { rules: [rules[group]] },
        // DynamoDB cold storage is refused until advanced features are on.
        { ...opt, dependsOn: regionSettings ? [regionSettings] : [] },
      );
      const selection = new aws.backup.Selection(
        `${name}-${group}`,
        backupSelectionArgs(group, plan.id, backupRoleArn),
        { ...opt, dependsOn: policies },
      );
      planIds.push(plan.id);
      planArns.push(plan.arn);
      selectionIds.push(selection.id);
    }

    this.planIds = planIds;
    this.planArns = planArns;
    this.selectionIds = selectionIds;
    this.backupRoleArn = pulumi.output(backupRoleArn);
    if (a.snapshotExports) {
      const exports = createSnapshotExports(
        name,
        {
          glacierDays: a.exportGlacierAfterDays,
          deepArchiveDays: a.exportDeepArchiveAfterDays,
          expireDays: a.exportExpireAfterDays,
        },
        this,
      );
      this.exportBucketName = exports.bucket.bucket;
      this.exportBucketArn = exports.bucket.arn;
      this.exportRoleArn = exports.exportRole.arn;
      this.exportKmsKeyArn = exports.exportKey.arn;
    }
    this.registerOutputs({
      planIds: this.planIds,
      planArns: this.planArns,
      selectionIds: this.selectionIds,
      exportBucketName: this.exportBucketName,
      exportRoleArn: this.exportRoleArn,
    });
  }
}

/** RDS has no cold tier: the long-term path is snapshot exports to a bucket that ages them into Glacier. */
function createSnapshotExports(
  name: string,
  {
    glacierDays,
    deepArchiveDays,
    expireDays,
  }: { glacierDays: number; deepArchiveDays: number; expireDays: number },
  parent: pulumi.ComponentResource,
): { bucket: aws.s3.Bucket; exportRole: aws.iam.Role; exportKey: aws.kms.Key } {
  const opt = { parent };
  const exportKey = new aws.kms.Key(
    `${name}-export-key`,
    {
      description: `${name}: RDS snapshot exports`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    },
    opt,
  );
  const { bucket, versioning } = createSecureBucket(`${name}-exports`, {
    kmsKeyArn: exportKey.arn,
    // The exports are themselves the long-term backup: exempt from backup and replication coverage.
    tags: { purpose: "rds-snapshot-export", [BACKUP_TAG.key]: BACKUP_EXEMPT_TAG_VALUE },
    parent,
  });
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-exports`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "archive-snapshot-exports",
          status: "Enabled",
          filter: {},
          transitions: [
            { days: glacierDays, storageClass: "GLACIER" },
            { days: deepArchiveDays, storageClass: "DEEP_ARCHIVE" },
          ],
          expiration: { days: expireDays },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    { ...opt, dependsOn: [versioning] },
  );
  const exportRole = new aws.iam.Role(
    `${name}-export-role`,
    {
      description: `${name}: RDS snapshot export to S3`,
      assumeRolePolicy: serviceTrustPolicy("export.rds.amazonaws.com"),
    },
    opt,
  );
  new aws.iam.RolePolicy(
    `${name}-export-role`,
    {
      role: exportRole.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ExportBucket",
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetBucketLocation"],
            Resource: bucket.arn,
          },
          {
            Sid: "ExportObjects",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resource: pulumi.interpolate`${bucket.arn}/*`,
          },
          {
            Sid: "ExportKey",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
            Resource: exportKey.arn,
          },
        ],
      }),
    },
    opt,
  );

  return { bucket, exportRole, exportKey };
}
