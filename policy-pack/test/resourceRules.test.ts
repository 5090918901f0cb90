// Every resource rule: the happy path passes, then one `it` per broken property with its exact message.
import assert from "node:assert/strict";
import { ResourceValidationPolicy } from "@pulumi/policy";
import * as backup from "../rules/backup";
import * as cache from "../rules/cache";
import * as compute from "../rules/compute";
import * as db from "../rules/database";
import { T } from "../rules/common";
import * as traffic from "../rules/traffic";
import { clone, DR_VAULT_ARN, HAPPY, PRIMARY, RECOVERY, runResourceRule } from "./helpers";
import { StackPolicyContext } from "../offline";

type Props = Record<string, any>;
interface Spec {
  policy: ResourceValidationPolicy;
  type: string;
  ctx?: Partial<StackPolicyContext>;
  happy?: Props;
  /** Extra passing variants: [label, mutate, ctx?]. */
  passes?: [string, (p: Props) => void, Partial<StackPolicyContext>?][];
  broken: [string, (p: Props) => void, string | string[], Partial<StackPolicyContext>?][];
}

const LB_ALB = "aws:alb/loadBalancer:LoadBalancer";
const NLB = {
  ...HAPPY["aws:lb/loadBalancer:LoadBalancer"],
  loadBalancerType: "network",
  enableCrossZoneLoadBalancing: true,
};

