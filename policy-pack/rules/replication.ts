// Replication that does not replicate: rules that are off, copies the standby cannot read, capacity that
// throttles, replicas stacked in one zone.
import * as aws from "@pulumi/aws";
import {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { asArray, BUCKET_TYPES, forEachKnown, onTypes, T, whenKnown } from "./common";
import { ofType } from "./relations";

type ReplicationRule = { id?: string; status?: string; destination?: { storageClass?: string } };

/** Replication rules of a BucketReplicationConfig, or of a legacy inline replication configuration. */
function replicationRules(props: Record<string, any>): ReplicationRule[] {
  const inline = [
    ...asArray(props.replicationConfiguration),
    ...asArray(props.replicationConfigurations),
  ];
  return [
    ...asArray<ReplicationRule>(props.rules),
    ...inline.flatMap((c) => asArray<ReplicationRule>(c?.rules)),
  ];
}

const REPLICATION_TYPES = [T.bucketReplication, ...BUCKET_TYPES];

/** "The rule is ignored if status is not Enabled." https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-add-config.html */
export const s3ReplicationRuleEnabled: ResourceValidationPolicy = {
  name: "s3-replication-rule-enabled",
  description: "S3 replication rules are enabled.",
  enforcementLevel: "mandatory",
  validateResource: onTypes(REPLICATION_TYPES, (props, _args, report) => {
    for (const rule of replicationRules(props)) {
      if (rule.status !== "Enabled") {
        report(`S3 replication rule ${rule.id ?? "(unnamed)"} status must be "Enabled".`);
      }
    }
  }),
};

/**
 * Objects in S3 Glacier Flexible Retrieval and Deep Archive must be restored (hours) before they can be read, so
 * a standby cannot serve from them. https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html
 */
const RESTORE_FIRST = ["GLACIER", "DEEP_ARCHIVE"];

export const s3ReplicationDestinationReadable: ResourceValidationPolicy = {
  name: "s3-replication-destination-readable",
  description: "S3 replicas land in a storage class the standby can read without a restore.",
  enforcementLevel: "mandatory",
  validateResource: onTypes(REPLICATION_TYPES, (props, _args, report) => {
    for (const rule of replicationRules(props)) {
      const cls = rule.destination?.storageClass;
      if (cls !== undefined && RESTORE_FIRST.includes(cls)) {
        report(
          `S3 replication rule ${rule.id ?? "(unnamed)"} destination.storageClass must be readable without a restore, not ${cls}.`,
        );
      }
    }
  }),
};

const DIMENSIONS = ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"];

/**
 * The capacity dimensions of a provisioned table that no Application Auto Scaling target scales (none for an
 * on-demand table). AWS Config's dynamodb-autoscaling-enabled checks the same targets.
 */
export function unscaledDimensions(
  t: PolicyResource,
  resources: readonly PolicyResource[],
): string[] {
  return (
    whenKnown(() => {
      if ((t.props.billingMode ?? "PROVISIONED") !== "PROVISIONED") {
        return [];
      }
      const name = t.props.name ?? t.name;
      const targets = ofType(resources, T.scalingTarget);
      return DIMENSIONS.filter(
        (dim) =>
          !targets.some(
            (g) =>
              whenKnown(
                () =>
                  g.props.scalableDimension === dim &&
                  (g.props.resourceId === `table/${name}` ||
                    (g.propertyDependencies?.resourceId ?? []).some((d) => d.urn === t.urn)),
              ) ?? true,
          ),
      );
    }) ?? []
  );
}

/** Whether a table is a global table within this stack: inline replicas, or a TableReplica of it here. */
function isGlobalHere(t: PolicyResource, resources: readonly PolicyResource[]): boolean {
  if ((whenKnown(() => asArray(t.props.replicas).length) ?? 0) > 0) {
    return true;
  }
  const name = whenKnown(() => t.props.name) ?? t.name;
  return ofType(resources, T.dynamoReplica).some(
    (r) =>
      (r.propertyDependencies?.globalTableArn ?? []).some((d) => d.urn === t.urn) ||
      (whenKnown(() => String(r.props.globalTableArn ?? "").endsWith(`:table/${name}`)) ?? false),
  );
}

/**
 * A provisioned global table's replicas must scale their write capacity (or run on demand) to keep replicating,
 * and a standby that takes over the writes throttles without it.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/globaltables_reqs_bestpractices.html
 * The primary's table and the recovery stack's TableReplica are paired by cross-stack-dynamodb-global-autoscaling.
 */
export const dynamodbGlobalTableAutoscaling: StackValidationPolicy = {
  name: "dynamodb-global-table-autoscaling",
  description:
    "Provisioned DynamoDB global tables scale their read and write capacity with Application Auto Scaling.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    forEachKnown(ofType(args.resources, T.dynamoTable), (t) => {
      if (!isGlobalHere(t, args.resources)) {
        return;
      }
      for (const dim of unscaledDimensions(t, args.resources)) {
        report(
          `DynamoDB table ${t.props.name ?? t.name} must have an Application Auto Scaling target for ${dim}.`,
          t.urn,
        );
      }
    });
  },
};

/**
 * With Multi-AZ, ElastiCache places replicas in other zones than the primary unless told where; a list of zones
 * that names one zone puts every node there. https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html
 */
export const elasticacheNodesSpanAzs: ResourceValidationPolicy = {
  name: "elasticache-nodes-span-azs",
  description: "ElastiCache replication groups that choose their nodes' zones choose at least two.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (g, _args, report) => {
    const azs = g.preferredCacheClusterAzs ?? [];
    if (azs.length > 1 && new Set(azs).size < 2) {
      report(
        "ElastiCache replication group preferredCacheClusterAzs must name at least 2 Availability Zones.",
      );
    }
    for (const ng of g.nodeGroupConfigurations ?? []) {
      const zones = [ng.primaryAvailabilityZone, ...(ng.replicaAvailabilityZones ?? [])].filter(
        (z) => z !== undefined,
      );
      if (zones.length > 1 && new Set(zones).size < 2) {
        report(
          `ElastiCache replication group node group ${ng.nodeGroupId ?? "(unnamed)"} zones must span at least 2 Availability Zones.`,
        );
      }
    }
  }),
};

export const replicationResourceRules: ResourceValidationPolicy[] = [
  s3ReplicationRuleEnabled,
  s3ReplicationDestinationReadable,
  elasticacheNodesSpanAzs,
];
export const replicationStackRules: StackValidationPolicy[] = [dynamodbGlobalTableAutoscaling];
