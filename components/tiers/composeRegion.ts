/**
 * Composes one region of SecureCart from the building blocks, for a TierProfile and the stack's role. This is
 * the only place that maps tier settings onto building-block args; the four tier components all call it.
 *
 * Ownership (DESIGN.md, decision 1): the primary never references the recovery stack. Every link between the
 * regions is created here, on the recovery side, through `primaryProvider` where the link must live in the
 * primary region, with the primary's values read through its StackReference.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { BackupPlan, BackupVault, CrossRegionBackupCopy } from "../backup";
import { EcsCapacity, ImageRepository, OrderApiNlb, OrderValidationFunction, PublicLoadBalancer, StorefrontService } from "../compute";
import { AssetsBucket, AssetsReplication, CatalogReplica, CatalogTable, OrdersDatabase, RecommendationsCache } from "../data";
import { Network, TransitGateway, TransitGatewayPeering } from "../network";
import { AlertTopic, HealthCheckAlarm, PatchManagement, RegionAlarms } from "../observability";
import { DisasterRecoveryReplication, FisExperiment, RegionSwitchPlan, ResilienceHubPolicy } from "../resilience";
import { AcceleratorEndpointGroup, DeepHealthCheck, FailoverRecord, GlobalAcceleratorFrontDoor, SimpleRecord } from "../traffic";
import { GLOBAL_ACCELERATOR_REGION, peerOf } from "../../stacks/topology";
import { PrimaryOutputKey } from "../../stacks/outputs";
import { computeContract, ContractFacts, DrContract } from "./contract";
import { DrTierArgs, PrimaryLink } from "./tierArgs";
import { regionCapacity, TierProfile } from "./tierProfile";

type Outputs = Record<string, pulumi.Input<unknown>>;

/**
 * How fast the front door notices a dead region: Route 53 health checks and Global Accelerator endpoint groups
 * both probe /health/deep this often, this many times. The DR contract's detection time is computed from it.
 */
export const FRONT_DOOR_DETECTION = { intervalSeconds: 10, failureThreshold: 3 } as const;
/** Route 53 answers alias records to a load balancer with a fixed 60 s TTL. */
export const ALIAS_TTL_SECONDS = 60;

/** The facts of this deployment that the DR contract is computed from. */
export function contractFacts(profile: TierProfile, args: DrTierArgs): ContractFacts {
  const fullCapacity = args.config.role === "primary" ? args.config.capacity : args.primary!.facts.capacity;
  return {
    detection: FRONT_DOOR_DETECTION,
    dnsTtlSeconds: profile.frontDoor === "global-accelerator" ? 0 : ALIAS_TTL_SECONDS,
    approvalMinutes: args.config.approvalMinutes,
    standbyCapacity: regionCapacity(profile, "recovery", fullCapacity),
    backupIntervalHours: profile.backup.intervalHours,
    continuousBackup: profile.backup.continuous,
  };
}

/** Everything a section of the composition needs about where it is building. */
interface Site {
  readonly name: string;
  readonly profile: TierProfile;
  readonly args: DrTierArgs;
  readonly opts: pulumi.ComponentResourceOptions;
  readonly isPrimary: boolean;
  /** Recovery stack: the primary's outputs and a provider for its region. */
  readonly primary?: PrimaryLink & {
    readonly region: string;
    readonly provider: aws.Provider;
    readonly output: (key: PrimaryOutputKey) => pulumi.Output<any>;
  };
}

export function composeRegion(parent: pulumi.ComponentResource, name: string, profile: TierProfile, args: DrTierArgs): Outputs {
  const opts = { parent };
  const link = args.primary;
  const site: Site = {
    name,
    profile,
    args,
    opts,
    isPrimary: args.config.role === "primary",
    primary: link && {
      ...link,
      region: link.facts.region,
      provider: new aws.Provider(`${name}-primary-region`, { region: link.facts.region as aws.Region }, opts),
      output: (key) => link.reference.getOutput(key),
    },
  };
  const contract = computeContract(profile, contractFacts(profile, args));
  const outputs: Outputs = {
    drTier: profile.tier,
    role: args.config.role,
    region: args.config.region,
    vpcCidr: args.config.vpcCidr,
    hostedZoneId: args.config.hostedZoneId,
    domainName: args.config.domainName,
    capacity: args.config.capacity,
    azCount: args.config.azCount,
    contract,
  };
  if (site.isPrimary || profile.recovery.serves) Object.assign(outputs, composeServingRegion(site, contract));
  else Object.assign(outputs, composeVaultOnlyRegion(site));
  return outputs;
}