const specs: Spec[] = [
  {
    policy: db.rdsInstanceMultiAz,
    type: T.rdsInstance,
    passes: [
      [
        "a cross-region read replica",
        (p) => {
          p.multiAz = false;
          p.replicateSourceDb = "arn:aws:rds:us-east-1:1:db:orders";
        },
      ],
    ],
    broken: [
      ["multiAz false", (p) => (p.multiAz = false), "RDS instance multiAz must be true."],
      ["multiAz missing", (p) => delete p.multiAz, "RDS instance multiAz must be true."],
      [
        "a same-region replica without multiAz",
        (p) => {
          p.multiAz = false;
          p.replicateSourceDb = "orders";
        },
        "RDS instance multiAz must be true.",
      ],
    ],
  },
  {
    policy: db.rdsInstanceBackupRetention,
    type: T.rdsInstance,
    broken: [
      [
        "retention 3",
        (p) => (p.backupRetentionPeriod = 3),
        "RDS instance backupRetentionPeriod must be at least 7 days.",
      ],
      [
        "retention missing",
        (p) => delete p.backupRetentionPeriod,
        "RDS instance backupRetentionPeriod must be at least 7 days.",
      ],
    ],
  },
  {
    policy: db.rdsInstanceStorageEncrypted,
    type: T.rdsInstance,
    passes: [
      [
        "a replica (inherits encryption)",
        (p) => {
          delete p.storageEncrypted;
          p.replicateSourceDb = "orders";
        },
      ],
    ],
    broken: [
      [
        "storageEncrypted false",
        (p) => (p.storageEncrypted = false),
        "RDS instance storageEncrypted must be true.",
      ],
      [
        "storageEncrypted missing",
        (p) => delete p.storageEncrypted,
        "RDS instance storageEncrypted must be true.",
      ],
    ],
  },
  {
    policy: db.rdsInstanceNotPublic,
    type: T.rdsInstance,
    passes: [
      ["publiclyAccessible missing (AWS default false)", (p) => delete p.publiclyAccessible],
    ],
    broken: [
      [
        "publiclyAccessible true",
        (p) => (p.publiclyAccessible = true),
        "RDS instance publiclyAccessible must be false.",
      ],
    ],
  },
  {
    policy: db.rdsInstanceDeletionProtection,
    type: T.rdsInstance,
    broken: [
      [
        "deletionProtection false",
        (p) => (p.deletionProtection = false),
        "RDS instance deletionProtection must be true.",
      ],
      [
        "deletionProtection missing",
        (p) => delete p.deletionProtection,
        "RDS instance deletionProtection must be true.",
      ],
    ],
  },
  {
    policy: db.rdsInstanceFinalSnapshot,
    type: T.rdsInstance,
    passes: [
      [
        "a read replica",
        (p) => {
          p.skipFinalSnapshot = true;
          p.replicateSourceDb = "orders";
        },
      ],
    ],
    broken: [
      [
        "skipFinalSnapshot true",
        (p) => (p.skipFinalSnapshot = true),
        "RDS instance skipFinalSnapshot must be false in prod.",
      ],
    ],
  },
  {
    policy: db.rdsInstanceNoPlaintextPassword,
    type: T.rdsInstance,
    broken: [
      [
        "password set",
        (p) => {
          p.password = "hunter2";
          delete p.manageMasterUserPassword;
        },
        "RDS instance password must not be set; manageMasterUserPassword must be true.",
      ],
    ],
  },
  {
    policy: db.rdsClusterBackupRetention,
    type: T.rdsCluster,
    broken: [
      [
        "retention 1",
        (p) => (p.backupRetentionPeriod = 1),
        "RDS cluster backupRetentionPeriod must be at least 7 days.",
      ],
      [
        "retention missing",
        (p) => delete p.backupRetentionPeriod,
        "RDS cluster backupRetentionPeriod must be at least 7 days.",
      ],
    ],
  },
  {
    policy: db.rdsClusterStorageEncrypted,
    type: T.rdsCluster,
    broken: [
      [
        "storageEncrypted false",
        (p) => (p.storageEncrypted = false),
        "RDS cluster storageEncrypted must be true.",
      ],
      [
        "storageEncrypted missing",
        (p) => delete p.storageEncrypted,
        "RDS cluster storageEncrypted must be true.",
      ],
    ],
  },
  {
    policy: db.rdsClusterDeletionProtection,
    type: T.rdsCluster,
    broken: [
      [
        "deletionProtection missing",
        (p) => delete p.deletionProtection,
        "RDS cluster deletionProtection must be true.",
      ],
    ],
  },
  {
    policy: db.rdsClusterFinalSnapshot,
    type: T.rdsCluster,
    passes: [
      [
        "a global secondary in the recovery stack",
        (p) => {
          p.skipFinalSnapshot = true;
          p.globalClusterIdentifier = "g";
        },
        RECOVERY,
      ],
    ],
    broken: [
      [
        "skipFinalSnapshot true",
        (p) => (p.skipFinalSnapshot = true),
        "RDS cluster skipFinalSnapshot must be false in prod.",
      ],
    ],
  },
  {
    policy: db.dynamodbPointInTimeRecovery,
    type: T.dynamoTable,
    passes: [
      [
        "inline replicas with PITR",
        (p) => (p.replicas = [{ regionName: "eu-west-1", pointInTimeRecovery: true }]),
      ],
    ],
    broken: [
      [
        "pointInTimeRecovery disabled",
        (p) => (p.pointInTimeRecovery = { enabled: false }),
        "DynamoDB table pointInTimeRecovery.enabled must be true.",
      ],
      [
        "pointInTimeRecovery missing",
        (p) => delete p.pointInTimeRecovery,
        "DynamoDB table pointInTimeRecovery.enabled must be true.",
      ],
      [
        "an inline replica without PITR",
        (p) => (p.replicas = [{ regionName: "eu-west-1" }]),
        "DynamoDB table replica in eu-west-1 pointInTimeRecovery must be true.",
      ],
    ],
  },
  {
    policy: db.dynamodbPointInTimeRecovery,
    type: T.dynamoReplica,
    ctx: RECOVERY,
    broken: [
      [
        "TableReplica pointInTimeRecovery false",
        (p) => (p.pointInTimeRecovery = false),
        "DynamoDB table replica pointInTimeRecovery must be true.",
      ],
      [
        "TableReplica pointInTimeRecovery missing",
        (p) => delete p.pointInTimeRecovery,
        "DynamoDB table replica pointInTimeRecovery must be true.",
      ],
    ],
  },
  {
    policy: db.dynamodbDeletionProtection,
    type: T.dynamoTable,
    broken: [
      [
        "deletionProtectionEnabled missing",
        (p) => delete p.deletionProtectionEnabled,
        "DynamoDB table deletionProtectionEnabled must be true.",
      ],
      [
        "an inline replica without deletion protection",
        (p) => (p.replicas = [{ regionName: "eu-west-1", pointInTimeRecovery: true }]),
        "DynamoDB table replica in eu-west-1 deletionProtectionEnabled must be true.",
      ],
    ],
  },
  {
    policy: db.dynamodbDeletionProtection,
    type: T.dynamoReplica,
    ctx: RECOVERY,
    broken: [
      [
        "TableReplica deletionProtectionEnabled missing",
        (p) => delete p.deletionProtectionEnabled,
        "DynamoDB table replica deletionProtectionEnabled must be true.",
      ],
    ],
  },
  {
    policy: db.dynamodbReplicaPeerRegion,
    type: T.dynamoTable,
    passes: [
      ["an inline replica in the peer region", (p) => (p.replicas = [{ regionName: "eu-west-1" }])],
    ],
    broken: [
      [
        "an inline replica in another region",
        (p) => (p.replicas = [{ regionName: "ap-south-1" }]),
        "DynamoDB table replica regionName must be eu-west-1.",
      ],
    ],
  },
  {
    policy: db.dynamodbReplicaPeerRegion,
    type: T.dynamoReplica,
    ctx: RECOVERY,
    broken: [
      [
        "globalTableArn in a region other than the peer",
        (p) => (p.globalTableArn = "arn:aws:dynamodb:ap-south-1:123456789012:table/catalog"),
        "DynamoDB table replica globalTableArn must be a table in us-east-1.",
      ],
      [
        "replica region not this stack's region",
        (p) => (p.region = "us-west-2"),
        "DynamoDB table replica region must be eu-west-1.",
      ],
    ],
  },
  {
    policy: cache.elasticacheFailover,
    type: T.cacheGroup,
    broken: [
      [
        "automaticFailoverEnabled missing",
        (p) => delete p.automaticFailoverEnabled,
        "ElastiCache replication group automaticFailoverEnabled must be true.",
      ],
      [
        "multiAzEnabled false",
        (p) => (p.multiAzEnabled = false),
        "ElastiCache replication group multiAzEnabled must be true.",
      ],
    ],
  },
  {
    policy: cache.elasticacheNodeCount,
    type: T.cacheGroup,
    passes: [
      [
        "cluster mode with one replica per shard",
        (p) => {
          delete p.numCacheClusters;
          p.numNodeGroups = 2;
          p.replicasPerNodeGroup = 1;
        },
      ],
    ],
    broken: [
      [
        "numCacheClusters 1",
        (p) => (p.numCacheClusters = 1),
        "ElastiCache replication group numCacheClusters must be at least 2.",
      ],
      [
        "numCacheClusters missing",
        (p) => delete p.numCacheClusters,
        "ElastiCache replication group numCacheClusters must be at least 2.",
      ],
      [
        "cluster mode without replicas",
        (p) => {
          delete p.numCacheClusters;
          p.numNodeGroups = 2;
          p.replicasPerNodeGroup = 0;
        },
        "ElastiCache replication group replicasPerNodeGroup must be at least 1.",
      ],
    ],
  },
  {
    policy: cache.elasticacheSnapshotRetention,
    type: T.cacheGroup,
    broken: [
      [
        "snapshotRetentionLimit 1",
        (p) => (p.snapshotRetentionLimit = 1),
        "ElastiCache replication group snapshotRetentionLimit must be at least 7 days.",
      ],
      [
        "snapshotRetentionLimit missing",
        (p) => delete p.snapshotRetentionLimit,
        "ElastiCache replication group snapshotRetentionLimit must be at least 7 days.",
      ],
    ],
  },
  {
    policy: cache.elasticacheEncryption,
    type: T.cacheGroup,
    broken: [
      [
        "atRestEncryptionEnabled missing",
        (p) => delete p.atRestEncryptionEnabled,
        "ElastiCache replication group atRestEncryptionEnabled must be true.",
      ],
      [
        "transitEncryptionEnabled false",
        (p) => (p.transitEncryptionEnabled = false),
        "ElastiCache replication group transitEncryptionEnabled must be true.",
      ],
    ],
  },
  {
    policy: cache.elasticacheNoSingleNodeRedis,
    type: T.cacheCluster,
    passes: [
      [
        "a member of a replication group",
        (p) => {
          delete p.engine;
          p.replicationGroupId = "rg";
        },
      ],
    ],
    broken: [
      [
        "a standalone redis cluster",
        (p) => (p.engine = "redis"),
        "ElastiCache redis cluster must be a member of a replication group.",
      ],
      [
        "a standalone valkey cluster",
        (p) => (p.engine = "valkey"),
        "ElastiCache valkey cluster must be a member of a replication group.",
      ],
    ],
  },
  {
    policy: compute.autoscalingGroupMultiAz,
    type: T.asg,
    passes: [
      [
        "availabilityZones instead of subnets",
        (p) => {
          delete p.vpcZoneIdentifiers;
          p.availabilityZones = ["us-east-1a", "us-east-1b"];
        },
      ],
    ],
    broken: [
      [
        "a single subnet",
        (p) => (p.vpcZoneIdentifiers = ["subnet-a"]),
        "Auto Scaling group vpcZoneIdentifiers must list at least 2 subnets.",
      ],
      [
        "no subnets",
        (p) => delete p.vpcZoneIdentifiers,
        "Auto Scaling group vpcZoneIdentifiers must list at least 2 subnets.",
      ],
    ],
  },
  {
    policy: compute.autoscalingGroupElbHealthCheck,
    type: T.asg,
    passes: [
      [
        "an ECS capacity-provider group without target groups on EC2 checks",
        (p) => {
          delete p.targetGroupArns;
          p.healthCheckType = "EC2";
        },
      ],
    ],
    broken: [
      [
        "EC2 health checks with target groups",
        (p) => (p.healthCheckType = "EC2"),
        'Auto Scaling group healthCheckType must be "ELB" when it has target groups.',
      ],
      [
        "healthCheckType missing with target groups",
        (p) => delete p.healthCheckType,
        'Auto Scaling group healthCheckType must be "ELB" when it has target groups.',
      ],
    ],
  },
  {
    policy: compute.autoscalingGroupMinSize,
    type: T.asg,
    passes: [
      [
        "minSize 0 in a pilot-light recovery stack",
        (p) => (p.minSize = 0),
        { ...RECOVERY, tier: "pilot-light" },
      ],
    ],
    broken: [
      [
        "minSize 0 in the primary",
        (p) => (p.minSize = 0),
        "Auto Scaling group minSize must be at least 1.",
      ],
      [
        "minSize 0 in a warm-standby recovery stack",
        (p) => (p.minSize = 0),
        "Auto Scaling group minSize must be at least 1.",
        RECOVERY,
      ],
    ],
  },
  {
    policy: compute.ecsServiceMultiAz,
    type: T.ecsService,
    broken: [
      [
        "a single subnet",
        (p) => (p.networkConfiguration.subnets = ["subnet-a"]),
        "ECS service networkConfiguration.subnets must list at least 2 subnets.",
      ],
    ],
  },
  {
    policy: compute.ecsServiceCircuitBreaker,
    type: T.ecsService,
    broken: [
      [
        "circuit breaker missing",
        (p) => delete p.deploymentCircuitBreaker,
        [
          "ECS service deploymentCircuitBreaker.enable must be true.",
          "ECS service deploymentCircuitBreaker.rollback must be true.",
        ],
      ],
      [
        "rollback false",
        (p) => (p.deploymentCircuitBreaker.rollback = false),
        "ECS service deploymentCircuitBreaker.rollback must be true.",
      ],
    ],
  },
  {
    policy: compute.ecsServiceDesiredCount,
    type: T.ecsService,
    passes: [
      [
        "desiredCount 0 in a pilot-light recovery stack",
        (p) => (p.desiredCount = 0),
        { ...RECOVERY, tier: "pilot-light" },
      ],
    ],
    broken: [
      [
        "desiredCount 0 in warm-standby recovery",
        (p) => (p.desiredCount = 0),
        "ECS service desiredCount must be at least 1.",
        RECOVERY,
      ],
      [
        "desiredCount missing",
        (p) => delete p.desiredCount,
        "ECS service desiredCount must be at least 1.",
      ],
    ],
  },
  {
    policy: compute.lambdaMultiAz,
    type: T.lambda,
    passes: [["a function outside a VPC", (p) => delete p.vpcConfig]],
    broken: [
      [
        "a single subnet",
        (p) => (p.vpcConfig.subnetIds = ["subnet-a"]),
        "Lambda function vpcConfig.subnetIds must list at least 2 subnets.",
      ],
    ],
  },
  {
    policy: traffic.lbMultiAz,
    type: "aws:lb/loadBalancer:LoadBalancer",
    passes: [
      [
        "subnetMappings",
        (p) => {
          delete p.subnets;
          p.subnetMappings = [{ subnetId: "a" }, { subnetId: "b" }];
        },
      ],
    ],
    broken: [
      [
        "a single subnet",
        (p) => (p.subnets = ["subnet-a"]),
        "Load balancer subnets must list at least 2 subnets.",
      ],
    ],
  },
  {
    policy: traffic.lbMultiAz,
    type: LB_ALB,
    happy: HAPPY["aws:lb/loadBalancer:LoadBalancer"],
    broken: [
      [
        "legacy aws:alb token with a single subnet",
        (p) => (p.subnets = ["subnet-a"]),
        "Load balancer subnets must list at least 2 subnets.",
      ],
    ],
  },
  {
    policy: traffic.lbDeletionProtection,
    type: "aws:lb/loadBalancer:LoadBalancer",
    broken: [
      [
        "enableDeletionProtection missing",
        (p) => delete p.enableDeletionProtection,
        "Load balancer enableDeletionProtection must be true.",
      ],
    ],
  },
  {
    policy: traffic.lbDeletionProtection,
    type: LB_ALB,
    happy: HAPPY["aws:lb/loadBalancer:LoadBalancer"],
    broken: [
      [
        "legacy aws:alb token without deletion protection",
        (p) => (p.enableDeletionProtection = false),
        "Load balancer enableDeletionProtection must be true.",
      ],
    ],
  },
  {
    policy: traffic.lbCrossZone,
    type: "aws:lb/loadBalancer:LoadBalancer",
    happy: NLB,
    passes: [
      [
        "an ALB (always cross-zone)",
        (p) => {
          p.loadBalancerType = "application";
          delete p.enableCrossZoneLoadBalancing;
        },
      ],
    ],
    broken: [
      [
        "an NLB without cross-zone",
        (p) => delete p.enableCrossZoneLoadBalancing,
        "Load balancer enableCrossZoneLoadBalancing must be true for a network load balancer.",
      ],
    ],
  },
  {
    policy: traffic.lbDesyncMitigation,
    type: "aws:lb/loadBalancer:LoadBalancer",
    passes: [
      [
        "desyncMitigationMode missing (AWS default defensive)",
        (p) => delete p.desyncMitigationMode,
      ],
    ],
    broken: [
      [
        "desyncMitigationMode monitor",
        (p) => (p.desyncMitigationMode = "monitor"),
        'Load balancer desyncMitigationMode must be "defensive" or "strictest".',
      ],
    ],
  },
  {
    policy: traffic.lbListenerHttps,
    type: "aws:lb/listener:Listener",
    passes: [
      [
        "an HTTP listener that redirects to HTTPS",
        (p) => {
          p.protocol = "HTTP";
          p.defaultActions = [
            {
              type: "redirect",
              redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
            },
          ];
        },
      ],
      ["an NLB TCP listener", (p) => (p.protocol = "TCP")],
    ],
    broken: [
      [
        "an HTTP listener that forwards",
        (p) => (p.protocol = "HTTP"),
        "Load balancer HTTP listener defaultActions must only redirect to HTTPS.",
      ],
      [
        "protocol missing (defaults to HTTP)",
        (p) => delete p.protocol,
        "Load balancer HTTP listener defaultActions must only redirect to HTTPS.",
      ],
    ],
  },
  {
    policy: traffic.lbListenerHttps,
    type: "aws:alb/listener:Listener",
    happy: HAPPY["aws:lb/listener:Listener"],
    broken: [
      [
        "legacy aws:alb listener on HTTP",
        (p) => (p.protocol = "HTTP"),
        "Load balancer HTTP listener defaultActions must only redirect to HTTPS.",
      ],
    ],
  },
  {
    policy: traffic.route53FailoverHealthCheck,
    type: T.record,
    passes: [
      ["an alias evaluating target health without healthCheckId", (p) => delete p.healthCheckId],
      [
        "a simple record without a failover policy",
        (p) => {
          delete p.failoverRoutingPolicies;
          delete p.healthCheckId;
          delete p.aliases;
        },
      ],
    ],
    broken: [
      [
        "a failover record without any health check",
        (p) => {
          delete p.healthCheckId;
          p.aliases[0].evaluateTargetHealth = false;
        },
        "Route 53 failover record healthCheckId must be set, or its alias evaluateTargetHealth must be true.",
      ],
    ],
  },
  {
    policy: traffic.globalAcceleratorTrafficDial,
    type: T.endpointGroup,
    ctx: { ...PRIMARY, tier: "active-active" },
    broken: [
      [
        "dial at 50",
        (p) => (p.trafficDialPercentage = 50),
        "Global Accelerator endpoint group trafficDialPercentage must be 100 in active-active.",
      ],
    ],
  },
  {
    policy: backup.backupPlanSchedule,
    type: T.backupPlan,
    passes: [
      [
        "hourly in backup-restore",
        (p) => (p.rules[0].schedule = "cron(0 * * * ? *)"),
        { ...PRIMARY, tier: "backup-restore" },
      ],
      ["rate(12 hours)", (p) => (p.rules[0].schedule = "rate(12 hours)")],
      [
        "a daily rule beside a monthly long-term rule (judged as a plan)",
        (p) => {
          p.rules.push({
            ruleName: "monthly",
            targetVaultName: "local",
            schedule: "cron(0 5 1 * ? *)",
            lifecycle: { deleteAfter: 365 },
          });
        },
      ],
      ["recovery points that never expire (no deleteAfter)", (p) => delete p.rules[0].lifecycle],
    ],
    broken: [
      [
        "weekly",
        (p) => (p.rules[0].schedule = "cron(0 5 ? * SUN *)"),
        "Backup plan must have a rule that runs at least daily and keeps recovery points at least 35 days (rule daily runs every 168 hours).",
      ],
      [
        "schedule missing",
        (p) => delete p.rules[0].schedule,
        "Backup plan must have a rule that runs at least daily and keeps recovery points at least 35 days (rule daily has no schedule).",
      ],
      [
        "daily in backup-restore",
        () => undefined,
        "Backup plan must have a rule that runs at least hourly and keeps recovery points at least 35 days (rule daily runs every 24 hours).",
        { ...PRIMARY, tier: "backup-restore" },
      ],
      [
        "a daily rule kept 7 days and a monthly rule (neither meets both)",
        (p) => {
          p.rules[0].lifecycle.deleteAfter = 7;
          p.rules.push({
            ruleName: "monthly",
            targetVaultName: "local",
            schedule: "cron(0 5 1 * ? *)",
            lifecycle: { deleteAfter: 365 },
          });
        },
        "Backup plan must have a rule that runs at least daily and keeps recovery points at least 35 days (rule daily keeps 7 days; rule monthly runs every 168 hours).",
      ],
      [
        "no rules",
        (p) => (p.rules = []),
        "Backup plan must have a rule that runs at least daily and keeps recovery points at least 35 days (it has no rules).",
      ],
    ],
  },
  {
    policy: backup.backupPlanRetention,
    type: T.backupPlan,
    broken: [
      [
        "deleteAfter 14",
        (p) => (p.rules[0].lifecycle.deleteAfter = 14),
        "Backup plan rule daily lifecycle.deleteAfter must be at least 35 days.",
      ],
      [
        "copy deleteAfter 7",
        (p) => (p.rules[0].copyActions[0].lifecycle.deleteAfter = 7),
        "Backup plan rule daily copyActions lifecycle.deleteAfter must be at least 35 days.",
      ],
    ],
  },
  {
    policy: backup.backupPlanColdStorage,
    type: T.backupPlan,
    passes: [
      [
        "cold after 30, delete after 120",
        (p) => (p.rules[0].lifecycle = { coldStorageAfter: 30, deleteAfter: 120 }),
      ],
    ],
    broken: [
      [
        "delete 60 days after cold",
        (p) => (p.rules[0].lifecycle = { coldStorageAfter: 30, deleteAfter: 90 }),
        "Backup plan rule daily lifecycle deleteAfter must be at least coldStorageAfter + 90 days.",
      ],
      [
        "copy deleted too soon after cold",
        (p) => (p.rules[0].copyActions[0].lifecycle = { coldStorageAfter: 10, deleteAfter: 35 }),
        "Backup plan rule daily copyActions lifecycle deleteAfter must be at least coldStorageAfter + 90 days.",
      ],
    ],
  },
  {
    policy: backup.backupPlanCopyAction,
    type: T.backupPlan,
    ctx: RECOVERY,
    // The recovery stack's copy plan lives in the primary region (v7 per-resource region).
    happy: { ...HAPPY[T.backupPlan], region: "us-east-1" },
    passes: [
      [
        "a plan without copies in the primary role (not applicable)",
        (p) => delete p.rules[0].copyActions,
        PRIMARY,
      ],
    ],
    broken: [
      [
        "no copyActions in the recovery role",
        (p) => delete p.rules[0].copyActions,
        "Backup plan rule daily copyActions must copy to a vault in another region.",
      ],
      [
        "a copy into the plan's own region",
        (p) =>
          (p.rules[0].copyActions[0].destinationVaultArn =
            "arn:aws:backup:us-east-1:1:backup-vault:x"),
        "Backup plan rule daily copyActions destinationVaultArn must be in a region other than us-east-1.",
      ],
    ],
  },
  {
    policy: backup.backupPlanCopyActionAdvisory,
    type: T.backupPlan,
    passes: [
      [
        "no copies in the recovery role (not applicable)",
        (p) => delete p.rules[0].copyActions,
        RECOVERY,
      ],
    ],
    broken: [
      [
        "no copyActions in the primary role",
        (p) => delete p.rules[0].copyActions,
        "Backup plan rule daily copyActions must copy to a vault in another region.",
      ],
    ],
  },
  {
    policy: backup.backupVaultCustomerKey,
    type: T.backupVault,
    broken: [
      [
        "kmsKeyArn missing",
        (p) => delete p.kmsKeyArn,
        "Backup vault kmsKeyArn must be a customer-managed KMS key.",
      ],
      [
        "the AWS-managed key",
        (p) => (p.kmsKeyArn = "arn:aws:kms:us-east-1:1:alias/aws/backup"),
        "Backup vault kmsKeyArn must be a customer-managed KMS key.",
      ],
    ],
  },
];

