/**
 * On-demand list prices the offline plan's cost model uses, for the two regions SecureCart runs in.
 *
 * Source: the public AWS pricing pages (EC2, RDS for Aurora PostgreSQL, ElastiCache, VPC/NAT/PrivateLink,
 * Elastic Load Balancing, Transit Gateway, Global Accelerator, Route 53, AWS Backup, DynamoDB on-demand after
 * the November 2024 reduction, S3, KMS, Secrets Manager, CloudWatch, WAF, Elastic Disaster Recovery),
 * Linux, on-demand, USD, as listed in 2025. Recorded 2026-11-25. Prices change: treat the totals as planning
 * figures, and update this table (and its date) rather than the model.
 */
export const PRICE_TABLE_SOURCE = "AWS public on-demand pricing pages (Linux, USD), as listed in 2025";
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
    "cache.r6g.large": 0.206,
    "cache.t4g.medium": 0.065,
    "cache.t4g.small": 0.032,
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
    "cache.r6g.large": 0.228,
    "cache.t4g.medium": 0.072,
    "cache.t4g.small": 0.036,
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
  auroraStoragePerGbMonth: 0.1,
  auroraIoPerMillion: 0.2,
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
};

/**
 * Where the ARC figures come from: Amazon Application Recovery Controller pricing, routing control, "$2.50 per
 * cluster per hour" ($1,825 a month at 730 hours; DESIGN.md's "about $1.8k a month"), as listed in 2025. The
 * pricing page could not be re-read offline when this was recorded: check it before relying on the figure.
 */
export const ARC_PRICE_SOURCE = "https://aws.amazon.com/application-recovery-controller/pricing/";
export const ARC_PRICE_DATE = "2026-12-02";

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
