// RDS instance, Aurora cluster and DynamoDB rules.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { arnRegion, configOf, contextProperties, isSet, regionOf, StackContext } from "./common";

const retentionSchema: PolicyConfigSchema = {
  properties: {
    minBackupRetentionDays: { type: "integer", minimum: 1, maximum: 35, default: 7 },
  },
};

/** A cross-region read replica names its source by ARN; a same-region one may use the identifier. */
function isCrossRegionReplica(db: { replicateSourceDb?: string }): boolean {
  return typeof db.replicateSourceDb === "string" && db.replicateSourceDb.startsWith("arn:");
}

export const rdsInstanceMultiAz: ResourceValidationPolicy = {
  name: "rds-instance-multi-az",
  description: "RDS instances run Multi-AZ, except cross-region read replicas.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, report) => {
    if (isCrossRegionReplica(db)) {
      return;
    }
    if (db.multiAz !== true) {
      report("RDS instance multiAz must be true.");
    }
  }),
};

export const rdsInstanceBackupRetention: ResourceValidationPolicy = {
  name: "rds-instance-backup-retention",
  description: "RDS instances keep automated backups for at least the configured number of days.",
  enforcementLevel: "mandatory",
  configSchema: retentionSchema,
  validateResource: validateResourceOfType(aws.rds.Instance, (db, args, report) => {
    const { minBackupRetentionDays } = configOf<{ minBackupRetentionDays: number }>(
      args,
      retentionSchema,
    );
    if (!((db.backupRetentionPeriod ?? 0) >= minBackupRetentionDays)) {
      report(`RDS instance backupRetentionPeriod must be at least ${minBackupRetentionDays} days.`);
    }
  }),
};

export const rdsInstanceStorageEncrypted: ResourceValidationPolicy = {
  name: "rds-instance-storage-encrypted",
  description: "RDS instances encrypt their storage; replicas inherit their source's encryption.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, report) => {
    if (isSet(db.replicateSourceDb)) {
      return;
    }
    if (db.storageEncrypted !== true) {
      report("RDS instance storageEncrypted must be true.");
    }
  }),
};

export const rdsInstanceNotPublic: ResourceValidationPolicy = {
  name: "rds-instance-not-public",
  description: "RDS instances are not publicly accessible.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, report) => {
    if (db.publiclyAccessible === true) {
      report("RDS instance publiclyAccessible must be false.");
    }
  }),
};

export const rdsInstanceDeletionProtection: ResourceValidationPolicy = {
  name: "rds-instance-deletion-protection",
  description: "RDS instances have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, report) => {
    if (db.deletionProtection !== true) {
      report("RDS instance deletionProtection must be true.");
    }
  }),
};

const finalSnapshotSchema: PolicyConfigSchema = {
  properties: {
    environment: {
      type: "string",
      default: "prod",
      description: "Environment of the stack; final snapshots are required in prod.",
    },
  },
};

export const rdsInstanceFinalSnapshot: ResourceValidationPolicy = {
  name: "rds-instance-final-snapshot",
  description: "RDS instances in prod take a final snapshot when deleted.",
  enforcementLevel: "mandatory",
  configSchema: finalSnapshotSchema,
  validateResource: validateResourceOfType(aws.rds.Instance, (db, args, report) => {
    const { environment } = configOf<{ environment: string }>(args, finalSnapshotSchema);
    // A read replica cannot take a final snapshot.
    if (environment !== "prod" || isSet(db.replicateSourceDb)) {
      return;
    }
    if (db.skipFinalSnapshot === true) {
      report("RDS instance skipFinalSnapshot must be false in prod.");
    }
  }),
};

export const rdsInstanceNoPlaintextPassword: ResourceValidationPolicy = {
  name: "rds-instance-no-plaintext-password",
  description: "RDS instances use a managed master password instead of a password set in code.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, report) => {
    // An RDS instance is never a global-cluster member, so any password value is plaintext in state.
    if (isSet(db.password)) {
      report("RDS instance password must not be set; manageMasterUserPassword must be true.");
    }
  }),
};

export const rdsClusterBackupRetention: ResourceValidationPolicy = {
  name: "rds-cluster-backup-retention",
  description: "Aurora clusters keep automated backups for at least the configured number of days.",
  enforcementLevel: "mandatory",
  configSchema: retentionSchema,
  validateResource: validateResourceOfType(aws.rds.Cluster, (c, args, report) => {
    const { minBackupRetentionDays } = configOf<{ minBackupRetentionDays: number }>(
      args,
      retentionSchema,
    );
    if (!((c.backupRetentionPeriod ?? 0) >= minBackupRetentionDays)) {
      report(`RDS cluster backupRetentionPeriod must be at least ${minBackupRetentionDays} days.`);
    }
  }),
};

export const rdsClusterStorageEncrypted: ResourceValidationPolicy = {
  name: "rds-cluster-storage-encrypted",
  description: "Aurora clusters, global secondaries included, encrypt their storage.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Cluster, (c, _args, report) => {
    if (c.storageEncrypted !== true) {
      report("RDS cluster storageEncrypted must be true.");
    }
  }),
};

