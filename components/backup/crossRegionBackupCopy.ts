import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import {
  BACKUP_GROUPS,
  BACKUP_RESOURCE_GROUPS,
  BackupResourceGroup,
  backupSelectionArgs,
  createBackupServiceRole,
  validateBackupProfile,
} from "./backupRules";

export interface CrossRegionBackupCopyArgs {
  /** Provider for the primary region, where the plans, selections and role live. Required. */
  readonly primaryProvider: aws.Provider;
  /** The primary region's vault the plans back up into (the primary's `BackupVault`'s `vaultName`). Required. */
  readonly sourceVaultName: pulumi.Input<string>;
  /** The DR vault in this (recovery) region that every recovery point is copied to. Required. */
  readonly destinationVaultArn: pulumi.Input<string>;
  /** AWS Backup schedule, at most hourly (the tier profile's `backup.schedule`). Required. */
  readonly schedule: string;
  /** Days the plans' own recovery points stay in the primary vault. Required. */
  readonly retentionDays: number;
  /** Days before DynamoDB copies move to cold storage in the DR vault. Required. */
  readonly coldStorageAfterDays: number;
  /** Days DynamoDB copies are kept in the DR vault, at least coldStorageAfterDays + 90. Required. */
  readonly coldRetentionDays: number;
  /** Days Aurora/RDS and S3 copies are kept in the DR vault. Required. */
  readonly copyRetentionDays: number;
  /** Tags every recovery point carries (the copy rule adds `copied-to`). Defaults to `{}`. */
  readonly recoveryPointTags?: Record<string, string>;
}

/** CrossRegionBackupCopyArgs with every default applied. */
export type ResolvedCrossRegionBackupCopyArgs = Required<CrossRegionBackupCopyArgs>;

/** The args with every default applied, and every problem with them, each naming the property. */
export function resolveCrossRegionBackupCopyArgs(
  args: CrossRegionBackupCopyArgs,
): Resolved<ResolvedCrossRegionBackupCopyArgs> {
  const resolved: ResolvedCrossRegionBackupCopyArgs = {
    ...args,
    recoveryPointTags: args.recoveryPointTags ?? {},
  };
  // Snapshots only (see below), so the continuous-backup retention cap does not apply.
  const errors = validateBackupProfile({ ...resolved, continuous: false });
  const copyDays = resolved.copyRetentionDays;
  if (!Number.isInteger(copyDays) || copyDays < 1)
    errors.push(`copyRetentionDays must be a positive integer (got ${copyDays})`);
  return { args: resolved, errors };
}

/**
 * The cross-region backup copy, owned by the recovery stack but living in the primary region (DESIGN decisions 1,
 * 7, 10): two AWS Backup plans there (Aurora/RDS and S3, and DynamoDB) back the primary's tagged stateful resources up
 * into the primary's vault on the profile's schedule, and copy every recovery point to the DR vault in this
 * region. DynamoDB copies move to cold storage; RDS and S3 copies cannot.
 *
 * These plans take snapshots only: AWS Backup allows one continuous backup per resource, and the primary's own
 * `BackupPlan` holds it. Their recovery points in the primary vault live `retentionDays` without cold storage,
 * since the primary's own plan already keeps the long history there.
 */
export class CrossRegionBackupCopy extends pulumi.ComponentResource {
  /** Plan ids (in the primary region): Aurora/RDS and S3 first, then DynamoDB. */
  public readonly planIds: pulumi.Output<string>[];
  public readonly planArns: pulumi.Output<string>[];
  public readonly selectionIds: pulumi.Output<string>[];
  public readonly roleArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: CrossRegionBackupCopyArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:backup:CrossRegionBackupCopy", name, {}, opts);
    const a = requireValid(
      resolveCrossRegionBackupCopyArgs(args),
      "CrossRegionBackupCopy",
      name,
      this,
    );
    const primary = { parent: this, provider: a.primaryProvider };

    // IAM is global; the primary provider keeps every child of the link on the same side.
    const { role: backupRole, policies } = createBackupServiceRole(`${name}-role`, primary);
    const copyLifecycle: Record<
      BackupResourceGroup,
      aws.types.input.backup.PlanRuleCopyActionLifecycle
    > = {
      warm: { deleteAfter: a.copyRetentionDays },
      cold: {
        coldStorageAfter: a.coldStorageAfterDays,
        deleteAfter: a.coldRetentionDays,
      },
    };

    const planIds: pulumi.Output<string>[] = [];
    const planArns: pulumi.Output<string>[] = [];
    const selectionIds: pulumi.Output<string>[] = [];
    for (const group of BACKUP_GROUPS) {
      const plan = new aws.backup.Plan(
        `${name}-${group}`,
        {
          rules: [
            {
              ruleName: `${BACKUP_RESOURCE_GROUPS[group].ruleName}-copy`,
              targetVaultName: a.sourceVaultName,
              schedule: a.schedule,
              startWindow: 60,
              completionWindow: 180,
              lifecycle: { deleteAfter: a.retentionDays },
              copyActions: [
                { destinationVaultArn: a.destinationVaultArn, lifecycle: copyLifecycle[group] },
              ],
              recoveryPointTags: { ...a.recoveryPointTags, "copied-to": "dr-vault" },
            },
          ],
        },
        primary,
      );
      const selection = new aws.backup.Selection(
        `${name}-${group}`,
        backupSelectionArgs(group, plan.id, backupRole.arn),
        { ...primary, dependsOn: policies },
      );
      planIds.push(plan.id);
      planArns.push(plan.arn);
      selectionIds.push(selection.id);
    }

    this.planIds = planIds;
    this.planArns = planArns;
    this.selectionIds = selectionIds;
    this.roleArn = backupRole.arn;
    this.registerOutputs({
      planIds: this.planIds,
      planArns: this.planArns,
      selectionIds: this.selectionIds,
    });
  }
}
