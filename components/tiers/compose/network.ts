import { Network, TransitGateway, TransitGatewayPeering } from "../../network";
import { perAzNetwork } from "../tierProfile";
import { Site } from "./site";

export interface NetworkResult {
  readonly network: Network;
  readonly tgw: TransitGateway;
}

/** The VPC and transit gateway; on the recovery side also the peering to the primary's gateway. */
export function composeNetwork(site: Site): NetworkResult {
  const { name, opts, isPrimary } = site;
  const { config, availabilityZones } = site.args;
  // A rebuilt region is not peered: accepting a peering and routing to it are calls in the primary's region,
  // which is down when a backup-restore region is rebuilt (DESIGN.md decision 15).
  const primary = site.rebuild ? undefined : site.primary;
  const role = config.role;
  // A rebuilt region takes all the traffic: the primary's per-AZ network; a standby's is its tier's.
  const perAz = perAzNetwork(
    site.profile,
    isPrimary || site.rebuild ? "primary" : "recovery",
    availabilityZones.length,
  );
  const network = new Network(
    `${name}-net`,
    {
      cidrBlock: config.vpcCidr,
      availabilityZones,
      natGateways: perAz.natGateways,
      interfaceEndpointAzs: perAz.endpointAzs,
    },
    opts,
  );
  const tgw = new TransitGateway(
    `${name}-tgw`,
    {
      vpcId: network.vpcId,
      vpcCidr: config.vpcCidr,
      appSubnetIds: network.appSubnetIds,
      // The recovery side routes to the primary here; the primary's routes back are the peering's (recovery-owned).
      // The data subnets too: where both regions write (active-active), the other region's tasks reach this
      // region's Aurora writer through the global writer endpoint, and its answers must find the way back.
      appRouteTableIds: primary ? [...network.appRouteTableIds, network.dataRouteTableId] : [],
      peerCidrs: primary ? [primary.facts.vpcCidr] : [],
      amazonSideAsn: config.transitGatewayAsn,
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
        // One route per primary AZ: the count must be known at plan time, so it comes from the facts. And one
        // for the primary's data subnets, whose database answers this region's tasks in active-active.
        peerVpcRouteTableIds: [
          ...Array.from({ length: primary.facts.azCount }, (_, i) =>
            primary.output("appRouteTableIds").apply((ids: string[]) => ids[i]),
          ),
          primary.output("dataRouteTableId"),
        ],
        primaryProvider: primary.provider,
      },
      opts,
    );
  }
  return { network, tgw };
}