export const rdsClusterDeletionProtection: ResourceValidationPolicy = {
  name: "rds-cluster-deletion-protection",
  description: "Aurora clusters have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Cluster, (c, _args, report) => {
    if (c.deletionProtection !== true) {
      report("RDS cluster deletionProtection must be true.");
    }
  }),
};

const clusterSnapshotSchema: PolicyConfigSchema = {
  properties: { ...finalSnapshotSchema.properties, role: contextProperties.role },
};

export const rdsClusterFinalSnapshot: ResourceValidationPolicy = {
  name: "rds-cluster-final-snapshot",
  description:
    "Aurora clusters in prod take a final snapshot when deleted, except global secondaries.",
  enforcementLevel: "mandatory",
  configSchema: clusterSnapshotSchema,
  validateResource: validateResourceOfType(aws.rds.Cluster, (c, args, report) => {
    const cfg = configOf<{ environment: string; role: string }>(args, clusterSnapshotSchema);
    const secondary =
      isSet(c.replicationSourceIdentifier) ||
      (cfg.role === "recovery" && isSet(c.globalClusterIdentifier));
    if (cfg.environment !== "prod" || secondary) {
      return;
    }
    if (c.skipFinalSnapshot === true) {
      report("RDS cluster skipFinalSnapshot must be false in prod.");
    }
  }),
};

export const dynamodbPointInTimeRecovery: ResourceValidationPolicy = {
  name: "dynamodb-point-in-time-recovery",
  description: "DynamoDB tables and every replica have point-in-time recovery on.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(aws.dynamodb.Table, (t, _args, report) => {
      if (t.pointInTimeRecovery?.enabled !== true) {
        report("DynamoDB table pointInTimeRecovery.enabled must be true.");
      }
      for (const r of t.replicas ?? []) {
        if (r.pointInTimeRecovery !== true) {
          report(`DynamoDB table replica in ${r.regionName} pointInTimeRecovery must be true.`);
        }
      }
    }),
    validateResourceOfType(aws.dynamodb.TableReplica, (r, _args, report) => {
      if (r.pointInTimeRecovery !== true) {
        report("DynamoDB table replica pointInTimeRecovery must be true.");
      }
    }),
  ],
};

export const dynamodbDeletionProtection: ResourceValidationPolicy = {
  name: "dynamodb-deletion-protection",
  description: "DynamoDB tables and table replicas have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(aws.dynamodb.Table, (t, _args, report) => {
      if (t.deletionProtectionEnabled !== true) {
        report("DynamoDB table deletionProtectionEnabled must be true.");
      }
      for (const r of t.replicas ?? []) {
        if (r.deletionProtectionEnabled !== true) {
          report(
            `DynamoDB table replica in ${r.regionName} deletionProtectionEnabled must be true.`,
          );
        }
      }
    }),
    validateResourceOfType(aws.dynamodb.TableReplica, (r, _args, report) => {
      if (r.deletionProtectionEnabled !== true) {
        report("DynamoDB table replica deletionProtectionEnabled must be true.");
      }
    }),
  ],
};

const peerSchema: PolicyConfigSchema = {
  properties: { region: contextProperties.region, peerRegion: contextProperties.peerRegion },
};

export const dynamodbReplicaPeerRegion: ResourceValidationPolicy = {
  name: "dynamodb-replica-peer-region",
  description: "DynamoDB global-table replicas live in the configured peer region.",
  enforcementLevel: "mandatory",
  configSchema: peerSchema,
  validateResource: [
    validateResourceOfType(aws.dynamodb.Table, (t, args, report) => {
      const { peerRegion } = configOf<StackContext>(args, peerSchema);
      for (const r of t.replicas ?? []) {
        if (r.regionName !== peerRegion) {
          report(`DynamoDB table replica regionName must be ${peerRegion}.`);
        }
      }
    }),
    validateResourceOfType(aws.dynamodb.TableReplica, (r, args, report) => {
      // The replica is created by the recovery stack in its own region, from the peer's table.
      const { region, peerRegion } = configOf<StackContext>(args, peerSchema);
      if (regionOf(r, args.provider, region) !== region) {
        report(`DynamoDB table replica region must be ${region}.`);
      }
      const source = arnRegion(r.globalTableArn);
      if (source !== undefined && source !== peerRegion) {
        report(`DynamoDB table replica globalTableArn must be a table in ${peerRegion}.`);
      }
    }),
  ],
};

export const databaseRules: ResourceValidationPolicy[] = [
  rdsInstanceMultiAz,
  rdsInstanceBackupRetention,
  rdsInstanceStorageEncrypted,
  rdsInstanceNotPublic,
  rdsInstanceDeletionProtection,
  rdsInstanceFinalSnapshot,
  rdsInstanceNoPlaintextPassword,
  rdsClusterBackupRetention,
  rdsClusterStorageEncrypted,
  rdsClusterDeletionProtection,
  rdsClusterFinalSnapshot,
  dynamodbPointInTimeRecovery,
  dynamodbDeletionProtection,
  dynamodbReplicaPeerRegion,
];
