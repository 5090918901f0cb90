// Backups that silently skip: AWS Backup runs, reports success, and leaves a resource out.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import {
  asArray,
  BUCKET_TYPES,
  configOf,
  contextProperties,
  forEachKnown,
  isSet,
  regionOf,
  StackContext,
  T,
  whenKnown,
} from "./common";
import {
  isExempt,
  links,
  ofType,
  selectionExcludes,
  selectionIncludes,
  statefulResources,
} from "./relations";
import { labelOf } from "./stack";

/** AWS Backup's resource type names, as RegionSettings keys them. */
const BACKUP_TYPE: Record<string, string> = {
  [T.rdsCluster]: "Aurora",
  [T.rdsInstance]: "RDS",
  [T.dynamoTable]: "DynamoDB",
  [T.efs]: "EFS",
  [T.bucket]: "S3",
  [T.bucketV2]: "S3",
};

const regionSchema: PolicyConfigSchema = {
  properties: { role: contextProperties.role, region: contextProperties.region },
};

/**
 * A resource type opted out in a region's Backup settings is skipped by every plan there, without a failed job.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/getting-started.html#service-opt-in
 */
export const backupRegionSettingsOptIn: StackValidationPolicy = {
  name: "backup-region-settings-opt-in",
  description:
    "AWS Backup region settings opt in every resource type the stack backs up in that region.",
  enforcementLevel: "mandatory",
  configSchema: regionSchema,
  validateStack: (args, report) => {
    const cfg = configOf<StackContext>(args, regionSchema);
    const stateful = statefulResources(args.resources, cfg.role);
    forEachKnown(ofType(args.resources, T.backupRegionSettings), (rs) => {
      const where = regionOf(rs.props, rs.provider, cfg.region);
      const optIn: Record<string, boolean> = rs.props.resourceTypeOptInPreference ?? {};
      for (const r of stateful) {
        const type = BACKUP_TYPE[r.type];
        if (
          optIn[type] === false &&
          whenKnown(() => regionOf(r.props, r.provider, cfg.region)) === where
        ) {
          report(
            `Backup region settings resourceTypeOptInPreference.${type} must be true, since ${labelOf(r.type)} ${r.name} is backed up in ${where}.`,
            rs.urn,
          );
        }
      }
    });
  },
};

export const backupSelectionExclusions: StackValidationPolicy = {
  name: "backup-selection-exclusions",
  description:
    "Backup selections do not exclude, through notResources or negative conditions, a stateful resource they pick.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { role: contextProperties.role } },
  validateStack: (args, report) => {
    const { role } = configOf<StackContext>(args, { properties: { role: contextProperties.role } });
    const stateful = statefulResources(args.resources, role);
    for (const sel of ofType(args.resources, T.backupSelection)) {
      for (const r of stateful) {
        const why = selectionIncludes(sel, r) === true ? selectionExcludes(sel, r) : undefined;
        if (why !== undefined) {
          report(
            `Backup selection ${sel.name} ${why} must not exclude ${labelOf(r.type)} ${r.name}.`,
            sel.urn,
          );
        }
      }
    }
  },
};

/** Plans whose rules need DynamoDB's advanced backup: a cross-region copy or cold storage. */
function needsAdvanced(plan: PolicyResource): boolean {
  return (
    whenKnown(() =>
      asArray(plan.props.rules).some(
        (r) => asArray(r?.copyActions).length > 0 || isSet(r?.lifecycle?.coldStorageAfter),
      ),
    ) ?? false
  );
}

/** Whether a selection of the plan picks DynamoDB tables: a table of the stack, or a DynamoDB ARN pattern. */
function coversDynamo(plan: PolicyResource, resources: readonly PolicyResource[]): boolean {
  const tables = ofType(resources, T.dynamoTable);
  return ofType(resources, T.backupSelection).some(
    (s) =>
      links(s, "planId", plan) &&
      (tables.some((t) => selectionIncludes(s, t) === true) ||
        (whenKnown(() =>
          asArray<string>(s.props.resources).some(
            (a) => typeof a === "string" && /^arn:aws:dynamodb:/.test(a),
          ),
        ) ??
          false)),
  );
}

/**
 * DynamoDB backups copy across regions, and move to cold storage, only once advanced features are on in the
 * plan's region (DESIGN decision 7). https://docs.aws.amazon.com/aws-backup/latest/devguide/advanced-ddb-backup.html
 * Returns, per plan that needs them, the settings in its region (none: another stack's, judged across stacks).
 */