/** Backup-restore's recovery region: the DR vault, the copy rule into it, and the replicated bucket. Nothing runs. */
function composeVaultOnlyRegion(site: Site): Outputs {
  const { name, opts } = site;
  const role = site.args.config.role;
  const vault = new BackupVault(`${name}-dr-vault`, { role }, opts);
  copyPrimaryBackups(site, vault);
  const assets = replicateAssets(site);
  return { drVaultArn: vault.vaultArn, assetsBucketName: assets.bucketName };
}

/** The copy rule (owned here, run in the primary region) that copies the primary's backups into `vault`. */
function copyPrimaryBackups(site: Site, vault: BackupVault): void {
  const { backup } = site.profile;
  const primary = site.primary!;
  new CrossRegionBackupCopy(
    `${site.name}-backup-copy`,
    {
      primaryProvider: primary.provider,
      sourceVaultName: primary.output("primaryVaultName"),
      destinationVaultArn: vault.vaultArn,
      schedule: backup.schedule,
      retentionDays: backup.retentionDays,
      coldStorageAfterDays: backup.coldStorageAfterDays,
      coldRetentionDays: backup.coldRetentionDays,
      copyRetentionDays: backup.copyRetentionDays,
      role: site.args.config.role,
    },
    site.opts,
  );
}

function replicateAssets(site: Site): AssetsBucket {
  const { name, opts } = site;
  const primary = site.primary!;
  const assets = new AssetsBucket(`${name}-assets`, { role: site.args.config.role, replicaOf: primary.output("assetsBucketArn") }, opts);
  new AssetsReplication(
    `${name}-assets-replication`,
    {
      primaryProvider: primary.provider,
      sourceBucketName: primary.output("assetsBucketName"),
      sourceBucketArn: primary.output("assetsBucketArn"),
      sourceKmsKeyArn: primary.output("assetsKmsKeyArn"),
      destinationBucketArn: assets.bucketArn,
      destinationKmsKeyArn: assets.kmsKeyArn,
    },
    opts,
  );
  return assets;
}

