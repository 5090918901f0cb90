// Which of the field's rule sets has an equivalent of each of our rules, read from their own sources:
// - AWS Config managed rules, as used by the "Operational Best Practices for BCP and DR" and "Data Resiliency"
//   conformance packs (awslabs/aws-config-rules, aws-config-conformance-packs/*.yaml) and the managed-rule pages;
// - AWS Security Hub foundational security best practices controls (securityhub/latest/userguide/*-controls.html);
// - Checkov's AWS Terraform checks (bridgecrewio/checkov, checkov/terraform/checks/{resource,graph_checks}/aws);
// - cdk-nag's rule packs (cdklabs/cdk-nag, src/packs/*.ts: AwsSolutions, NIST 800-53, HIPAA);
// - pulumi-policy-aws (pulumi/pulumi-policy-aws, src/*.ts).
// A cell names the equivalent; no cell means none of that set checks it. `npm run policy-docs` renders the table.

export const SOURCES = [
    { key: "config", label: "AWS Config" },
    { key: "securityHub", label: "Security Hub" },
    { key: "checkov", label: "Checkov" },
    { key: "cdkNag", label: "cdk-nag" },
    { key: "pulumiAws", label: "pulumi-policy-aws" },
] as const;

export type SourceKey = (typeof SOURCES)[number]["key"];
export type Coverage = Partial<Record<SourceKey, string>>;

