import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrsOverlap, parseCidr } from "../config";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface TransitGatewayPeeringArgs {
  /** This (recovery) region's Transit Gateway, the requester. Required. */
  readonly transitGatewayId: pulumi.Input<string>;
  /** This Transit Gateway's route table (TransitGateway.routeTableId) that gets the route to peerCidrBlock. Required. */
  readonly routeTableId: pulumi.Input<string>;
  /** This region's VPC range, routed to from the primary. Required. */
  readonly cidrBlock: string;
  /** The primary region's Transit Gateway, the accepter. Required. */
  readonly peerTransitGatewayId: pulumi.Input<string>;
  /** The primary Transit Gateway's route table, which gets the route back to cidrBlock. Required. */
  readonly peerRouteTableId: pulumi.Input<string>;
  /** The primary region, e.g. `us-east-1`. Required. */
  readonly peerRegion: string;
  /** The primary's account, when it differs from this stack's. Defaults to this stack's account. */
  readonly peerAccountId?: pulumi.Input<string>;
  /** The primary region's VPC range. Required. */
  readonly peerCidrBlock: string;
  /** The primary's route tables (app, and data), which get a route to cidrBlock through the primary's TGW. Required. */
  readonly peerVpcRouteTableIds: pulumi.Input<string>[];
  /** Provider for the primary region: the accepter and every primary-side route are created through it. Required. */
  readonly primaryProvider: aws.Provider;
}

/**
 * Every problem with the args at once, each naming its property. There is nothing to default (`peerAccountId` unset
 * is this stack's account), so the args come back as given.
 */
export function resolveTransitGatewayPeeringArgs(
  args: TransitGatewayPeeringArgs,
): Resolved<TransitGatewayPeeringArgs> {
  const problems: string[] = [];
  if (!args.primaryProvider) {
    problems.push(
      "primaryProvider is required: the accepter and the primary-side routes live in the primary region",
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.peerRegion ?? "")) {
    problems.push(`peerRegion must be an AWS region such as us-east-1 (got "${args.peerRegion}")`);
  }
  const cidrOk = parseCidr(args.cidrBlock ?? "") !== undefined;
  const peerOk = parseCidr(args.peerCidrBlock ?? "") !== undefined;
  if (!cidrOk)
    problems.push(`cidrBlock must be an IPv4 CIDR such as 10.1.0.0/16 (got "${args.cidrBlock}")`);
  if (!peerOk)
    problems.push(
      `peerCidrBlock must be an IPv4 CIDR such as 10.0.0.0/16 (got "${args.peerCidrBlock}")`,
    );
  if (cidrOk && peerOk && cidrsOverlap(args.cidrBlock, args.peerCidrBlock)) {
    problems.push(
      `peerCidrBlock ${args.peerCidrBlock} overlaps cidrBlock ${args.cidrBlock}: peered VPCs need distinct ranges`,
    );
  }
  if ((args.peerVpcRouteTableIds ?? []).length === 0) {
    problems.push(
      "peerVpcRouteTableIds must hold at least one route table, or the primary cannot reach this region",
    );
  }
  return { args, errors: problems };
}

/**
 * Peers this (recovery) region's Transit Gateway with the primary's, from the recovery stack (DESIGN decision 1):
 * the requester here, the accepter and the primary-side routes in the primary region through `primaryProvider`.
 * Peering attachments never propagate routes, so both TGW route tables get a static route to the other VPC, and
 * the primary's app subnets get a VPC route to this region through their own TGW.
 */
export class TransitGatewayPeering extends pulumi.ComponentResource {
  public readonly peeringAttachmentId: pulumi.Output<string>;

  constructor(
    name: string,
    args: TransitGatewayPeeringArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:network:TransitGatewayPeering", name, {}, opts);
    const a = requireValid(
      resolveTransitGatewayPeeringArgs(args),
      "TransitGatewayPeering",
      name,
      this,
    );
    const inPrimary = { parent: this, provider: a.primaryProvider };

    const attachment = new aws.ec2transitgateway.PeeringAttachment(
      `${name}-attachment`,
      {
        transitGatewayId: a.transitGatewayId,
        peerTransitGatewayId: a.peerTransitGatewayId,
        peerRegion: a.peerRegion,
        peerAccountId: a.peerAccountId,
        tags: { Name: `${name}-attachment` },
      },
      { parent: this },
    );
    const accepter = new aws.ec2transitgateway.PeeringAttachmentAccepter(
      `${name}-accepter`,
      {
        transitGatewayAttachmentId: attachment.id,
        tags: { Name: `${name}-accepter` },
      },
      inPrimary,
    );

    // Routes over a peering that is not yet accepted are rejected, so both sides wait for the accepter.
    new aws.ec2transitgateway.Route(
      `${name}-to-peer`,
      {
        transitGatewayRouteTableId: a.routeTableId,
        destinationCidrBlock: a.peerCidrBlock,
        transitGatewayAttachmentId: attachment.id,
      },
      { parent: this, dependsOn: [accepter] },
    );
    new aws.ec2transitgateway.Route(
      `${name}-from-peer`,
      {
        transitGatewayRouteTableId: a.peerRouteTableId,
        destinationCidrBlock: a.cidrBlock,
        transitGatewayAttachmentId: accepter.transitGatewayAttachmentId,
      },
      { ...inPrimary, dependsOn: [accepter] },
    );
    a.peerVpcRouteTableIds.forEach((routeTableId, i) => {
      new aws.ec2.Route(
        `${name}-peer-vpc-${i}`,
        {
          routeTableId,
          destinationCidrBlock: a.cidrBlock,
          transitGatewayId: a.peerTransitGatewayId,
        },
        { ...inPrimary, dependsOn: [accepter] },
      );
    });

    this.peeringAttachmentId = attachment.id;
    this.registerOutputs({ peeringAttachmentId: this.peeringAttachmentId });
  }
}
