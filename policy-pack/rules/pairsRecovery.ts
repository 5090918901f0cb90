// Cross-stack checks that a failover can finish: the standby can grow to the primary's size, and the copy of
// DynamoDB into the DR vault is allowed in the region the copy plan runs in.
import { PolicyResource } from "@pulumi/policy";
import { CrossStackPolicy } from "../crossStack";
import { T, whenKnown } from "./common";
import { advancedBackupGaps, dynamoAdvancedPlans, regionSettingsOf } from "./backupSkips";
import { PairConfig, pairSchema } from "./pairs";
import { ofType } from "./relations";
import { unscaledDimensions } from "./replication";

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** The capacity a resource runs at in its stack: an ASG's desired (or min) size, an ECS service's desired count. */
function running(r: PolicyResource): number | undefined {
  return whenKnown(() =>
    r.type === T.asg
      ? (num(r.props.desiredCapacity) ?? num(r.props.minSize))
      : num(r.props.desiredCount),
  );
}

/** The most a recovery resource can grow to: an ASG's maxSize, an ECS service's scaling target's maxCapacity. */
function ceiling(r: PolicyResource, resources: readonly PolicyResource[]): number | undefined {
  if (r.type === T.asg) {
    return whenKnown(() => num(r.props.maxSize));
  }
  const target = ofType(resources, T.scalingTarget).find(
    (t) =>
      whenKnown(
        () =>
          t.props.scalableDimension === "ecs:service:DesiredCount" &&
          (String(t.props.resourceId ?? "").endsWith(`/${r.props.name ?? r.name}`) ||
            (t.propertyDependencies?.resourceId ?? []).some((d) => d.urn === r.urn)),
      ) ?? false,
  );
  return target
    ? whenKnown(() => num(target.props.maxCapacity))
    : whenKnown(() => num(r.props.desiredCount));
}

/**
 * Scaling up is the standby's failover step (scale-compute); a ceiling under the primary's size leaves the
 * region short however the runbook goes. https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/disaster-recovery-options-in-the-cloud.html
 */
export const crossStackStandbyCapacity: CrossStackPolicy = {
  name: "cross-stack-standby-capacity",
  description:
    "Each recovery Auto Scaling group and ECS service can scale to at least the size its primary counterpart runs at.",
  enforcementLevel: "mandatory",
  validateCrossStack: ({ primary, recovery }, report) => {
    for (const type of [T.asg, T.ecsService]) {
      for (const r of ofType(recovery, type)) {
        const twin = ofType(primary, type).find((p) => p.name === r.name);
        const need = twin ? running(twin) : undefined;
        const max = ceiling(r, recovery);
        if (need !== undefined && max !== undefined && max < need) {
          const what =
            type === T.asg
              ? "Auto Scaling group maxSize"
              : "ECS service scaling target maxCapacity";
          report(
            `Recovery ${what} of ${r.name} must be at least the primary's ${need} (is ${max}).`,
            r.urn,
          );
        }
      }
    }
  },
};

export const crossStackDynamodbAdvancedBackup: CrossStackPolicy = {
  name: "cross-stack-dynamodb-advanced-backup",
  description:
    "The recovery stack's DynamoDB copy plan runs in a region whose Backup settings (in either stack) turn advanced DynamoDB backup on.",
  enforcementLevel: "mandatory",
  configSchema: pairSchema,
  validateCrossStack: ({ primary, recovery, getConfig }, report) => {
    const cfg = getConfig<PairConfig>();
    const settings = [
      ...regionSettingsOf(primary, cfg.primaryRegion),
      ...regionSettingsOf(recovery, cfg.recoveryRegion),
    ];
    for (const g of advancedBackupGaps(
      dynamoAdvancedPlans(recovery, cfg.recoveryRegion),
      settings,
    )) {
      if (g.rs) {
        report(
          `Backup region settings resourceTypeManagementPreference.DynamoDB must be true in ${g.region}, since backup plan ${g.plan.name} copies DynamoDB.`,
          g.rs.urn,
        );
      } else {
        report(
          `Backup region settings must exist in ${g.region} with resourceTypeManagementPreference.DynamoDB true, since backup plan ${g.plan.name} copies DynamoDB.`,
          g.plan.urn,
        );
      }
    }
  },
};

/** The same requirement as dynamodb-global-table-autoscaling, for a table whose replica the recovery stack owns. */
export const crossStackDynamodbGlobalAutoscaling: CrossStackPolicy = {
  name: "cross-stack-dynamodb-global-autoscaling",
  description:
    "A provisioned primary table with a TableReplica in the recovery stack scales its read and write capacity.",
  enforcementLevel: "mandatory",
  validateCrossStack: ({ primary, recovery }, report) => {
    const replicas = ofType(recovery, T.dynamoReplica);
    for (const t of ofType(primary, T.dynamoTable)) {
      const name = whenKnown(() => t.props.name) ?? t.name;
      const replicated = replicas.some(
        (r) =>
          whenKnown(() => String(r.props.globalTableArn ?? "").endsWith(`:table/${name}`)) ?? false,
      );
      if (!replicated) continue;
      for (const dim of unscaledDimensions(t, primary)) {
        report(
          `DynamoDB table ${name} must have an Application Auto Scaling target for ${dim}, since the recovery stack replicates it.`,
          t.urn,
        );
      }
    }
  },
};

export const recoveryPairRules: CrossStackPolicy[] = [
  crossStackStandbyCapacity,
  crossStackDynamodbAdvancedBackup,
  crossStackDynamodbGlobalAutoscaling,
];