export function advancedBackupGaps(
  plans: { plan: PolicyResource; region: string }[],
  settings: { rs: PolicyResource; region: string }[],
): { plan: PolicyResource; region: string; rs?: PolicyResource }[] {
  const out: { plan: PolicyResource; region: string; rs?: PolicyResource }[] = [];
  for (const { plan, region } of plans) {
    const here = settings.filter((s) => s.region === region);
    if (here.length === 0) {
      out.push({ plan, region });
      continue;
    }
    for (const { rs } of here) {
      if (whenKnown(() => rs.props.resourceTypeManagementPreference?.DynamoDB === true) === false) {
        out.push({ plan, region, rs });
      }
    }
  }
  return out;
}

/** The plans of `resources` that need advanced DynamoDB backup, with their regions. */
export function dynamoAdvancedPlans(resources: readonly PolicyResource[], fallbackRegion: string) {
  return ofType(resources, T.backupPlan)
    .filter((p) => needsAdvanced(p) && coversDynamo(p, resources))
    .map((plan) => ({
      plan,
      region:
        whenKnown(() => regionOf(plan.props, plan.provider, fallbackRegion)) ?? fallbackRegion,
    }));
}

export function regionSettingsOf(resources: readonly PolicyResource[], fallbackRegion: string) {
  return ofType(resources, T.backupRegionSettings).map((rs) => ({
    rs,
    region: whenKnown(() => regionOf(rs.props, rs.provider, fallbackRegion)) ?? fallbackRegion,
  }));
}

export const backupDynamodbAdvancedFeatures: StackValidationPolicy = {
  name: "backup-dynamodb-advanced-features",
  description:
    "Backup plans that copy DynamoDB across regions or move it to cold storage have advanced DynamoDB backup on in their region.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { region: contextProperties.region } },
  validateStack: (args, report) => {
    const { region } = configOf<StackContext>(args, {
      properties: { region: contextProperties.region },
    });
    const gaps = advancedBackupGaps(
      dynamoAdvancedPlans(args.resources, region),
      regionSettingsOf(args.resources, region),
    );
    for (const g of gaps) {
      // Settings for that region in another stack are judged by cross-stack-dynamodb-advanced-backup.
      if (g.rs) {
        report(
          `Backup region settings resourceTypeManagementPreference.DynamoDB must be true in ${g.region}, since backup plan ${g.plan.name} copies or tiers DynamoDB.`,
          g.rs.urn,
        );
      }
    }
  },
};

/** Destroying a force-destroyable vault deletes its recovery points. https://www.pulumi.com/registry/packages/aws/api-docs/backup/vault/ */
export const backupVaultNoForceDestroy: ResourceValidationPolicy = {
  name: "backup-vault-no-force-destroy",
  description: "Backup vaults cannot be destroyed together with their recovery points.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.backup.Vault, (v, _args, report) => {
    if (v.forceDestroy === true) {
      report("Backup vault forceDestroy must be false.");
    }
  }),
};

/** forceDestroy empties a bucket, every version included, when it is deleted. https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/ */
export const s3BucketNoForceDestroy: StackValidationPolicy = {
  name: "s3-bucket-no-force-destroy",
  description:
    "S3 data buckets and their replicas cannot be destroyed together with their objects.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    forEachKnown(ofType(args.resources, BUCKET_TYPES), (b) => {
      if (!isExempt(b) && b.props.forceDestroy === true) {
        report("S3 bucket forceDestroy must be false for a data bucket.", b.urn);
      }
    });
  },
};

const pitrSchema: PolicyConfigSchema = {
  properties: { minRecoveryPeriodDays: { type: "integer", minimum: 1, maximum: 35, default: 7 } },
};

/** PITR keeps 1 to 35 days, 35 by default. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html */
export const dynamodbPitrWindow: ResourceValidationPolicy = {
  name: "dynamodb-pitr-window",
  description: "DynamoDB point-in-time recovery keeps at least the configured number of days.",
  enforcementLevel: "mandatory",
  configSchema: pitrSchema,
  validateResource: validateResourceOfType(aws.dynamodb.Table, (t, args, report) => {
    const { minRecoveryPeriodDays } = configOf<{ minRecoveryPeriodDays: number }>(args, pitrSchema);
    const pitr = t.pointInTimeRecovery;
    if (pitr?.enabled === true && (pitr.recoveryPeriodInDays ?? 35) < minRecoveryPeriodDays) {
      report(
        `DynamoDB table pointInTimeRecovery.recoveryPeriodInDays must be at least ${minRecoveryPeriodDays} days.`,
      );
    }
  }),
};

export const backupSkipResourceRules: ResourceValidationPolicy[] = [
  backupVaultNoForceDestroy,
  dynamodbPitrWindow,
];
export const backupSkipStackRules: StackValidationPolicy[] = [
  backupRegionSettingsOptIn,
  backupSelectionExclusions,
  backupDynamodbAdvancedFeatures,
  s3BucketNoForceDestroy,
];
