// ElastiCache rules.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { configOf, isSet } from "./common";

export const elasticacheFailover: ResourceValidationPolicy = {
  name: "elasticache-failover",
  description: "ElastiCache replication groups fail over automatically across Availability Zones.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (g, _args, report) => {
    if (g.automaticFailoverEnabled !== true) {
      report("ElastiCache replication group automaticFailoverEnabled must be true.");
    }
    if (g.multiAzEnabled !== true) {
      report("ElastiCache replication group multiAzEnabled must be true.");
    }
  }),
};

const nodesSchema: PolicyConfigSchema = {
  properties: { minNodes: { type: "integer", minimum: 2, default: 2 } },
};

export const elasticacheNodeCount: ResourceValidationPolicy = {
  name: "elasticache-node-count",
  description: "ElastiCache replication groups have a primary and at least one replica.",
  enforcementLevel: "mandatory",
  configSchema: nodesSchema,
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (g, args, report) => {
    const { minNodes } = configOf<{ minNodes: number }>(args, nodesSchema);
    // Cluster mode sizes each shard by replicasPerNodeGroup; otherwise numCacheClusters (AWS default 1).
    const clustered = isSet(g.numNodeGroups) || isSet(g.replicasPerNodeGroup);
    const nodes = clustered ? 1 + (g.replicasPerNodeGroup ?? 0) : (g.numCacheClusters ?? 1);
    if (nodes < minNodes) {
      report(
        clustered
          ? `ElastiCache replication group replicasPerNodeGroup must be at least ${minNodes - 1}.`
          : `ElastiCache replication group numCacheClusters must be at least ${minNodes}.`,
      );
    }
  }),
};

const snapshotSchema: PolicyConfigSchema = {
  properties: {
    minSnapshotRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 7 },
  },
};

export const elasticacheSnapshotRetention: ResourceValidationPolicy = {
  name: "elasticache-snapshot-retention",
  description:
    "ElastiCache replication groups keep daily snapshots for at least the configured number of days.",
  enforcementLevel: "mandatory",
  configSchema: snapshotSchema,
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (g, args, report) => {
    const { minSnapshotRetentionDays } = configOf<{ minSnapshotRetentionDays: number }>(
      args,
      snapshotSchema,
    );
    if (!((g.snapshotRetentionLimit ?? 0) >= minSnapshotRetentionDays)) {
      report(
        `ElastiCache replication group snapshotRetentionLimit must be at least ${minSnapshotRetentionDays} days.`,
      );
    }
  }),
};

export const elasticacheEncryption: ResourceValidationPolicy = {
  name: "elasticache-encryption",
  description: "ElastiCache replication groups encrypt data at rest and in transit.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.elasticache.ReplicationGroup, (g, _args, report) => {
    if (g.atRestEncryptionEnabled !== true) {
      report("ElastiCache replication group atRestEncryptionEnabled must be true.");
    }
    if (g.transitEncryptionEnabled !== true) {
      report("ElastiCache replication group transitEncryptionEnabled must be true.");
    }
  }),
};

export const elasticacheNoSingleNodeRedis: ResourceValidationPolicy = {
  name: "elasticache-no-single-node-redis",
  description:
    "Redis and Valkey caches are replication groups, never standalone single-node clusters.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.elasticache.Cluster, (c, _args, report) => {
    // A member of a replication group inherits the engine from the group.
    if (isSet(c.replicationGroupId)) {
      return;
    }
    if (c.engine === "redis" || c.engine === "valkey") {
      report(`ElastiCache ${c.engine} cluster must be a member of a replication group.`);
    }
  }),
};

export const cacheRules: ResourceValidationPolicy[] = [
  elasticacheFailover,
  elasticacheNodeCount,
  elasticacheSnapshotRetention,
  elasticacheEncryption,
  elasticacheNoSingleNodeRedis,
];
