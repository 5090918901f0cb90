import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrsOverlap, parseCidr } from "../config";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface TransitGatewayArgs {
  /** The VPC to attach. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's own range; when given, peerCidrs are checked not to overlap it. Defaults to `undefined` (not checked). */
  readonly vpcCidr?: string;
  /** The private app subnets to attach through, one per AZ (the attachment places an ENI in each). Required. */
  readonly appSubnetIds: pulumi.Input<string>[];
  /** Route tables (app, and data) that get a route to each of peerCidrs through the Transit Gateway. Defaults to `[]`. */
  readonly appRouteTableIds?: pulumi.Input<string>[];
  /** Remote VPC ranges reached through the Transit Gateway (the peer region's VPC). Defaults to `[]`. */
  readonly peerCidrs?: string[];
  /** BGP ASN of the Amazon side; give each region its own (64512 primary, 64513 recovery). Defaults to `64512`. */
  readonly amazonSideAsn?: number;
  /** Region role, named in the Transit Gateway's description. Defaults to `primary`. */
  readonly role?: string;
}

/** Private ASN ranges AWS accepts for a Transit Gateway's Amazon side. */
function isPrivateAsn(asn: number): boolean {
  return (
    Number.isInteger(asn) &&
    ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294))
  );
}

/** The args with every default applied; `vpcCidr` may stay unset (the peer ranges are then not checked against it). */
export type ResolvedTransitGatewayArgs = Required<Omit<TransitGatewayArgs, "vpcCidr">> &
  Pick<TransitGatewayArgs, "vpcCidr">;

/** The defaulted args and every problem with them at once, each naming its property. */
export function resolveTransitGatewayArgs(
  args: TransitGatewayArgs,
): Resolved<ResolvedTransitGatewayArgs> {
  const a: ResolvedTransitGatewayArgs = {
    ...args,
    appRouteTableIds: args.appRouteTableIds ?? [],
    peerCidrs: args.peerCidrs ?? [],
    amazonSideAsn: args.amazonSideAsn ?? 64512,
    role: args.role ?? "primary",
  };
  const problems: string[] = [];
  const asn = a.amazonSideAsn;
  const peerCidrs = a.peerCidrs;
  const routeTables = a.appRouteTableIds;
  if (args.appSubnetIds.length === 0)
    problems.push("appSubnetIds must hold at least one subnet (one per AZ)");
  if (!isPrivateAsn(asn)) {
    problems.push(
      `amazonSideAsn must be a private ASN, 64512-65534 or 4200000000-4294967294 (got ${asn})`,
    );
  }
  if (args.vpcCidr !== undefined && !parseCidr(args.vpcCidr)) {
    problems.push(`vpcCidr must be an IPv4 CIDR such as 10.0.0.0/16 (got "${args.vpcCidr}")`);
  }
  peerCidrs.forEach((cidr, i) => {
    if (!parseCidr(cidr))
      problems.push(`peerCidrs[${i}] must be an IPv4 CIDR such as 10.1.0.0/16 (got "${cidr}")`);
    else if (args.vpcCidr && cidrsOverlap(cidr, args.vpcCidr)) {
      problems.push(
        `peerCidrs[${i}] ${cidr} overlaps this VPC's ${args.vpcCidr}: peered VPCs need distinct ranges`,
      );
    }
  });
  if (new Set(peerCidrs).size !== peerCidrs.length)
    problems.push("peerCidrs must not repeat a range");
  if (routeTables.length > 0 && peerCidrs.length === 0) {
    problems.push("peerCidrs must hold at least one range when appRouteTableIds asks for routes");
  }
  return { args: a, errors: problems };
}

/**
 * The region's Transit Gateway, the VPC's attachment to it, and the app subnets' routes to the peer region
 * through it. Default route table association and propagation are on, so the VPC attachment and the peering
 * attachment share one TGW route table, whose id the peering's static routes need.
 */
export class TransitGateway extends pulumi.ComponentResource {
  public readonly transitGatewayId: pulumi.Output<string>;
  public readonly vpcAttachmentId: pulumi.Output<string>;
  /** The TGW's default association route table: where static routes to the peer region go. */
  public readonly routeTableId: pulumi.Output<string>;
  public readonly amazonSideAsn: number;

  constructor(name: string, args: TransitGatewayArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:network:TransitGateway", name, {}, opts);
    const a = requireValid(resolveTransitGatewayArgs(args), "TransitGateway", name, this);
    const opt = { parent: this };

    const tgw = new aws.ec2transitgateway.TransitGateway(
      `${name}-tgw`,
      {
        description: `securecart ${a.role} region`,
        amazonSideAsn: a.amazonSideAsn,
        // Only attachments this program creates are accepted; a shared attachment from elsewhere waits for review.
        autoAcceptSharedAttachments: "disable",
        defaultRouteTableAssociation: "enable",
        defaultRouteTablePropagation: "enable",
        dnsSupport: "enable",
        vpnEcmpSupport: "enable",
        tags: { Name: `${name}-tgw` },
      },
      opt,
    );
    const attachment = new aws.ec2transitgateway.VpcAttachment(
      `${name}-vpc`,
      {
        transitGatewayId: tgw.id,
        vpcId: a.vpcId,
        subnetIds: a.appSubnetIds,
        dnsSupport: "enable",
        transitGatewayDefaultRouteTableAssociation: true,
        transitGatewayDefaultRouteTablePropagation: true,
        tags: { Name: `${name}-vpc` },
      },
      opt,
    );

    // A route to a TGW the VPC is not attached to yet is rejected, hence the explicit dependency.
    a.appRouteTableIds.forEach((routeTableId, i) =>
      a.peerCidrs.forEach((cidr, j) => {
        new aws.ec2.Route(
          `${name}-peer-${i}-${j}`,
          { routeTableId, destinationCidrBlock: cidr, transitGatewayId: tgw.id },
          { parent: this, dependsOn: [attachment] },
        );
      }),
    );

    this.transitGatewayId = tgw.id;
    this.vpcAttachmentId = attachment.id;
    this.routeTableId = tgw.associationDefaultRouteTableId;
    this.amazonSideAsn = a.amazonSideAsn;
    this.registerOutputs({
      transitGatewayId: this.transitGatewayId,
      vpcAttachmentId: this.vpcAttachmentId,
      routeTableId: this.routeTableId,
    });
  }
}