/** A region that serves traffic: the primary in every tier, and the recovery region from pilot light up. */
function composeServingRegion(site: Site, contract: DrContract): Outputs {
  const { name, opts, profile, isPrimary } = site;
  const { config, availabilityZones } = site.args;
  const primary = site.primary;
  const role = config.role;
  const fullCapacity = isPrimary ? config.capacity : primary!.facts.capacity;
  const capacity = regionCapacity(profile, role, fullCapacity);
  const maxCapacity = fullCapacity * 2;

  // Route 53 health-check metrics, and so their alarms, exist only in us-east-1.
  const usEast1Provider =
    config.region === "us-east-1" ? undefined : primary?.region === "us-east-1" ? primary.provider : new aws.Provider(`${name}-us-east-1`, { region: "us-east-1" }, opts);
  const acceleratorProvider =
    profile.frontDoor === "global-accelerator" ? new aws.Provider(`${name}-accelerator`, { region: GLOBAL_ACCELERATOR_REGION }, opts) : undefined;

  // --- network ---
  const network = new Network(`${name}-net`, { cidrBlock: config.vpcCidr, availabilityZones, role }, opts);
  const tgw = new TransitGateway(
    `${name}-tgw`,
    {
      vpcId: network.vpcId,
      vpcCidr: config.vpcCidr,
      appSubnetIds: network.appSubnetIds,
      // The recovery side routes to the primary here; the primary's routes back are the peering's (recovery-owned).
      appRouteTableIds: primary ? network.appRouteTableIds : [],
      peerCidrs: primary ? [primary.facts.vpcCidr] : [],
      amazonSideAsn: isPrimary ? 64512 : 64513,
      role,
    },
    opts,
  );
  if (primary) {
    new TransitGatewayPeering(
      `${name}-tgw-peering`,
      {
        transitGatewayId: tgw.transitGatewayId,
        routeTableId: tgw.routeTableId,
        cidrBlock: config.vpcCidr,
        peerTransitGatewayId: primary.output("transitGatewayId"),
        peerRouteTableId: primary.output("transitGatewayRouteTableId"),
        peerCidrBlock: primary.facts.vpcCidr,
        peerRegion: primary.region,
        // One route per primary AZ: the count must be known at plan time, so it comes from the facts.
        peerVpcRouteTableIds: Array.from({ length: primary.facts.azCount }, (_, i) =>
          primary.output("appRouteTableIds").apply((ids: string[]) => ids[i]),
        ),
        primaryProvider: primary.provider,
        role,
      },
      opts,
    );
  }

  const alerts = new AlertTopic(`${name}-alerts`, { email: config.alertEmail, role }, opts);

  // --- data ---
  const global = profile.databaseReplication === "aurora-global";
  const db = new OrdersDatabase(
    `${name}-orders-db`,
    {
      mode: isPrimary ? (global ? "global-primary" : "standalone") : "global-secondary",
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      availabilityZones,
      allowedCidrBlocks: [config.vpcCidr],
      instanceClass: config.dbInstanceClass,
      instanceCount: isPrimary ? 2 : profile.recovery.databaseInstances,
      role,
      peerRegion: isPrimary && global ? recoveryRegionOf(config.stack) : undefined,
      globalClusterIdentifier: primary?.output("globalClusterId"),
      // Secrets Manager replicas keep the primary secret's ARN, in this region.
      replicaSecretArn: primary ? primary.output("dbSecretArn").apply((arn: string) => arn.replace(`:${primary.region}:`, `:${config.region}:`)) : undefined,
      enableGlobalWriteForwarding: !isPrimary && profile.regionRoleEnv === "primary",
    },
    opts,
  );

  let catalogTableName: pulumi.Input<string>;
  let catalogTableArn: pulumi.Input<string>;
  if (isPrimary) {
    const table = new CatalogTable(`${name}-catalog`, { role }, opts);
    catalogTableName = table.tableName;
    catalogTableArn = table.tableArn;
  } else {
    const replica = new CatalogReplica(`${name}-catalog`, { globalTableArn: primary!.output("catalogTableArn"), role }, opts);
    catalogTableName = primary!.output("catalogTableName");
    catalogTableArn = replica.replicaArn;
  }

  const cache = new RecommendationsCache(
    `${name}-cache`,
    {
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      allowedCidrBlocks: [config.vpcCidr],
      nodeType: isPrimary || profile.recovery.cacheNodeType === "primary" ? config.cacheNodeType : profile.recovery.cacheNodeType,
      replicas: isPrimary ? 2 : profile.recovery.cacheReplicas,
      role,
    },
    opts,
  );

  const assets = isPrimary ? new AssetsBucket(`${name}-assets`, { role }, opts) : replicateAssets(site);

  // --- compute ---
  const image = isPrimary
    ? new ImageRepository(`${name}-image`, { mode: "build", role }, opts)
    : new ImageRepository(`${name}-image`, { mode: "replica", role, primaryProvider: primary!.provider, digest: primary!.output("imageDigest") }, opts);
  const alb = new PublicLoadBalancer(
    `${name}-alb`,
    { vpcId: network.vpcId, vpcCidr: config.vpcCidr, subnetIds: network.publicSubnetIds, domainName: config.domainName, hostedZoneId: config.hostedZoneId, role },
    opts,
  );
  const nlb = new OrderApiNlb(`${name}-orders-nlb`, { vpcId: network.vpcId, vpcCidr: config.vpcCidr, subnetIds: network.appSubnetIds, role }, opts);
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
    { vpcId: network.vpcId, subnetIds: network.appSubnetIds, alertTopicArn: alerts.topicArn, role },
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
      image: image.imageRef,
      desiredCount: capacity,
      minCount: capacity,
      maxCount: maxCapacity,
      region: config.region,
      regionRole: profile.regionRoleEnv,
      dbHost: db.endpoint,
      dbReaderHost: db.readerEndpoint,
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

  // --- backup: this region's own plan; the recovery stack also owns the copy of the primary's backups ---
  const vault = new BackupVault(`${name}-vault`, { role }, opts);
  new BackupPlan(
    `${name}-backup`,
    {
      vaultName: vault.vaultName,
      schedule: profile.backup.schedule,
      retentionDays: profile.backup.retentionDays,
      coldStorageAfterDays: profile.backup.coldStorageAfterDays,
      coldRetentionDays: profile.backup.coldRetentionDays,
      continuous: profile.backup.continuous,
      // Once promoted, the recovery region's own backups must leave the region too: back to the primary's vault.
      copyToVaultArn: primary?.output("primaryVaultArn"),
      copyRetentionDays: primary ? profile.backup.copyRetentionDays : undefined,
      role,
    },
    opts,
  );
  if (primary) copyPrimaryBackups(site, vault);

  // --- traffic ---
  const health = new DeepHealthCheck(
    `${name}-health`,
    { fqdn: alb.dnsName, requestInterval: FRONT_DOOR_DETECTION.intervalSeconds, failureThreshold: FRONT_DOOR_DETECTION.failureThreshold, role },
    opts,
  );
  const acceleratorHealth = {
    healthCheckIntervalSeconds: FRONT_DOOR_DETECTION.intervalSeconds,
    thresholdCount: FRONT_DOOR_DETECTION.failureThreshold,
  };
  let acceleratorListenerArn: pulumi.Input<string> | undefined;
  let acceleratorDnsName: pulumi.Input<string> | undefined;
  const alias = { albDnsName: alb.dnsName, albZoneId: alb.zoneId };
  switch (profile.frontDoor) {
    case "simple-record":
      new SimpleRecord(`${name}-dns`, { zoneId: config.hostedZoneId, domainName: config.domainName, ...alias, healthCheckId: health.healthCheckId }, opts);
      break;
    case "failover-records":
      new FailoverRecord(
        `${name}-dns`,
        {
          zoneId: config.hostedZoneId,
          domainName: config.domainName,
          failoverType: isPrimary ? "PRIMARY" : "SECONDARY",
          setIdentifier: config.region,
          ...alias,
          healthCheckId: health.healthCheckId,
        },
        opts,
      );
      break;
    case "global-accelerator":
      if (isPrimary) {
        const ga = new GlobalAcceleratorFrontDoor(
          `${name}-accelerator`,
          { acceleratorProvider: acceleratorProvider!, region: config.region, albArn: alb.albArn, zoneId: config.hostedZoneId, domainName: config.domainName, ...acceleratorHealth, role },
          opts,
        );
        acceleratorListenerArn = ga.listenerArn;
        acceleratorDnsName = ga.acceleratorDnsName;
      } else {
        new AcceleratorEndpointGroup(
          `${name}-accelerator`,
          { acceleratorProvider: acceleratorProvider!, listenerArn: primary!.output("acceleratorListenerArn"), region: config.region, albArn: alb.albArn, ...acceleratorHealth },
          opts,
        );
      }
      break;
  }

  // --- observability and patching ---
  const alarms = new RegionAlarms(
    `${name}-alarms`,
    {
      topicArn: alerts.topicArn,
      albArnSuffix: alb.albArnSuffix,
      appTargetGroupArnSuffix: alb.appTargetGroupArnSuffix,
      ordersTargetGroupArnSuffix: alb.ordersTargetGroupArnSuffix,
      scaleOutPolicyArns: [service.checkoutScaleOutPolicyArn],
      dbClusterIdentifier: db.clusterIdentifier,
      dbReplicaLag: !isPrimary,
      cacheReplicationGroupId: cache.replicationGroupId,
      cache: true,
    },
    opts,
  );
  new HealthCheckAlarm(
    `${name}-health-alarm`,
    {
      healthCheckId: health.healthCheckId,
      // The alarm lives in us-east-1, so it notifies the us-east-1 (primary's) topic.
      topicArn: isPrimary || config.region === "us-east-1" ? alerts.topicArn : primary!.output("alertTopicArn"),
      usEast1Provider,
    },
    opts,
  );
  // Different days per region: the two regions are never patched at once.
  const patchSchedule = isPrimary ? "cron(0 4 ? * SUN *)" : "cron(0 4 ? * WED *)";
  new PatchManagement(`${name}-patching`, { patchGroup: hosts.patchGroup, schedule: patchSchedule, role }, opts);

  // --- resilience ---
  // DRS replicates the primary's hosts into a staging area here, so its template lives in the recovery region.
  const drsEnabled = config.drsEnabled === "auto" ? profile.drsByDefault : config.drsEnabled === "true";
  if (primary && drsEnabled) {
    new DisasterRecoveryReplication(
      `${name}-drs`,
      { vpcId: network.vpcId, stagingSubnetId: network.appSubnetIds[0], sourceCidrBlocks: [primary.facts.vpcCidr], role },
      opts,
    );
  }
  new FisExperiment(`${name}-fis`, { asgName: hosts.asgName, availabilityZone: availabilityZones[0], stopAlarmArn: alarms.target5xxAlarmArn }, opts);
  if (isPrimary) {
    // The policy holds the region to what this deployment computes it can do, not only to the tier's targets.
    new ResilienceHubPolicy(
      `${name}-resilience`,
      { tier: profile.tier, rtoMinutes: profile.targets.rtoMinutes, rpoMinutes: profile.targets.rpoMinutes, contract: { rpoMinutes: contract.rpoMinutes, rtoMinutes: contract.rtoMinutes } },
      opts,
    );
  }
  if (primary && profile.regionSwitchPlan) {
    new RegionSwitchPlan(
      `${name}-region-switch`,
      {
        steps: profile.failoverSteps,
        primaryRegion: primary.region,
        recoveryRegion: config.region,
        rtoMinutes: profile.targets.rtoMinutes,
        recoveryApproach: profile.frontDoor === "global-accelerator" ? "activeActive" : "activePassive",
        asgArns: { [primary.region]: primary.output("asgArn"), [config.region]: hosts.asgArn },
        ecsServices: {
          [primary.region]: { clusterArn: primary.output("ecsClusterArn"), serviceArn: primary.output("ecsServiceArn") },
          [config.region]: { clusterArn: hosts.clusterArn, serviceArn: service.serviceArn },
        },
        globalClusterIdentifier: primary.output("globalClusterId"),
        databaseClusterArns: { [primary.region]: primary.output("dbClusterArn"), [config.region]: db.clusterArn },
        routing: {
          hostedZoneId: config.hostedZoneId,
          recordName: config.domainName,
          setIdentifiers: { [primary.region]: primary.region, [config.region]: config.region },
        },
        role,
      },
      opts,
    );
  }

  return {
    vpcId: network.vpcId,
    transitGatewayId: tgw.transitGatewayId,
    transitGatewayRouteTableId: tgw.routeTableId,
    appRouteTableIds: network.appRouteTableIds,
    catalogTableName,
    catalogTableArn,
    globalClusterId: db.globalClusterId ?? "",
    dbClusterArn: db.clusterArn,
    dbEndpoint: db.endpoint,
    dbSecretArn: db.secretArn,
    assetsBucketName: assets.bucketName,
    assetsBucketArn: assets.bucketArn,
    assetsKmsKeyArn: assets.kmsKeyArn,
    primaryVaultName: vault.vaultName,
    primaryVaultArn: vault.vaultArn,
    ecrRepositoryUrl: image.repositoryUrl,
    imageDigest: image.digest,
    imageRef: image.imageRef,
    albArn: alb.albArn,
    albDnsName: alb.dnsName,
    albZoneId: alb.zoneId,
    // Absent outputs would vanish from the stack; an empty string says "no accelerator" explicitly.
    acceleratorListenerArn: acceleratorListenerArn ?? "",
    acceleratorDnsName: acceleratorDnsName ?? "",
    alertTopicArn: alerts.topicArn,
    orderValidationFunctionArn: validation.functionArn,
    asgArn: hosts.asgArn,
    ecsClusterArn: hosts.clusterArn,
    ecsServiceName: service.serviceName,
    ecsServiceArn: service.serviceArn,
    healthCheckId: health.healthCheckId,
  };
}

/** The recovery region the primary replicates its DB secret to: a region name, never a stack reference. */
function recoveryRegionOf(stack: string): string {
  const peer = peerOf(stack);
  if (!peer) throw new Error(`stack ${stack} is not in stacks/topology.ts, so its recovery region is unknown`);
  return peer.region;
}
