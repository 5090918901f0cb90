/**
 * How this program uses the tier components: its stack config (components/config.ts) and the topology table
 * (stacks/topology.ts) mapped onto a tier's own args. The one place that knows both sides.
 */
import { PlatformConfig } from "./config";
import { DrTierArgs, PrimaryLink } from "./tiers/tierArgs";
import { peerOf, topologyOf } from "../stacks/topology";

export function platformTierArgs(
  config: PlatformConfig,
  availabilityZones: string[],
  primary?: PrimaryLink,
): DrTierArgs {
  const topology = topologyOf(config.stack);
  const peer = peerOf(config.stack);
  if (!peer) throw new Error(`stack ${config.stack} has no peer in stacks/topology.ts`);
  return {
    role: config.role,
    region: config.region,
    peerRegion: peer.region,
    availabilityZones,
    vpcCidr: config.vpcCidr,
    transitGatewayAsn: topology.transitGatewayAsn,
    patchWindow: topology.patchWindow,
    domainName: config.domainName,
    hostedZoneId: config.hostedZoneId,
    alertEmail: config.alertEmail,
    capacity: config.capacity,
    sizes: {
      instanceType: config.instanceType,
      dbInstanceClass: config.dbInstanceClass,
      cacheNodeType: config.cacheNodeType,
    },
    approvalMinutes: config.approvalMinutes,
    deletionProtection: config.deletionProtection,
    arcRoutingControl: config.arcRoutingControl,
    rebuildFromSnapshot: config.rebuildFromSnapshot,
    orderValidationReservedConcurrency: config.orderValidationReservedConcurrency ?? undefined,
    primary,
  };
}