describe("policy-pack resource rules", () => {
  for (const spec of specs) {
    const base = spec.happy ?? HAPPY[spec.type];
    const ctx = spec.ctx ?? PRIMARY;
    describe(`${spec.policy.name} on ${spec.type}`, () => {
      it("passes the happy path", () => {
        assert.deepEqual(runResourceRule(spec.policy, spec.type, clone(base), ctx), []);
      });
      for (const [label, mutate, pctx] of spec.passes ?? []) {
        it(`passes ${label}`, () => {
          const props = clone(base);
          mutate(props);
          assert.deepEqual(runResourceRule(spec.policy, spec.type, props, pctx ?? ctx), []);
        });
      }
      for (const [label, mutate, expected, bctx] of spec.broken) {
        it(`reports ${label}`, () => {
          const props = clone(base);
          mutate(props);
          const want = Array.isArray(expected) ? expected : [expected];
          assert.deepEqual(runResourceRule(spec.policy, spec.type, props, bctx ?? ctx), want);
        });
      }
    });
  }

  it("tests every resource rule", () => {
    const tested = new Set(specs.map((s) => s.policy.name));
    const families = [
      ...db.databaseRules,
      ...cache.cacheRules,
      ...compute.computeRules,
      ...traffic.trafficRules,
      ...backup.backupRules,
    ];
    assert.deepEqual(
      families.map((p) => p.name).filter((n) => !tested.has(n)),
      [],
    );
  });

  it("ignores resources of other types (notApplicable)", () => {
    assert.deepEqual(runResourceRule(db.rdsInstanceMultiAz, T.rdsCluster, {}), []);
  });

  it("uses the region of the plan's provider for the copy-region check", () => {
    const props = clone(HAPPY[T.backupPlan]);
    props.rules[0].copyActions[0].destinationVaultArn = DR_VAULT_ARN.replace(
      "eu-west-1",
      "us-east-1",
    );
    const provider = {
      type: "pulumi:providers:aws",
      props: { region: "us-east-1" },
      urn: "urn:p",
      name: "primary-region",
    };
    assert.deepEqual(
      runResourceRule(backup.backupPlanCopyAction, T.backupPlan, props, RECOVERY, { provider }),
      [
        "Backup plan rule daily copyActions destinationVaultArn must be in a region other than us-east-1.",
      ],
    );
  });

  it("reads minimums from policy config over the schema default", () => {
    const props = { ...clone(HAPPY[T.rdsInstance]), backupRetentionPeriod: 10 };
    assert.deepEqual(
      runResourceRule(db.rdsInstanceBackupRetention, T.rdsInstance, props, PRIMARY, {
        config: { minBackupRetentionDays: 14 },
      }),
      ["RDS instance backupRetentionPeriod must be at least 14 days."],
    );
  });

  describe("scheduleIntervalHours", () => {
    const cases: [string | undefined, number][] = [
      ["cron(0 5 * * ? *)", 24],
      ["cron(0 */4 * * ? *)", 4],
      ["cron(0 1,13 * * ? *)", 12],
      ["cron(0 * * * ? *)", 1],
      ["cron(0 5 ? * MON *)", 168],
      ["rate(1 hour)", 1],
      ["rate(1 day)", 24],
      [undefined, Infinity],
    ];
    for (const [s, h] of cases) {
      it(`${s} runs every ${h} h at most`, () => assert.equal(backup.scheduleIntervalHours(s), h));
    }
  });
});
