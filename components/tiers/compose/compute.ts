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
import { RebuildIdentities } from "../../resilience";
import { stackTags } from "../../tags";

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
  identities?: RebuildIdentities,
): ComputeResult {
  const { name, opts, profile, isPrimary, primary } = site;
  const { config } = site.args;
  const role = config.role;
  const fullCapacity = isPrimary ? config.capacity : primary!.facts.capacity;
  // A rebuilt region takes all the traffic at once: the primary's full size.
  const capacity = site.rebuild ? fullCapacity : regionCapacity(profile, role, fullCapacity);
  const maxCapacity = fullCapacity * 2;

  const image = composeImage(site);
  const certificate = composeCertificate(site);
  const alb = new PublicLoadBalancer(
    `${name}-alb`,
    {
      vpcId: network.vpcId,
      vpcCidr: config.vpcCidr,
      subnetIds: network.publicSubnetIds,
      domainName: config.domainName,
      certificateArn: certificate.certificateArn,
      deletionProtection: config.deletionProtection,
    },
    opts,
  );
  const nlb = new OrderApiNlb(
    `${name}-orders-nlb`,
    {
      vpcId: network.vpcId,
      vpcCidr: config.vpcCidr,
      subnetIds: network.appSubnetIds,
      deletionProtection: config.deletionProtection,
    },
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
      // The providers' defaultTags never reach an Auto Scaling group or what it launches (EcsCapacityArgs).
      propagatedTags: stackTags(role),
      instanceProfileArn: identities?.hostInstanceProfileArn,
    },
    opts,
  );
  const validation = new OrderValidationFunction(
    orderValidationName(name),
    {
      vpcId: network.vpcId,
      subnetIds: network.appSubnetIds,
      alertTopicArn: alerts.topicArn,
      reservedConcurrentExecutions: config.orderValidationReservedConcurrency ?? undefined,
      roleArn: identities?.orderValidationRoleArn,
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
      database: {
        // Writes go to the global writer wherever it is; reads stay in this region (DESIGN.md decision 16).
        host: db.globalWriterEndpoint ?? db.endpoint,
        readerHost: db.readerEndpoint,
        name: db.databaseName,
        secretArn: db.secretArn,
        // The primary's secret (generated or RDS-managed) is encrypted with the database's key; the replica
        // secret in the recovery region uses Secrets Manager's AWS-managed key, which needs no grant.
        secretKmsKeyArns: isPrimary ? [db.kmsKeyArn] : [],
        peerCidrBlocks:
          site.primary && bothRegionsWrite(profile) ? [site.primary.facts.vpcCidr] : [],
      },
      catalog: { tableName: catalogTableName, tableArn: catalogTableArn, region: config.region },
      writeFence,
      redisHost: cache.primaryEndpoint,
      orderValidationFunctionArn: validation.functionArn,
      roles: identities?.storefront,
    },
    opts,
  );
  return { image, alb, nlb, hosts, validation, service };
}

/** The order-validation component's logical name: a rebuild's role names its function by it ahead of time. */
export function orderValidationName(name: string): string {
  return `${name}-order-validation`;
}

/**
 * The storefront image: built and pushed in the primary region; in a recovery region, replicated from it, so
 * both run the same digest. Made in a backup-restore recovery region too, so a rebuild finds its image there.
 */
export function composeImage(site: Site): ImageRepository {
  const { name, opts, isPrimary, primary } = site;
  return isPrimary
    ? new ImageRepository(`${name}-image`, { mode: "build", ...site.args.config.image }, opts)
    : new ImageRepository(
        `${name}-image`,
        {
          mode: "replica",
          primaryProvider: primary!.provider,
          digest: primary!.output("imageDigest"),
          // The rebuild runs while the primary's registry may be down: it uses the copy the idle region made.
          copy: site.rebuild ? "read" : "make",
        },
        opts,
      );
}

/**
 * The region's certificate, made in every region of every tier (a backup-restore recovery region too, so its
 * rebuild issues none during an outage). Only the primary creates the validation records (DESIGN.md decision 12).
 */
export function composeCertificate(site: Site): SiteCertificate {
  const { config } = site.args;
  return new SiteCertificate(
    `${site.name}-cert`,
    {
      domainName: config.domainName,
      validationZoneId: site.isPrimary ? config.hostedZoneId : undefined,
    },
    site.opts,
  );
}
