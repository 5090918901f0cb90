/**
 * On-demand list prices the offline plan's cost model uses, for the two regions SecureCart runs in, each with the
 * AWS pricing page it comes from (PRICE_SOURCES). Linux, on-demand, USD, as listed in 2025; recorded 2026-11-25
 * (ARC's 2026-12-02). The pages could not be re-read offline when this was recorded: prices change, so treat the
 * totals as planning figures, and update this table (and its date) rather than the model.
 */
export const PRICE_TABLE_SOURCE =
  "AWS public on-demand pricing pages (Linux, USD), as listed in 2025";
export const PRICE_TABLE_DATE = "2026-11-25";

export const HOURS_PER_MONTH = 730;

export type PricedRegion = "us-east-1" | "eu-west-1";

/** Hourly prices by instance/node type. */
export const HOURLY: Readonly<Record<PricedRegion, Readonly<Record<string, number>>>> = {
  "us-east-1": {
    "m6i.large": 0.096,
    "m6i.xlarge": 0.192,
    "t3.small": 0.0208,
    "db.r6g.large": 0.26,
    "db.r6g.xlarge": 0.519,
    "db.t4g.medium": 0.073,
    /** Aurora Serverless v2 (PostgreSQL-Compatible), per ACU-hour. */
    auroraServerlessV2Acu: 0.12,
    "cache.r6g.large": 0.206,
    "cache.t4g.medium": 0.065,
    "cache.t4g.small": 0.032,
    "cache.t4g.micro": 0.016,
    natGateway: 0.045,
    loadBalancer: 0.0225,
    interfaceEndpointPerAz: 0.01,
    transitGatewayAttachment: 0.05,
    publicIpv4: 0.005,
  },
  "eu-west-1": {
    "m6i.large": 0.107,
    "m6i.xlarge": 0.214,
    "t3.small": 0.0228,
    "db.r6g.large": 0.288,
    "db.r6g.xlarge": 0.576,
    "db.t4g.medium": 0.08,
    auroraServerlessV2Acu: 0.13,
    "cache.r6g.large": 0.228,
    "cache.t4g.medium": 0.072,
    "cache.t4g.small": 0.036,
    "cache.t4g.micro": 0.018,
    natGateway: 0.048,
    loadBalancer: 0.0252,
    interfaceEndpointPerAz: 0.011,
    transitGatewayAttachment: 0.05,
    publicIpv4: 0.005,
  },
};

/** Monthly or per-unit prices that are the same in both regions (within a few cents). */
export const FLAT = {
  globalAcceleratorHourly: 0.025,
  /** Route 53 health check of an AWS endpoint ($0.50) + HTTPS, string match, fast interval, latency ($1 each). */
  healthCheckMonthly: 4.5,
  kmsKeyMonthly: 1,
  secretMonthly: 0.4,
  alarmMonthly: 0.1,
  dashboardMonthly: 3,
  webAclMonthly: 5,
  webAclRuleMonthly: 1,
  loadBalancerCapacityUnitHourly: 0.008,
  natPerGb: 0.045,
  /** Aurora Standard storage and I/O; I/O-Optimized (`storageType: aurora-iopt1`) has dearer storage and no I/O charge. */
  auroraStoragePerGbMonth: 0.1,
  auroraIoPerMillion: 0.2,
  auroraIoOptimizedStoragePerGbMonth: 0.225,
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  dynamoStoragePerGbMonth: 0.25,
  dynamoPitrPerGbMonth: 0.2,
  s3StandardPerGbMonth: 0.023,
  s3GlacierPerGbMonth: 0.0036,
  s3ReplicationPerGb: 0.035,
  backupWarmPerGbMonth: 0.05,
  backupDynamoWarmPerGbMonth: 0.1,
  crossRegionTransferPerGb: 0.02,
  logsIngestPerGb: 0.5,
  ecrStoragePerGbMonth: 0.1,
  /** ARC routing control: per cluster-hour; routing controls, control panels and safety rules carry no charge of their own. */
  arcClusterHourly: 2.5,
  /** A RECOVERY_CONTROL health check, priced as a basic check of an AWS endpoint: no optional feature applies to it. */
  recoveryControlHealthCheckMonthly: 0.5,
  /** ARC Region switch: "$70 per month per plan" (AWS's launch announcement of Region switch, 2025). */
  arcRegionSwitchPlanMonthly: 70,
};

