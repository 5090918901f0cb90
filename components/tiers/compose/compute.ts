import {
  EcsCapacity,
  ImageRepository,
  OrderApiNlb,
  OrderValidationFunction,
  PublicLoadBalancer,
  SiteCertificate,
  StorefrontService,
} from "../../compute";
import { bothRegionsWrite, regionCapacity } from "../tierProfile";
import { DataResult } from "./data";
import { NetworkResult } from "./network";
import { AlertsResult } from "./alerts";
import { Site } from "./site";
import { WriteFenceRef } from "./writeFence";

export interface ComputeResult {
  readonly image: ImageRepository;
  readonly alb: PublicLoadBalancer;
  readonly nlb: OrderApiNlb;
  readonly hosts: EcsCapacity;
  readonly validation: OrderValidationFunction;
  readonly service: StorefrontService;
}

/** The image, both load balancers, the ECS hosts, the order-validation Lambda and the storefront service. */
export function composeCompute(
  site: Site,
  { network }: NetworkResult,
  { alerts }: AlertsResult,
  { db, catalogTableName, catalogTableArn, cache }: DataResult,
  writeFence?: WriteFenceRef,
): ComputeResult {
  const { name, opts, profile, isPrimary, primary } = site;
  const { config } = site.args;
  const role = config.role;
  const fullCapacity = isPrimary ? config.capacity : primary!.facts.capacity;
  const capacity = regionCapacity(profile, role, fullCapacity);
  const maxCapacity = fullCapacity * 2;

  const image = isPrimary
    ? new ImageRepository(`${name}-image`, { mode: "build", role }, opts)
    : new ImageRepository(
        `${name}-image`,
        { mode: "replica", role, primaryProvider: primary!.provider, digest: primary!.output("imageDigest") },
        opts,
      );
  const certificate = composeCertificate(site);
  const alb = new PublicLoadBalancer(
    `${name}-alb`,
    {
      vpcId: network.vpcId,
      vpcCidr: config.vpcCidr,
      subnetIds: network.publicSubnetIds,
      domainName: config.domainName,
      certificateArn: certificate.certificateArn,
      role,
      deletionProtection: config.deletionProtection,
    },
    opts,
  );
  const nlb = new OrderApiNlb(
    `${name}-orders-nlb`,
    { vpcId: network.vpcId, vpcCidr: config.vpcCidr, subnetIds: network.appSubnetIds, role, deletionProtection: config.deletionProtection },
    opts,
  );
  const hosts = new EcsCapacity(
    `${name}-ecs`,
    {
      vpcId: network.vpcId,
      subnetIds: network.appSubnetIds,
      instanceType: config.instanceType,
      desiredCapacity: capacity,
      minSize: capacity,
      maxSize: maxCapacity,
      albSecurityGroupId: alb.securityGroupId,
      role,
    },
    opts,
  );
  const validation = new OrderValidationFunction(
    `${name}-order-validation`,
    {
      vpcId: network.vpcId,
      subnetIds: network.appSubnetIds,
      alertTopicArn: alerts.topicArn,
      role,
      reservedConcurrentExecutions: config.orderValidationReservedConcurrency ?? undefined,
    },
    opts,
  );
  const service = new StorefrontService(
    `${name}-storefront`,
    {
      clusterArn: hosts.clusterArn,
      capacityProviderName: hosts.capacityProviderName,
      vpcId: network.vpcId,
      vpcCidr: config.vpcCidr,
      subnetIds: network.appSubnetIds,
      albSecurityGroupId: alb.securityGroupId,
      appTargetGroupArn: alb.appTargetGroupArn,
      ordersTargetGroupArn: alb.ordersTargetGroupArn,
      nlbTargetGroupArn: nlb.targetGroupArn,
      targetGroupAttachments: [...alb.targetGroupAttachments, ...nlb.targetGroupAttachments],
      image: image.imageRef,
      desiredCount: capacity,
      minCount: capacity,
      maxCount: maxCapacity,
      region: config.region,
      regionRole: profile.regionRoleEnv,
      // Writes go to the global writer wherever it is; reads stay in this region (DESIGN.md decision 16).
      dbHost: db.globalWriterEndpoint ?? db.endpoint,
      dbReaderHost: db.readerEndpoint,
      dbPeerCidrBlocks: site.primary && bothRegionsWrite(profile) ? [site.primary.facts.vpcCidr] : [],
      writeFence,
      dbSecretArn: db.secretArn,
      dbName: db.databaseName,
      // The primary's secret (generated or RDS-managed) is encrypted with the database's key; the replica
      // secret in the recovery region uses Secrets Manager's AWS-managed key, which needs no grant.
      secretKmsKeyArns: isPrimary ? [db.kmsKeyArn] : [],
      catalogTableName,
      catalogTableArn,
      catalogRegion: config.region,
      redisHost: cache.primaryEndpoint,
      orderValidationFunctionArn: validation.functionArn,
      role,
    },
    opts,
  );
  return { image, alb, nlb, hosts, validation, service };
}

/**
 * The region's certificate, made in every region of every tier (a backup-restore recovery region too, so its
 * rebuild issues none during an outage). Only the primary creates the validation records (DESIGN.md decision 12).
 */
export function composeCertificate(site: Site): SiteCertificate {
  const { config } = site.args;
  return new SiteCertificate(
    `${site.name}-cert`,
    { domainName: config.domainName, validationZoneId: site.isPrimary ? config.hostedZoneId : undefined, role: config.role },
    site.opts,
  );
}
