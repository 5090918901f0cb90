/**
 * Pure pieces shared by the AWS Backup components: schedule and lifecycle validation, and the resource
 * selections. No resources are created here.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BACKUP_TAG } from "../tags";
import { serviceTrustPolicy } from "../iam";

/** The backup values a plan needs, named as in the tier profile's `BackupProfile`. */
export interface BackupRuleProfile {
  readonly schedule: string;
  readonly retentionDays: number;
  readonly coldStorageAfterDays: number;
  readonly coldRetentionDays: number;
  readonly continuous?: boolean;
}

/** AWS Backup's continuous backups (point-in-time restore) keep at most 35 days. */
export const MAX_CONTINUOUS_RETENTION_DAYS = 35;
/** A recovery point must stay in cold storage at least 90 days. */
export const MIN_COLD_STORAGE_DAYS = 90;

/**
 * The two groups of stateful types, each with its own plan. Selections belong to a plan, and every rule of a plan
 * applies to everything it selects, so types without cold storage (Aurora/RDS, S3) and DynamoDB (cold storage
 * once advanced features are on) cannot share a plan if only DynamoDB is to get cold storage (DESIGN decision 7).
 * S3 is backed up as well as replicated: replication copies deletes and overwrites, a backup does not.
 */
export const BACKUP_RESOURCE_GROUPS = {
  warm: {
    ruleName: "rds-s3",
    resources: ["arn:aws:rds:*:*:cluster:*", "arn:aws:s3:::*"],
    coldStorage: false,
  },
  cold: { ruleName: "dynamodb", resources: ["arn:aws:dynamodb:*:*:table/*"], coldStorage: true },
} as const;
export type BackupResourceGroup = keyof typeof BACKUP_RESOURCE_GROUPS;
export const BACKUP_GROUPS: readonly BackupResourceGroup[] = ["warm", "cold"];

/**
 * Tag value for a bucket that is itself backup storage (e.g. RDS snapshot exports): the policy pack leaves
 * `backup: none` out of backup and replication coverage.
 */
export const BACKUP_EXEMPT_TAG_VALUE = "none";

/**
 * The selection of one group: its ARN pattern AND the backup tag. `conditions` is ANDed with `resources`;
 * `selectionTags` (ListOfTags) would be ORed with them and pick up every tagged resource of any type.
 */
export function backupSelectionArgs(
  group: BackupResourceGroup,
  planId: pulumi.Input<string>,
  iamRoleArn: pulumi.Input<string>,
): aws.backup.SelectionArgs {
  return {
    planId,
    iamRoleArn,
    resources: [...BACKUP_RESOURCE_GROUPS[group].resources],
    conditions: [
      { stringEquals: [{ key: `aws:ResourceTag/${BACKUP_TAG.key}`, value: BACKUP_TAG.value }] },
    ],
  };
}

/**
 * Problems with an AWS Backup schedule expression: it must be `cron(...)` or `rate(...)`, and fire at most once an
 * hour (AWS Backup's minimum interval).
 */
export function validateBackupSchedule(schedule: string, property = "schedule"): string[] {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(schedule.trim());
  if (rate) {
    const n = Number(rate[1]);
    const minutes = rate[2].startsWith("minute")
      ? n
      : rate[2].startsWith("hour")
        ? n * 60
        : n * 1440;
    return n >= 1 && minutes >= 60
      ? []
      : [`${property} must run at most once an hour, AWS Backup's minimum (got "${schedule}")`];
  }
  const cron = /^cron\(([^)]*)\)$/.exec(schedule.trim());
  if (!cron) return [`${property} must be a cron(...) or rate(...) expression (got "${schedule}")`];
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6)
    return [
      `${property} must have 6 cron fields: minutes hours day-of-month month day-of-week year (got "${schedule}")`,
    ];
  // A single minute value fires at most once per hour; "*", lists, ranges and steps fire more often.
  if (!/^\d{1,2}$/.test(fields[0]) || Number(fields[0]) > 59) {
    return [
      `${property} must run at most once an hour, AWS Backup's minimum: its minutes field must be one number (got "${schedule}")`,
    ];
  }
  return [];
}

/** Problems with the profile's retention values (AWS Backup's own rules), each naming the property. */
export function validateBackupProfile(profile: BackupRuleProfile, prefix = ""): string[] {
  const errors = validateBackupSchedule(profile.schedule, `${prefix}schedule`);
  const { retentionDays, coldStorageAfterDays, coldRetentionDays } = profile;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    errors.push(`${prefix}retentionDays must be a positive integer (got ${retentionDays})`);
  } else if (profile.continuous && retentionDays > MAX_CONTINUOUS_RETENTION_DAYS) {
    errors.push(
      `${prefix}retentionDays must be at most ${MAX_CONTINUOUS_RETENTION_DAYS} with continuous backup (got ${retentionDays})`,
    );
  }
  if (!Number.isInteger(coldStorageAfterDays) || coldStorageAfterDays < 1) {
    errors.push(
      `${prefix}coldStorageAfterDays must be a positive integer (got ${coldStorageAfterDays})`,
    );
  }
  if (
    !Number.isInteger(coldRetentionDays) ||
    coldRetentionDays < coldStorageAfterDays + MIN_COLD_STORAGE_DAYS
  ) {
    errors.push(
      `${prefix}coldRetentionDays (deleteAfter) must be at least coldStorageAfterDays + ${MIN_COLD_STORAGE_DAYS} = ${coldStorageAfterDays + MIN_COLD_STORAGE_DAYS} (got ${coldRetentionDays})`,
    );
  }
  return errors;
}

/** The managed policies AWS Backup's service role needs to take and restore backups of the selected types. */
export const BACKUP_SERVICE_POLICIES = {
  backup: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
  restores: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
  // S3 backups need their own managed policies; the two above do not cover S3.
  "s3-backup": "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
  "s3-restore": "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
} as const;

export const BACKUP_ASSUME_ROLE_POLICY = serviceTrustPolicy("backup.amazonaws.com");

/**
 * The role AWS Backup assumes, with its managed policies; children of `parent`, through `opts`' provider. A
 * selection must wait for `policies`: AWS Backup assumes the role to back up what the selection assigns
 * ("AWS Backup uses the IAM role ... to back up the resources", https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html;
 * the role's permissions: https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html), and
 * nothing in the selection's inputs says so. Its tags are the provider's default tags.
 */
export function createBackupServiceRole(
  name: string,
  opts: pulumi.CustomResourceOptions,
): { role: aws.iam.Role; policies: aws.iam.RolePolicyAttachment[] } {
  const role = new aws.iam.Role(
    name,
    {
      description: "AWS Backup service role for SecureCart plans",
      assumeRolePolicy: BACKUP_ASSUME_ROLE_POLICY,
    },
    opts,
  );
  const policies = Object.entries(BACKUP_SERVICE_POLICIES).map(
    ([suffix, policyArn]) =>
      new aws.iam.RolePolicyAttachment(`${name}-${suffix}`, { role: role.name, policyArn }, opts),
  );
  return { role, policies };
}