/**
 * Where the ARC figures come from: Amazon Application Recovery Controller pricing, routing control, "$2.50 per
 * cluster per hour" ($1,825 a month at 730 hours; DESIGN.md's "about $1.8k a month"), as listed in 2025. The
 * pricing page could not be re-read offline when this was recorded: check it before relying on the figure.
 */
export const ARC_PRICE_SOURCE = "https://aws.amazon.com/application-recovery-controller/pricing/";
export const ARC_PRICE_DATE = "2026-12-02";

/** The AWS pricing pages the prices come from. */
const PAGES = {
  ec2: "https://aws.amazon.com/ec2/pricing/on-demand/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  elasticache: "https://aws.amazon.com/elasticache/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  privatelink: "https://aws.amazon.com/privatelink/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  transitGateway: "https://aws.amazon.com/transit-gateway/pricing/",
  globalAccelerator: "https://aws.amazon.com/global-accelerator/pricing/",
  route53: "https://aws.amazon.com/route53/pricing/",
  backup: "https://aws.amazon.com/backup/pricing/",
  dynamodb: "https://aws.amazon.com/dynamodb/pricing/on-demand/",
  s3: "https://aws.amazon.com/s3/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  secretsManager: "https://aws.amazon.com/secrets-manager/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  arc: ARC_PRICE_SOURCE,
} as const;

export interface PriceSource {
  readonly page: string;
  /** When the figure was recorded from the page. */
  readonly recorded: string;
}

type PriceKey = keyof (typeof HOURLY)["us-east-1"] | keyof typeof FLAT;
const page = (p: keyof typeof PAGES, recorded = PRICE_TABLE_DATE): PriceSource => ({
  page: PAGES[p],
  recorded,
});

/** Where every price in HOURLY and FLAT comes from (a test fails when one has none). */
export const PRICE_SOURCES: Readonly<Record<string, PriceSource>> = {
  "m6i.large": page("ec2"),
  "m6i.xlarge": page("ec2"),
  "t3.small": page("ec2"),
  publicIpv4: page("vpc"),
  natGateway: page("vpc"),
  natPerGb: page("vpc"),
  "db.r6g.large": page("aurora"),
  "db.r6g.xlarge": page("aurora"),
  "db.t4g.medium": page("aurora"),
  auroraServerlessV2Acu: page("aurora", "2026-12-02"),
  auroraStoragePerGbMonth: page("aurora"),
  auroraIoPerMillion: page("aurora"),
  auroraIoOptimizedStoragePerGbMonth: page("aurora", "2026-12-02"),
  "cache.r6g.large": page("elasticache"),
  "cache.t4g.medium": page("elasticache"),
  "cache.t4g.small": page("elasticache"),
  "cache.t4g.micro": page("elasticache", "2026-12-02"),
  loadBalancer: page("elb"),
  loadBalancerCapacityUnitHourly: page("elb"),
  interfaceEndpointPerAz: page("privatelink"),
  transitGatewayAttachment: page("transitGateway"),
  crossRegionTransferPerGb: page("transitGateway"),
  globalAcceleratorHourly: page("globalAccelerator"),
  healthCheckMonthly: page("route53"),
  recoveryControlHealthCheckMonthly: page("route53", ARC_PRICE_DATE),
  kmsKeyMonthly: page("kms"),
  secretMonthly: page("secretsManager"),
  alarmMonthly: page("cloudwatch"),
  dashboardMonthly: page("cloudwatch"),
  logsIngestPerGb: page("cloudwatch"),
  webAclMonthly: page("waf"),
  webAclRuleMonthly: page("waf"),
  dynamoWritePerMillion: page("dynamodb"),
  dynamoReadPerMillion: page("dynamodb"),
  dynamoStoragePerGbMonth: page("dynamodb"),
  dynamoPitrPerGbMonth: page("dynamodb"),
  s3StandardPerGbMonth: page("s3"),
  s3GlacierPerGbMonth: page("s3"),
  s3ReplicationPerGb: page("s3"),
  backupWarmPerGbMonth: page("backup"),
  backupDynamoWarmPerGbMonth: page("backup"),
  ecrStoragePerGbMonth: page("ecr"),
  arcClusterHourly: page("arc", ARC_PRICE_DATE),
  arcRegionSwitchPlanMonthly: page("arc", ARC_PRICE_DATE),
} satisfies Record<PriceKey, PriceSource>;

