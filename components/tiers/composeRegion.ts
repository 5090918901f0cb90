/**
 * Composes one region of SecureCart from the building blocks, for a TierProfile and the stack's role. This is
 * the only place that maps tier settings onto building-block args; the four tier components all call it.
 *
 * Ownership (DESIGN.md, decision 1): the primary never references the recovery stack. Every link between the
 * regions is created here, on the recovery side, through `primaryProvider` where the link must live in the
 * primary region, with the primary's values read through its StackReference.
 *
 * Each section lives in ./compose/; the order of the calls below is the order resources are created in.
 */
import * as pulumi from "@pulumi/pulumi";
import { composeBackup } from "./compose/backup";
import { composeCompute } from "./compose/compute";
import { composeData } from "./compose/data";
import { composeNetwork } from "./compose/network";
import { composeAlerts } from "./compose/alerts";
import { composeOperations } from "./compose/operations";
import { regionProvider, Site, siteProviders } from "./compose/site";
import { ALIAS_TTL_SECONDS, composeTraffic, FRONT_DOOR_DETECTION } from "./compose/traffic";
import { composeVaultOnlyRegion } from "./compose/vaultOnly";
import { SWITCH_CHECK } from "../traffic/routingSwitch";
import { composeRebuildReadiness } from "./compose/rebuild";
import { planWriteFence } from "./compose/writeFence";
import { allowCrossRegionWrites } from "./compose/crossRegionWrites";
import { computeContract, ContractFacts, DrContract } from "./contract";
import { ResolvedDrTierArgs } from "./tierArgs";
import { regionCapacity, TierProfile } from "./tierProfile";

export { ALIAS_TTL_SECONDS, FRONT_DOOR_DETECTION };

type Outputs = Record<string, pulumi.Input<unknown>>;

/**
 * The facts of a deployment that the DR contract is computed from: the tier's, the human decision time, and the
 * primary's full-size capacity (which sizes the standby).
 */
export function contractFacts(
  profile: TierProfile,
  approvalMinutes: number,
  fullCapacity: number,
): ContractFacts {
  return {
    detection: FRONT_DOOR_DETECTION,
    dnsTtlSeconds: profile.frontDoor === "global-accelerator" ? 0 : ALIAS_TTL_SECONDS,
    approvalMinutes,
    standbyCapacity: regionCapacity(profile, "recovery", fullCapacity),
    backupIntervalHours: profile.backup.intervalHours,
    continuousBackup: profile.backup.continuous,
    switchFlipSeconds: SWITCH_CHECK.requestInterval * SWITCH_CHECK.failureThreshold,
  };
}

export function composeRegion(
  parent: pulumi.ComponentResource,
  name: string,
  profile: TierProfile,
  args: ResolvedDrTierArgs,
): Outputs {
  const opts = { parent };
  const link = args.primary;
  const site: Site = {
    name,
    profile,
    args,
    opts,
    isPrimary: args.config.role === "primary",
    // Config validation allows it only on a recovery stack whose region does not serve (backup-restore).
    rebuild: args.config.rebuildFromSnapshot
      ? { snapshotIdentifier: args.config.rebuildFromSnapshot }
      : undefined,
    primary: link && {
      ...link,
      region: link.facts.region,
      provider: regionProvider(
        `${name}-primary-region`,
        link.facts.region,
        args.config.region,
        opts,
      ),
      output: (key) => link.reference.getOutput(key),
    },
  };
  const fullCapacity =
    args.config.role === "primary" ? args.config.capacity : args.primary!.facts.capacity;
  const contract = computeContract(
    profile,
    contractFacts(profile, args.config.approvalMinutes, fullCapacity),
  );
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
  if (site.isPrimary || profile.recovery.serves || site.rebuild)
    Object.assign(outputs, composeServingRegion(site, contract));
  else Object.assign(outputs, composeVaultOnlyRegion(site, siteProviders(site)));
  // Whether this stack's region was rebuilt from backups: the runbook's checks look for it.
  outputs.rebuilt = site.rebuild !== undefined;
  return outputs;
}

/** A region that serves traffic: the primary in every tier, and the recovery region from pilot light up. */
function composeServingRegion(site: Site, contract: DrContract): Outputs {
  const providers = siteProviders(site);
  const net = composeNetwork(site);
  const alerting = composeAlerts(site);
  // Made ahead of the outage in the idle region (./compose/vaultOnly.ts): unchanged here, and used.
  const identities = site.rebuild ? composeRebuildReadiness(site) : undefined;
  const data = composeData(site, net, identities);
  const fence = planWriteFence(site, providers);
  const compute = composeCompute(site, net, alerting, data, fence.fence, identities);
  allowCrossRegionWrites(site);
  const backup = composeBackup(site, identities);
  const traffic = composeTraffic(site, providers, compute, alerting);
  if (fence.resolveBucket) {
    if (!traffic.routingSwitch)
      throw new Error("the write fence expects a routing switch, and none was made");
    fence.resolveBucket(traffic.routingSwitch.bucketName);
  }
  composeOperations(site, { contract, providers, net, alerting, data, compute, traffic });

  const { network, tgw } = net;
  const { alerts } = alerting;
  const { db, catalogTableName, catalogTableArn, assets } = data;
  const { image, alb, hosts, validation, service } = compute;
  const { vault } = backup;
  const { health } = traffic;
  return {
    vpcId: network.vpcId,
    transitGatewayId: tgw.transitGatewayId,
    transitGatewayRouteTableId: tgw.routeTableId,
    appRouteTableIds: network.appRouteTableIds,
    dataRouteTableId: network.dataRouteTableId,
    catalogTableName,
    catalogTableArn,
    globalClusterId: db.globalClusterId ?? "",
    globalWriterEndpoint: db.globalWriterEndpoint ?? "",
    dbClusterArn: db.clusterArn,
    dbEndpoint: db.endpoint,
    dbSecretArn: db.secretArn,
    dbSecurityGroupId: db.securityGroupId,
    storefrontSecurityGroupId: service.securityGroupId,
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
    acceleratorListenerArn: traffic.acceleratorListenerArn ?? "",
    acceleratorDnsName: traffic.acceleratorDnsName ?? "",
    // The routing switch the runbook flips with S3's data plane (empty where the tier has none).
    routingSwitchBucket: traffic.routingSwitch?.bucketName ?? "",
    routingSwitchKey: traffic.routingSwitch?.key ?? "",
    routingSwitchRegion: traffic.routingSwitch?.region ?? "",
    // ARC routing control (securecart:arcRoutingControl): the runbook's data plane, and the checks the recovery
    // stack gates its SECONDARY with. Owned by the primary; empty where it is off or on the recovery stack.
    arcRoutingControl: traffic.arcGated,
    arcClusterEndpoints: traffic.routingControl?.clusterEndpoints ?? [],
    routingControlArns: traffic.routingControl?.routingControlArns ?? {},
    routingControlHealthCheckIds: traffic.routingControl?.healthCheckIdsByRegion ?? {},
    // Run once after the first deploy: ARC creates routing controls Off, which fails both records' gates.
    arcInitialStateCommand: traffic.routingControl?.initialStateCommand ?? "",
    alertTopicArn: alerts.topicArn,
    orderValidationFunctionArn: validation.functionArn,
    asgArn: hosts.asgArn,
    ecsClusterArn: hosts.clusterArn,
    ecsServiceName: service.serviceName,
    ecsServiceArn: service.serviceArn,
    healthCheckId: health.healthCheckId,
  };
}