export const COVERAGE: Record<string, Coverage> = {
    "rds-instance-multi-az": { config: "rds-multi-az-support", securityHub: "RDS.5", checkov: "CKV_AWS_157", cdkNag: "RDSMultiAZSupport", pulumiAws: "rds-instance-multi-az-enabled" },
    "rds-instance-backup-retention": { config: "db-instance-backup-enabled", securityHub: "RDS.11", checkov: "CKV_AWS_133", cdkNag: "RDSInstanceBackupEnabled", pulumiAws: "rds-instance-backup-enabled" },
    "rds-instance-storage-encrypted": { config: "rds-storage-encrypted", securityHub: "RDS.3", checkov: "CKV_AWS_16", cdkNag: "RDSStorageEncrypted", pulumiAws: "rds-storage-encrypted" },
    "rds-instance-not-public": { config: "rds-instance-public-access-check", securityHub: "RDS.2", checkov: "CKV_AWS_17", cdkNag: "RDSInstancePublicAccess", pulumiAws: "rds-instance-public-access" },
    "rds-instance-deletion-protection": { config: "rds-instance-deletion-protection-enabled", securityHub: "RDS.8", checkov: "CKV_AWS_293", cdkNag: "RDSInstanceDeletionProtectionEnabled" },
    "rds-instance-final-snapshot": {},
    "rds-instance-no-plaintext-password": { cdkNag: "DocumentDBCredentialsInSecretsManager (DocumentDB only)" },
    "rds-cluster-backup-retention": { config: "aurora-resources-protected-by-backup-plan (partly)", securityHub: "RDS.11 (instances)" },
    "rds-cluster-storage-encrypted": { config: "rds-cluster-encrypted-at-rest", securityHub: "RDS.27", checkov: "CKV_AWS_96", cdkNag: "RDSStorageEncrypted" },
    "rds-cluster-deletion-protection": { config: "rds-cluster-deletion-protection-enabled", securityHub: "RDS.7", checkov: "CKV_AWS_139" },
    "rds-cluster-final-snapshot": {},
    "rds-cluster-no-plaintext-password": {},
    "dynamodb-point-in-time-recovery": { config: "dynamodb-pitr-enabled", securityHub: "DynamoDB.2", checkov: "CKV_AWS_28, CKV_AWS_165", cdkNag: "DynamoDBPITREnabled" },
    "dynamodb-deletion-protection": { securityHub: "DynamoDB.6" },
    "dynamodb-replica-peer-region": {},
    "elasticache-failover": { config: "elasticache-repl-grp-auto-failover-enabled", securityHub: "ElastiCache.3", checkov: "CKV2_AWS_50", cdkNag: "ElastiCacheRedisClusterMultiAZ" },
    "elasticache-node-count": { cdkNag: "ElastiCacheRedisClusterMultiAZ (partly)" },
    "elasticache-snapshot-retention": { config: "elasticache-redis-cluster-automatic-backup-check", securityHub: "ElastiCache.1", checkov: "CKV_AWS_134", cdkNag: "ElastiCacheRedisClusterAutomaticBackup" },
    "elasticache-encryption": { securityHub: "ElastiCache.4, ElastiCache.5", checkov: "CKV_AWS_29, CKV_AWS_30", cdkNag: "ElastiCacheRedisClusterEncryption" },
    "elasticache-no-single-node-redis": {},
    "autoscaling-group-multi-az": { config: "autoscaling-multiple-az", securityHub: "AutoScaling.2" },
    "autoscaling-group-elb-health-check": { config: "autoscaling-group-elb-healthcheck-required", securityHub: "AutoScaling.1", checkov: "CKV2_AWS_15", cdkNag: "AutoScalingGroupELBHealthCheckRequired" },
    "autoscaling-group-min-size": {},
    "ecs-service-multi-az": {},
    "ecs-service-circuit-breaker": {},
    "ecs-service-desired-count": {},
    "lambda-multi-az": { config: "lambda-vpc-multi-az-check", securityHub: "Lambda.5" },
    "lb-multi-az": { config: "elbv2-multiple-az", securityHub: "ELB.13" },
    "lb-deletion-protection": { config: "elb-deletion-protection-enabled", securityHub: "ELB.6", checkov: "CKV_AWS_150", cdkNag: "ELBDeletionProtectionEnabled", pulumiAws: "elb-deletion-protection-enabled" },
    "lb-cross-zone": { config: "elb-cross-zone-load-balancing-enabled (classic)", checkov: "CKV_AWS_152", cdkNag: "ELBCrossZoneLoadBalancingEnabled (classic)" },
    "lb-desync-mitigation": { config: "alb-desync-mode-check", securityHub: "ELB.12", checkov: "CKV_AWS_328" },
    "lb-listener-https": { config: "alb-http-to-https-redirection-check", securityHub: "ELB.1", checkov: "CKV_AWS_2, CKV2_AWS_20", cdkNag: "ALBHttpToHttpsRedirection", pulumiAws: "alb-http-to-https-redirection" },
    "route53-failover-health-check": {},
    "globalaccelerator-traffic-dial": {},
    "backup-plan-schedule": { config: "backup-plan-min-frequency-and-min-retention-check" },
    "backup-plan-retention": { config: "backup-plan-min-frequency-and-min-retention-check, backup-recovery-point-minimum-retention-check" },
    "backup-plan-cold-storage": {},
    "backup-plan-copy-action": {},
    "backup-plan-copy-action-advisory": {},
    "backup-vault-customer-key": { checkov: "CKV_AWS_166" },
    "backup-coverage": { config: "rds-/dynamodb-/efs-/aurora-/s3-resources-protected-by-backup-plan, *-in-backup-plan", securityHub: "RDS.26, DynamoDB.4, EFS.2", checkov: "CKV2_AWS_8, CKV2_AWS_18", cdkNag: "RDSInBackupPlan, DynamoDBInBackupPlan, EFSInBackupPlan" },
    "route53-failover-role": {},
    "subnets-span-azs": {},
    "rds-cluster-instances-multi-az": { config: "rds-cluster-multi-az-enabled", securityHub: "RDS.15" },
    "rds-cluster-password-from-secret": {},
    "lambda-failure-destination": { config: "lambda-dlq-check", checkov: "CKV_AWS_116", cdkNag: "LambdaDLQ" },
    "backup-cold-storage": {},
    "dr-tier-shape": {},
    "s3-bucket-versioning": { config: "s3-bucket-versioning-enabled", securityHub: "S3.14", checkov: "CKV_AWS_21", cdkNag: "S3BucketVersioningEnabled" },
    "cross-stack-route53-failover": {},
    "cross-stack-dynamodb-replica": {},
    "cross-stack-aurora-secondary": {},
    "cross-stack-backup-copy": {},
    "cross-stack-s3-replication": { config: "s3-bucket-replication-enabled", securityHub: "S3.7", checkov: "CKV_AWS_144", cdkNag: "S3BucketReplicationEnabled" },
    "cross-stack-global-accelerator": {},
    "cross-stack-capacity": {},
};