/**
 * Resource types the plan creates that carry no charge of their own, and why. A type the cost model neither
 * prices nor lists here is reported (CostReport.unpricedTypes), and a test fails on it.
 */
export const NO_CHARGE: Readonly<Record<string, string>> = {
  "aws:acm/certificate:Certificate":
    "public ACM certificates are free (https://aws.amazon.com/certificate-manager/pricing/)",
  "aws:acm/certificateValidation:CertificateValidation":
    "a wait for validation, not an AWS resource",
  "aws:appautoscaling/policy:Policy":
    "Application Auto Scaling has no charge of its own (https://aws.amazon.com/autoscaling/pricing/)",
  "aws:appautoscaling/target:Target":
    "Application Auto Scaling has no charge of its own (https://aws.amazon.com/autoscaling/pricing/)",
  "aws:backup/regionSettings:RegionSettings":
    "settings; AWS Backup bills the stored and copied data (priced on the vault and plan)",
  "aws:backup/selection:Selection":
    "settings; AWS Backup bills the stored and copied data (priced on the vault and plan)",
  "aws:cloudwatch/eventRule:EventRule":
    "rules on the default event bus for AWS service events are free (https://aws.amazon.com/eventbridge/pricing/)",
  "aws:cloudwatch/eventTarget:EventTarget": "part of its rule",
  "aws:ec2/internetGateway:InternetGateway":
    "no hourly charge; data out is billed as data transfer (https://aws.amazon.com/vpc/pricing/)",
  "aws:ec2/launchTemplate:LaunchTemplate":
    "free; the instances it launches are priced on the Auto Scaling group",
  "aws:ec2/route:Route": "VPC routing is free (https://aws.amazon.com/vpc/pricing/)",
  "aws:ec2/routeTable:RouteTable": "VPC routing is free (https://aws.amazon.com/vpc/pricing/)",
  "aws:ec2/routeTableAssociation:RouteTableAssociation":
    "VPC routing is free (https://aws.amazon.com/vpc/pricing/)",
  "aws:ec2/securityGroup:SecurityGroup":
    "security groups are free (https://aws.amazon.com/vpc/pricing/)",
  "aws:ec2/subnet:Subnet": "subnets are free (https://aws.amazon.com/vpc/pricing/)",
  "aws:ec2/vpc:Vpc": "VPCs are free (https://aws.amazon.com/vpc/pricing/)",
  "aws:ec2transitgateway/route:Route":
    "Transit Gateway bills attachments and data (priced on the attachments)",
  "aws:ec2transitgateway/transitGateway:TransitGateway":
    "Transit Gateway bills attachments and data (priced on the attachments)",
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": "settings of the repository (priced on its storage)",
  "aws:ecr/replicationConfiguration:ReplicationConfiguration":
    "replicated images are billed as storage in the replica (priced on its repository) and a few GB of transfer",
  "aws:ecs/capacityProvider:CapacityProvider":
    "ECS on EC2 has no charge of its own; the instances are priced (https://aws.amazon.com/ecs/pricing/)",
  "aws:ecs/cluster:Cluster":
    "ECS on EC2 has no charge of its own; the instances are priced (https://aws.amazon.com/ecs/pricing/)",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders":
    "ECS on EC2 has no charge of its own (https://aws.amazon.com/ecs/pricing/)",
  "aws:ecs/service:Service":
    "ECS on EC2 has no charge of its own; the instances are priced (https://aws.amazon.com/ecs/pricing/)",
  "aws:ecs/taskDefinition:TaskDefinition":
    "ECS on EC2 has no charge of its own (https://aws.amazon.com/ecs/pricing/)",
  "aws:elasticache/subnetGroup:SubnetGroup": "settings of the cache (priced on its nodes)",
  "aws:fis/experimentTemplate:ExperimentTemplate":
    "FIS bills action-minutes of an experiment run, not templates (https://aws.amazon.com/fis/pricing/)",
  "aws:globalaccelerator/endpointGroup:EndpointGroup":
    "covered by the accelerator's fixed fee; its per-GB premium is not modelled (https://aws.amazon.com/global-accelerator/pricing/)",
  "aws:globalaccelerator/listener:Listener":
    "covered by the accelerator's fixed fee (https://aws.amazon.com/global-accelerator/pricing/)",
  "aws:iam/instanceProfile:InstanceProfile": "IAM is free (https://aws.amazon.com/iam/)",
  "aws:iam/role:Role": "IAM is free (https://aws.amazon.com/iam/)",
  "aws:iam/rolePolicy:RolePolicy": "IAM is free (https://aws.amazon.com/iam/)",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM is free (https://aws.amazon.com/iam/)",
  "aws:lambda/function:Function":
    "billed per request and GB-second: about $2 a month for a million 512 MB, 200 ms validations, below the model's resolution (https://aws.amazon.com/lambda/pricing/)",
  "aws:lambda/permission:Permission": "part of its function",
  "aws:lb/listener:Listener":
    "covered by the load balancer's hours and capacity units (priced on it)",
  "aws:lb/listenerRule:ListenerRule":
    "covered by the load balancer's capacity units (priced on it)",
  "aws:lb/targetGroup:TargetGroup": "covered by the load balancer (priced on it)",
  "aws:rds/globalCluster:GlobalCluster":
    "the global database bills its clusters and replicated writes (priced on the clusters)",
  "aws:rds/subnetGroup:SubnetGroup": "settings of the cluster",
  "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy":
    "policies are free; Resilience Hub bills assessed applications, and none is created (https://aws.amazon.com/resilience-hub/pricing/)",
  "aws:route53/record:Record":
    "alias queries to AWS resources are free; the hosted zone is not created here (https://aws.amazon.com/route53/pricing/)",
  "aws:route53recoverycontrol/controlPanel:ControlPanel":
    "covered by the ARC cluster's hours (priced on it)",
  "aws:route53recoverycontrol/routingControl:RoutingControl":
    "covered by the ARC cluster's hours (priced on it)",
  "aws:route53recoverycontrol/safetyRule:SafetyRule":
    "covered by the ARC cluster's hours (priced on it)",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
    "settings of its bucket (priced on it)",
  "aws:s3/bucketObjectv2:BucketObjectv2":
    "one small object (the routing switch): well under a cent",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "settings of its bucket",
  "aws:s3/bucketPolicy:BucketPolicy": "settings of its bucket",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "settings of its bucket",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    "settings of its bucket",
  "aws:s3/bucketVersioning:BucketVersioning":
    "settings of its bucket (its versions are in the bucket's storage)",
  "aws:secretsmanager/secretVersion:SecretVersion": "part of its secret (priced on it)",
  "aws:sns/topic:Topic":
    "billed per million publishes: alerts cost well under a cent (https://aws.amazon.com/sns/pricing/)",
  "aws:sns/topicPolicy:TopicPolicy": "settings of its topic",
  "aws:sns/topicSubscription:TopicSubscription": "part of its topic",
  "aws:sqs/queue:Queue":
    "billed per million requests: a dead-letter queue's few cost well under a cent (https://aws.amazon.com/sqs/pricing/)",
  "aws:ssm/maintenanceWindow:MaintenanceWindow":
    "Patch Manager and maintenance windows are free (https://aws.amazon.com/systems-manager/pricing/)",
  "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget": "part of its maintenance window",
  "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask": "part of its maintenance window",
  "aws:ssm/patchBaseline:PatchBaseline":
    "Patch Manager is free (https://aws.amazon.com/systems-manager/pricing/)",
  "aws:ssm/patchGroup:PatchGroup":
    "Patch Manager is free (https://aws.amazon.com/systems-manager/pricing/)",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "part of its security group",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "part of its security group",
  "aws:wafv2/webAclAssociation:WebAclAssociation": "covered by the web ACL (priced on it)",
  "docker-build:index:Image":
    "built and pushed by Docker, not billed by AWS (its storage is priced on the repository)",
  "docker-build:index:Index":
    "a copy pushed by Docker, not billed by AWS (its storage is priced on the repository)",
  "random:index/randomPassword:RandomPassword": "generated locally by Pulumi",
};

/**
 * Workload assumptions behind the usage-driven items. A serving region at full size carries them; a standby
 * region's load balancers, NAT and logs see almost no traffic.
 */
export const WORKLOAD = {
  ordersDbGb: 100,
  ordersDbIoMillions: 50,
  catalogGb: 10,
  catalogReadMillions: 20,
  catalogWriteMillions: 2,
  assetsGb: 50,
  /** Backups keep about 1.5× the data (one full copy plus incremental changes). */
  backupFootprint: 1.5,
  /** Share of the data that changes each day: what incremental cross-region copies move. */
  dailyChangeShare: 0.05,
  natGbPerServingRegion: 100,
  lbCapacityUnits: 2,
  logsGbPerServingRegion: 30,
  imageGb: 5,
};
