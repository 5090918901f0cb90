/**
 * The primary stack's outputs that the recovery stack reads through its StackReference. Naming them here keeps
 * the two sides of the hand-over in one place: the primary exports exactly these keys (plus its own extras).
 */
export const PRIMARY_OUTPUT_KEYS = [
  // plain facts, read at plan time
  "drTier",
  "region",
  "vpcCidr",
  "hostedZoneId",
  "domainName",
  "capacity",
  "azCount",
  "arcRoutingControl",
  // network: the TGW peering and the primary-side routes the recovery stack creates
  "transitGatewayId",
  "transitGatewayRouteTableId",
  "appRouteTableIds",
  "dataRouteTableId",
  // data: the replicas the recovery stack attaches
  "catalogTableName",
  "catalogTableArn",
  "globalClusterId",
  // the Aurora global writer endpoint: the recovery region's storefront writes through it (DESIGN decision 16)
  "globalWriterEndpoint",
  "dbClusterArn",
  "dbSecretArn",
  // where both regions write, the recovery stack lets its tasks through to the primary's writer
  "dbSecurityGroupId",
  "storefrontSecurityGroupId",
  "assetsBucketName",
  "assetsBucketArn",
  "assetsKmsKeyArn",
  // backup: the vault the recovery stack's copy plan backs up into before copying across
  "primaryVaultName",
  "primaryVaultArn",
  // image: the recovery region runs the replicated image with the same digest
  "imageDigest",
  // traffic and operations
  "acceleratorListenerArn",
  // the routing switch, which the recovery region's storefront reads as its write fence
  "routingSwitchBucket",
  "routingSwitchKey",
  // ARC routing control (securecart:arcRoutingControl): the recovery region's RECOVERY_CONTROL check gates the SECONDARY
  "routingControlHealthCheckIds",
  // and its routing controls, which the recovery stack's Region Switch plan sets
  "routingControlArns",
  "alertTopicArn",
  // the Region Switch plan's Lambdas flip the routing switch the primary owns, as the runbook does
  "routingSwitchBucket",
  "routingSwitchKey",
  "routingSwitchRegion",
  // and check the primary's ALB before a failback
  "albArn",
  // the recovery region probes the primary through its ALB, to alert while us-east-1's Route 53 alarms are down
  "albDnsName",
  "asgArn",
  "ecsClusterArn",
  "ecsServiceArn",
] as const;

export type PrimaryOutputKey = (typeof PRIMARY_OUTPUT_KEYS)[number];

/** Plain values the recovery stack must know at plan time (to validate config and choose its tier component). */
export interface PrimaryFacts {
  readonly drTier: string;
  readonly region: string;
  readonly vpcCidr: string;
  readonly hostedZoneId: string;
  readonly domainName: string;
  readonly capacity: number;
  /** How many AZs (and so app route tables) the primary spans. */
  readonly azCount: number;
  /**
   * Whether the primary gates its failover records with ARC routing controls. Absent on a primary deployed before
   * the option existed, which means false.
   */
  readonly arcRoutingControl?: boolean;
}
