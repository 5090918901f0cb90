/**
 * Which documentation each resource type of the program is read from (./generate.ts). A type the program
 * starts to use must be added here, with its Terraform doc name and, where CloudFormation has one, its
 * CloudFormation type; the table test fails until it is.
 */
export interface TypeSource {
  /** The Pulumi type token. */
  readonly token: string;
  /** The Terraform resource name without `aws_` (the doc is website/docs/r/<tf>.html.markdown). */
  readonly tf?: string;
  /** The CloudFormation resource type with the same API object, if any. */
  readonly cfn?: string;
  /** Non-AWS providers: the inputs their documentation says force replacement. */
  readonly replaceOnChanges?: string[];
  readonly note?: string;
}

export const PULUMI_TYPES: readonly TypeSource[] = [
  {
    token: "aws:acm/certificate:Certificate",
    tf: "acm_certificate",
    cfn: "AWS::CertificateManager::Certificate",
  },
  {
    token: "aws:acm/certificateValidation:CertificateValidation",
    tf: "acm_certificate_validation",
  },
  {
    token: "aws:appautoscaling/policy:Policy",
    tf: "appautoscaling_policy",
    cfn: "AWS::ApplicationAutoScaling::ScalingPolicy",
  },
  {
    token: "aws:appautoscaling/target:Target",
    tf: "appautoscaling_target",
    cfn: "AWS::ApplicationAutoScaling::ScalableTarget",
  },
  {
    token: "aws:arcregionswitch/plan:Plan",
    tf: "arcregionswitch_plan",
    cfn: "AWS::ARCRegionSwitch::Plan",
  },
  {
    token: "aws:autoscaling/group:Group",
    tf: "autoscaling_group",
    cfn: "AWS::AutoScaling::AutoScalingGroup",
  },
  { token: "aws:backup/plan:Plan", tf: "backup_plan", cfn: "AWS::Backup::BackupPlan" },
  { token: "aws:backup/regionSettings:RegionSettings", tf: "backup_region_settings" },
  {
    token: "aws:backup/selection:Selection",
    tf: "backup_selection",
    cfn: "AWS::Backup::BackupSelection",
  },
  { token: "aws:backup/vault:Vault", tf: "backup_vault", cfn: "AWS::Backup::BackupVault" },
  {
    token: "aws:cloudwatch/dashboard:Dashboard",
    tf: "cloudwatch_dashboard",
    cfn: "AWS::CloudWatch::Dashboard",
  },
  {
    token: "aws:cloudwatch/eventRule:EventRule",
    tf: "cloudwatch_event_rule",
    cfn: "AWS::Events::Rule",
  },
  { token: "aws:cloudwatch/eventTarget:EventTarget", tf: "cloudwatch_event_target" },
  {
    token: "aws:cloudwatch/logGroup:LogGroup",
    tf: "cloudwatch_log_group",
    cfn: "AWS::Logs::LogGroup",
  },
  {
    token: "aws:cloudwatch/metricAlarm:MetricAlarm",
    tf: "cloudwatch_metric_alarm",
    cfn: "AWS::CloudWatch::Alarm",
  },
  { token: "aws:dynamodb/table:Table", tf: "dynamodb_table", cfn: "AWS::DynamoDB::Table" },
  { token: "aws:dynamodb/tableReplica:TableReplica", tf: "dynamodb_table_replica" },
  { token: "aws:ec2/eip:Eip", tf: "eip", cfn: "AWS::EC2::EIP" },
  {
    token: "aws:ec2/internetGateway:InternetGateway",
    tf: "internet_gateway",
    cfn: "AWS::EC2::InternetGateway",
  },
  {
    token: "aws:ec2/launchTemplate:LaunchTemplate",
    tf: "launch_template",
    cfn: "AWS::EC2::LaunchTemplate",
  },
  { token: "aws:ec2/natGateway:NatGateway", tf: "nat_gateway", cfn: "AWS::EC2::NatGateway" },
  { token: "aws:ec2/route:Route", tf: "route", cfn: "AWS::EC2::Route" },
  { token: "aws:ec2/routeTable:RouteTable", tf: "route_table", cfn: "AWS::EC2::RouteTable" },
  {
    token: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    tf: "route_table_association",
    cfn: "AWS::EC2::SubnetRouteTableAssociation",
  },
  {
    token: "aws:ec2/securityGroup:SecurityGroup",
    tf: "security_group",
    cfn: "AWS::EC2::SecurityGroup",
  },
  { token: "aws:ec2/subnet:Subnet", tf: "subnet", cfn: "AWS::EC2::Subnet" },
  { token: "aws:ec2/vpc:Vpc", tf: "vpc", cfn: "AWS::EC2::VPC" },
  { token: "aws:ec2/vpcEndpoint:VpcEndpoint", tf: "vpc_endpoint", cfn: "AWS::EC2::VPCEndpoint" },
  {
    token: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
    tf: "ec2_transit_gateway_peering_attachment",
    cfn: "AWS::EC2::TransitGatewayPeeringAttachment",
  },
  {
    token: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
    tf: "ec2_transit_gateway_peering_attachment_accepter",
  },
  {
    token: "aws:ec2transitgateway/route:Route",
    tf: "ec2_transit_gateway_route",
    cfn: "AWS::EC2::TransitGatewayRoute",
  },
  {
    token: "aws:ec2transitgateway/transitGateway:TransitGateway",
    tf: "ec2_transit_gateway",
    cfn: "AWS::EC2::TransitGateway",
  },
  {
    token: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    tf: "ec2_transit_gateway_vpc_attachment",
    cfn: "AWS::EC2::TransitGatewayVpcAttachment",
  },
  { token: "aws:ecr/lifecyclePolicy:LifecyclePolicy", tf: "ecr_lifecycle_policy" },
  {
    token: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
    tf: "ecr_replication_configuration",
    cfn: "AWS::ECR::ReplicationConfiguration",
  },
  { token: "aws:ecr/repository:Repository", tf: "ecr_repository", cfn: "AWS::ECR::Repository" },
  {
    token: "aws:ecs/capacityProvider:CapacityProvider",
    tf: "ecs_capacity_provider",
    cfn: "AWS::ECS::CapacityProvider",
  },
  { token: "aws:ecs/cluster:Cluster", tf: "ecs_cluster", cfn: "AWS::ECS::Cluster" },
  {
    token: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    tf: "ecs_cluster_capacity_providers",
    cfn: "AWS::ECS::ClusterCapacityProviderAssociations",
  },
  { token: "aws:ecs/service:Service", tf: "ecs_service", cfn: "AWS::ECS::Service" },
  {
    token: "aws:ecs/taskDefinition:TaskDefinition",
    tf: "ecs_task_definition",
    cfn: "AWS::ECS::TaskDefinition",
  },
  {
    token: "aws:elasticache/replicationGroup:ReplicationGroup",
    tf: "elasticache_replication_group",
    cfn: "AWS::ElastiCache::ReplicationGroup",
  },
  {
    token: "aws:elasticache/subnetGroup:SubnetGroup",
    tf: "elasticache_subnet_group",
    cfn: "AWS::ElastiCache::SubnetGroup",
  },
  {
    token: "aws:fis/experimentTemplate:ExperimentTemplate",
    tf: "fis_experiment_template",
    cfn: "AWS::FIS::ExperimentTemplate",
  },
  {
    token: "aws:globalaccelerator/accelerator:Accelerator",
    tf: "globalaccelerator_accelerator",
    cfn: "AWS::GlobalAccelerator::Accelerator",
  },
  {
    token: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    tf: "globalaccelerator_endpoint_group",
    cfn: "AWS::GlobalAccelerator::EndpointGroup",
  },
  {
    token: "aws:globalaccelerator/listener:Listener",
    tf: "globalaccelerator_listener",
    cfn: "AWS::GlobalAccelerator::Listener",
  },
  {
    token: "aws:iam/instanceProfile:InstanceProfile",
    tf: "iam_instance_profile",
    cfn: "AWS::IAM::InstanceProfile",
  },
  { token: "aws:iam/role:Role", tf: "iam_role", cfn: "AWS::IAM::Role" },
  { token: "aws:iam/rolePolicy:RolePolicy", tf: "iam_role_policy", cfn: "AWS::IAM::RolePolicy" },
  { token: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", tf: "iam_role_policy_attachment" },
  { token: "aws:kms/key:Key", tf: "kms_key", cfn: "AWS::KMS::Key" },
  { token: "aws:lambda/function:Function", tf: "lambda_function", cfn: "AWS::Lambda::Function" },
  {
    token: "aws:lb/listener:Listener",
    tf: "lb_listener",
    cfn: "AWS::ElasticLoadBalancingV2::Listener",
  },
  {
    token: "aws:lb/listenerRule:ListenerRule",
    tf: "lb_listener_rule",
    cfn: "AWS::ElasticLoadBalancingV2::ListenerRule",
  },
  {
    token: "aws:lb/loadBalancer:LoadBalancer",
    tf: "lb",
    cfn: "AWS::ElasticLoadBalancingV2::LoadBalancer",
  },
  {
    token: "aws:lb/targetGroup:TargetGroup",
    tf: "lb_target_group",
    cfn: "AWS::ElasticLoadBalancingV2::TargetGroup",
  },
  { token: "aws:rds/cluster:Cluster", tf: "rds_cluster", cfn: "AWS::RDS::DBCluster" },
  {
    token: "aws:rds/clusterInstance:ClusterInstance",
    tf: "rds_cluster_instance",
    cfn: "AWS::RDS::DBInstance",
  },
  {
    token: "aws:rds/globalCluster:GlobalCluster",
    tf: "rds_global_cluster",
    cfn: "AWS::RDS::GlobalCluster",
  },
  {
    token: "aws:rds/subnetGroup:SubnetGroup",
    tf: "db_subnet_group",
    cfn: "AWS::RDS::DBSubnetGroup",
  },
  {
    token: "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy",
    tf: "resiliencehub_resiliency_policy",
    cfn: "AWS::ResilienceHub::ResiliencyPolicy",
  },
  {
    token: "aws:route53/healthCheck:HealthCheck",
    tf: "route53_health_check",
    cfn: "AWS::Route53::HealthCheck",
  },
  { token: "aws:route53/record:Record", tf: "route53_record", cfn: "AWS::Route53::RecordSet" },
  { token: "aws:s3/bucket:Bucket", tf: "s3_bucket", cfn: "AWS::S3::Bucket" },
  {
    token: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    tf: "s3_bucket_lifecycle_configuration",
  },
  {
    token: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    tf: "s3_bucket_ownership_controls",
  },
  {
    token: "aws:s3/bucketPolicy:BucketPolicy",
    tf: "s3_bucket_policy",
    cfn: "AWS::S3::BucketPolicy",
  },
  {
    token: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    tf: "s3_bucket_public_access_block",
  },
  {
    token: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    tf: "s3_bucket_replication_configuration",
  },
  {
    token: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    tf: "s3_bucket_server_side_encryption_configuration",
  },
  { token: "aws:s3/bucketVersioning:BucketVersioning", tf: "s3_bucket_versioning" },
  {
    token: "aws:secretsmanager/secret:Secret",
    tf: "secretsmanager_secret",
    cfn: "AWS::SecretsManager::Secret",
  },
  { token: "aws:secretsmanager/secretVersion:SecretVersion", tf: "secretsmanager_secret_version" },
  { token: "aws:sns/topic:Topic", tf: "sns_topic", cfn: "AWS::SNS::Topic" },
  {
    token: "aws:sns/topicPolicy:TopicPolicy",
    tf: "sns_topic_policy",
    cfn: "AWS::SNS::TopicPolicy",
  },
  {
    token: "aws:sns/topicSubscription:TopicSubscription",
    tf: "sns_topic_subscription",
    cfn: "AWS::SNS::Subscription",
  },
  { token: "aws:sqs/queue:Queue", tf: "sqs_queue", cfn: "AWS::SQS::Queue" },
  {
    token: "aws:ssm/maintenanceWindow:MaintenanceWindow",
    tf: "ssm_maintenance_window",
    cfn: "AWS::SSM::MaintenanceWindow",
  },
  {
    token: "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget",
    tf: "ssm_maintenance_window_target",
    cfn: "AWS::SSM::MaintenanceWindowTarget",
  },
  {
    token: "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask",
    tf: "ssm_maintenance_window_task",
    cfn: "AWS::SSM::MaintenanceWindowTask",
  },
  {
    token: "aws:ssm/patchBaseline:PatchBaseline",
    tf: "ssm_patch_baseline",
    cfn: "AWS::SSM::PatchBaseline",
  },
  { token: "aws:ssm/patchGroup:PatchGroup", tf: "ssm_patch_group" },
  // Rule resources (not CloudFormation's SecurityGroupIngress/Egress, whose every port and range change replaces
  // the rule: the provider modifies these in place with ModifySecurityGroupRules, and its docs mark no argument
  // "Forces new resource").
  {
    token: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    tf: "vpc_security_group_egress_rule",
  },
  {
    token: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    tf: "vpc_security_group_ingress_rule",
  },
  { token: "aws:wafv2/webAcl:WebAcl", tf: "wafv2_web_acl", cfn: "AWS::WAFv2::WebACL" },
  {
    token: "aws:wafv2/webAclAssociation:WebAclAssociation",
    tf: "wafv2_web_acl_association",
    cfn: "AWS::WAFv2::WebACLAssociation",
  },
  // Types issue 13 and 14 bring in (ARC routing controls, the routing-switch object, policies and permissions).
  {
    token: "aws:route53recoverycontrol/cluster:Cluster",
    tf: "route53recoverycontrolconfig_cluster",
    cfn: "AWS::Route53RecoveryControl::Cluster",
  },
  {
    token: "aws:route53recoverycontrol/controlPanel:ControlPanel",
    tf: "route53recoverycontrolconfig_control_panel",
    cfn: "AWS::Route53RecoveryControl::ControlPanel",
  },
  {
    token: "aws:route53recoverycontrol/routingControl:RoutingControl",
    tf: "route53recoverycontrolconfig_routing_control",
    cfn: "AWS::Route53RecoveryControl::RoutingControl",
  },
  {
    token: "aws:route53recoverycontrol/safetyRule:SafetyRule",
    tf: "route53recoverycontrolconfig_safety_rule",
    cfn: "AWS::Route53RecoveryControl::SafetyRule",
  },
  { token: "aws:s3/bucketObjectv2:BucketObjectv2", tf: "s3_object" },
  { token: "aws:iam/policy:Policy", tf: "iam_policy", cfn: "AWS::IAM::ManagedPolicy" },
  {
    token: "aws:lambda/permission:Permission",
    tf: "lambda_permission",
    cfn: "AWS::Lambda::Permission",
  },
  {
    token: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    tf: "cloudwatch_composite_alarm",
    cfn: "AWS::CloudWatch::CompositeAlarm",
  },
  { token: "aws:kms/alias:Alias", tf: "kms_alias", cfn: "AWS::KMS::Alias" },
  { token: "aws:backup/vaultPolicy:VaultPolicy", tf: "backup_vault_policy" },
  {
    token: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    tf: "rds_cluster_parameter_group",
    cfn: "AWS::RDS::DBClusterParameterGroup",
  },
  {
    token: "aws:ec2transitgateway/routeTable:RouteTable",
    tf: "ec2_transit_gateway_route_table",
    cfn: "AWS::EC2::TransitGatewayRouteTable",
  },
  { token: "aws:ssm/parameter:Parameter", tf: "ssm_parameter", cfn: "AWS::SSM::Parameter" },
  {
    token: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    tf: "lambda_function_event_invoke_config",
    cfn: "AWS::Lambda::EventInvokeConfig",
  },
  {
    token: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    tf: "cloudwatch_log_subscription_filter",
    cfn: "AWS::Logs::SubscriptionFilter",
  },
  // Other providers.
  {
    token: "random:index/randomPassword:RandomPassword",
    replaceOnChanges: [
      "keepers",
      "length",
      "lower",
      "minLower",
      "minNumeric",
      "minSpecial",
      "minUpper",
      "number",
      "numeric",
      "overrideSpecial",
      "special",
      "upper",
    ],
    note: "terraform-provider-random docs/resources/password.md: the result is generated once and changes only on recreation ('keepers ... when changed, will trigger recreation'); every argument is replace-on-change.",
  },
  {
    token: "docker-build:index:Index",
    replaceOnChanges: [],
    note: "Pulumi docker-build Index: a wrapper around `docker buildx imagetools create`; a changed source or tag pushes again (counted as an update).",
  },
  {
    token: "docker-build:index:Image",
    replaceOnChanges: [],
    note: "Pulumi docker-build Image: a changed input rebuilds and pushes in place (an update).",
  },
  {
    token: "pulumi:pulumi:StackReference",
    replaceOnChanges: ["name"],
    note: "A StackReference is read by name; another name is another resource.",
  },
  {
    token: "pulumi:providers:aws",
    replaceOnChanges: [],
    note: "Provider configuration is not diffed here; the program's providers keep their config across tiers.",
  },
  {
    token: "pulumi:providers:docker-build",
    replaceOnChanges: [],
    note: "Provider configuration is not diffed here; the registry logins are fresh tokens on every run.",
  },
];

/**
 * CloudFormation property → the Pulumi inputs it is, where the names differ beyond case and underscores. An
 * empty list drops a property whose CloudFormation replacement does not apply to the provider, with the
 * provider doc that says so.
 */
export const RENAMES: Readonly<Record<string, Readonly<Record<string, string[]>>>> = {
  // Point-in-time-restore settings are one block in Pulumi (restoreToPointInTime); PubliclyAccessible is an
  // instance input there.
  "aws:rds/cluster:Cluster": {
    DBClusterIdentifier: ["clusterIdentifier"],
    SourceDBClusterIdentifier: ["restoreToPointInTime"],
    RestoreToTime: ["restoreToPointInTime"],
    RestoreType: ["restoreToPointInTime"],
    UseLatestRestorableTime: ["restoreToPointInTime"],
    SourceDbClusterResourceId: ["restoreToPointInTime"],
    PubliclyAccessible: [],
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    DBInstanceIdentifier: ["identifier"],
    DBClusterIdentifier: ["clusterIdentifier"],
  },
  "aws:rds/globalCluster:GlobalCluster": {
    SourceDBClusterIdentifier: ["sourceDbClusterIdentifier"],
  },
  "aws:rds/subnetGroup:SubnetGroup": { DBSubnetGroupName: ["name"] },
  "aws:dynamodb/table:Table": {
    TableName: ["name"],
    KeySchema: ["hashKey", "rangeKey"],
    ImportSourceSpecification: ["importTable"],
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    CacheSubnetGroupName: ["subnetGroupName"],
    // terraform-provider-aws elasticache_replication_group: "Changing this number will trigger a resizing
    // operation" (ModifyReplicationGroupShardConfiguration / IncreaseReplicaCount), in place.
    ReplicasPerNodeGroup: [],
  },
  "aws:elasticache/subnetGroup:SubnetGroup": { CacheSubnetGroupName: ["name"] },
  "aws:s3/bucket:Bucket": { BucketName: ["bucket"], BucketNamePrefix: ["bucketPrefix"] },
  "aws:backup/vault:Vault": { BackupVaultName: ["name"], EncryptionKeyArn: ["kmsKeyArn"] },
  "aws:backup/plan:Plan": {},
  "aws:ecr/repository:Repository": {
    RepositoryName: ["name"],
    EncryptionConfiguration: ["encryptionConfigurations"],
  },
  "aws:ecs/service:Service": { Role: ["iamRole"], ServiceName: ["name"] },
  "aws:ecs/cluster:Cluster": { ClusterName: ["name"] },
  "aws:ecs/capacityProvider:CapacityProvider": { ClusterName: ["cluster"] },
  "aws:ecs/taskDefinition:TaskDefinition": { ContainerDefinitions: ["containerDefinitions"] },
  "aws:autoscaling/group:Group": { AutoScalingGroupName: ["name"], InstanceId: [] },
  "aws:lb/loadBalancer:LoadBalancer": { Scheme: ["internal"], Type: ["loadBalancerType"] },
  "aws:iam/role:Role": { RoleName: ["name"] },
  "aws:iam/instanceProfile:InstanceProfile": { InstanceProfileName: ["name"] },
  "aws:iam/rolePolicy:RolePolicy": { PolicyName: ["name"], RoleName: ["role"] },
  "aws:lambda/function:Function": { FunctionName: ["name"] },
  "aws:cloudwatch/logGroup:LogGroup": { LogGroupName: ["name"] },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { AlarmName: ["name"] },
  "aws:cloudwatch/dashboard:Dashboard": { DashboardName: ["dashboardName"] },
  "aws:cloudwatch/eventRule:EventRule": { Name: ["name"], EventBusName: ["eventBusName"] },
  "aws:ec2/securityGroup:SecurityGroup": { GroupName: ["name"], GroupDescription: ["description"] },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": {},
  "aws:ec2/eip:Eip": { TransferAddress: [] },
  "aws:ec2/launchTemplate:LaunchTemplate": { LaunchTemplateName: ["name"] },
  "aws:ec2transitgateway/peeringAttachment:PeeringAttachment": {
    PeerTransitGatewayId: ["peerTransitGatewayId"],
    PeerAccountId: ["peerAccountId"],
    PeerRegion: ["peerRegion"],
  },
  "aws:route53/record:Record": { HostedZoneId: ["zoneId"], HostedZoneName: ["zoneId"] },
  // There is no UpdateBackupSelection API: the whole selection is replaced on any change.
  "aws:backup/selection:Selection": {
    BackupPlanId: ["planId"],
    BackupSelection: [
      "name",
      "iamRoleArn",
      "resources",
      "notResources",
      "selectionTags",
      "conditions",
    ],
  },
  "aws:appautoscaling/policy:Policy": {
    PolicyName: ["name"],
    ScalingTargetId: ["resourceId", "scalableDimension", "serviceNamespace"],
  },
  "aws:acm/certificate:Certificate": { CertificateExport: [], DomainValidationOptions: [] },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": { Cluster: ["clusterName"] },
  "aws:ec2/natGateway:NatGateway": { PrivateIpAddress: ["privateIp"] },
  "aws:ec2/vpc:Vpc": { VpcEncryptionControl: [] },
  "aws:kms/alias:Alias": { AliasName: ["name"] },
  "aws:lambda/permission:Permission": { FunctionName: ["function"] },
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": {
    FilterName: ["name"],
    LogGroupName: ["logGroup"],
  },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": { DBClusterParameterGroupName: ["name"] },
  "aws:iam/policy:Policy": { ManagedPolicyName: ["name"] },
  "aws:secretsmanager/secret:Secret": {},
  "aws:sns/topic:Topic": { TopicName: ["name"] },
  "aws:sns/topicSubscription:TopicSubscription": { TopicArn: ["topic"] },
  "aws:sqs/queue:Queue": { QueueName: ["name"] },
  "aws:wafv2/webAcl:WebAcl": {},
  "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask": {},
};
