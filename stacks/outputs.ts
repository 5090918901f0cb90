/**
 * The primary stack's outputs that the recovery stack reads through its StackReference. Naming them here keeps
 * the two sides of the hand-over in one place: the primary exports exactly these keys (plus its own extras).
 */
export const PRIMARY_OUTPUT_KEYS = [
  "drTier",
  "region",
  "vpcCidr",
  "hostedZoneId",
  "domainName",
  "capacity",
  "transitGatewayId",
  "catalogTableName",
  "catalogTableArn",
  "globalClusterId",
  "dbSecretArn",
  "assetsBucketName",
  "assetsBucketArn",
  "primaryVaultArn",
  "ecrRepositoryName",
  "ecrRepositoryUrl",
  "imageDigest",
  "albArn",
  "albDnsName",
  "albZoneId",
  "acceleratorListenerArn",
  "acceleratorDnsName",
  "alertTopicArn",
  "orderValidationFunctionArn",
  "contract",
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
}
