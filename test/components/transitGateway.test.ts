import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import {
  TransitGateway,
  TransitGatewayArgs,
  TransitGatewayPeering,
  TransitGatewayPeeringArgs,
  resolveTransitGatewayArgs,
  resolveTransitGatewayPeeringArgs,
} from "../../components/network";
import { countByType, ofType, onlyOf, providerRegion, record } from "../support/harness";

const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const VPC_ATTACHMENT = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const PEERING = "aws:ec2transitgateway/peeringAttachment:PeeringAttachment";
const ACCEPTER = "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter";
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";
const VPC_ROUTE = "aws:ec2/route:Route";

describe("network: TransitGateway", () => {
  const args: TransitGatewayArgs = {
    vpcId: "vpc-1",
    vpcCidr: "10.1.0.0/16",
    appSubnetIds: ["subnet-a", "subnet-b", "subnet-c"],
    appRouteTableIds: ["rtb-a", "rtb-b", "rtb-c"],
    peerCidrs: ["10.0.0.0/16"],
    amazonSideAsn: 64513,
    role: "recovery",
  };

  it("creates the TGW, one VPC attachment over the app subnets and a route per app route table to the peer CIDR", async () => {
    const resources = await record(() => new TransitGateway("tgw", args), { region: "eu-west-1" });
    assert.deepEqual(countByType(resources), {
      "securecart:network:TransitGateway": 1,
      [TGW]: 1,
      [VPC_ATTACHMENT]: 1,
      [VPC_ROUTE]: 3,
    });
    const tgw = onlyOf(resources, TGW);
    assert.equal(tgw.inputs.amazonSideAsn, 64513);
    // `role` names the region in the description; the stack's tags come from the provider's defaultTags.
    assert.equal(tgw.inputs.description, "securecart recovery region");
    assert.deepEqual(tgw.inputs.tags, { Name: "tgw-tgw" });
    assert.equal(tgw.inputs.defaultRouteTableAssociation, "enable");
    assert.equal(tgw.inputs.defaultRouteTablePropagation, "enable");
    assert.equal(tgw.inputs.dnsSupport, "enable");

    const attachment = onlyOf(resources, VPC_ATTACHMENT);
    assert.deepEqual(attachment.inputs.subnetIds, ["subnet-a", "subnet-b", "subnet-c"]);
    assert.equal(attachment.inputs.vpcId, "vpc-1");
    assert.deepEqual(attachment.propertyDependencies.transitGatewayId, [tgw.urn]);
    assert.deepEqual(attachment.inputs.tags, { Name: "tgw-vpc" });

    const routes = ofType(resources, VPC_ROUTE).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      routes.map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock]),
      [
        ["rtb-a", "10.0.0.0/16"],
        ["rtb-b", "10.0.0.0/16"],
        ["rtb-c", "10.0.0.0/16"],
      ],
    );
    for (const route of routes) {
      assert.deepEqual(route.propertyDependencies.transitGatewayId, [tgw.urn]);
      assert.ok(
        route.dependencies.includes(attachment.urn),
        `${route.name} waits for the VPC attachment`,
      );
    }
  });

  it("defaults to ASN 64512 and creates no routes without route tables, exposing the association route table", async () => {
    let tgw: TransitGateway | undefined;
    const resources = await record(() => {
      tgw = new TransitGateway("tgw", { vpcId: "vpc-1", appSubnetIds: ["subnet-a", "subnet-b"] });
    });
    assert.equal(onlyOf(resources, TGW).inputs.amazonSideAsn, 64512);
    assert.equal(ofType(resources, VPC_ROUTE).length, 0);
    assert.equal(tgw!.amazonSideAsn, 64512);
  });

  it("resolves every default once", () => {
    const given = { vpcId: "vpc-1", appSubnetIds: ["subnet-a", "subnet-b"] };
    assert.deepEqual(resolveTransitGatewayArgs(given), {
      args: {
        ...given,
        appRouteTableIds: [],
        peerCidrs: [],
        amazonSideAsn: 64512,
        role: "primary",
      },
      errors: [],
    });
  });

  it("validates all args at once, naming each property", () => {
    const validateTransitGatewayArgs = (a: TransitGatewayArgs) =>
      resolveTransitGatewayArgs(a).errors;
    const problems = validateTransitGatewayArgs({
      vpcId: "vpc-1",
      vpcCidr: "10.0.0.0/16",
      appSubnetIds: [],
      appRouteTableIds: ["rtb-a"],
      peerCidrs: [],
      amazonSideAsn: 7224,
    });
    assert.equal(problems.length, 3);
    assert.match(problems.join("\n"), /appSubnetIds must hold at least one subnet/);
    assert.match(problems.join("\n"), /amazonSideAsn must be a private ASN.*got 7224/);
    assert.match(
      problems.join("\n"),
      /peerCidrs must hold at least one range when appRouteTableIds asks for routes/,
    );
    assert.deepEqual(
      validateTransitGatewayArgs({ ...args, peerCidrs: ["10.1.0.0/16", "10.300.0.0/16"] }),
      [
        "peerCidrs[0] 10.1.0.0/16 overlaps this VPC's 10.1.0.0/16: peered VPCs need distinct ranges",
        'peerCidrs[1] must be an IPv4 CIDR such as 10.1.0.0/16 (got "10.300.0.0/16")',
      ],
    );
    assert.deepEqual(validateTransitGatewayArgs(args), []);
  });

  it("refuses bad args before creating anything", async () => {
    await assert.rejects(
      record(() => new TransitGateway("tgw", { ...args, peerCidrs: [] })),
      /TransitGateway tgw: peerCidrs must hold at least one range/,
    );
  });
});

describe("network: TransitGatewayPeering", () => {
  const build =
    (overrides: Partial<TransitGatewayPeeringArgs> = {}) =>
    () => {
      const primaryProvider = new aws.Provider("primary", { region: "us-east-1" });
      new TransitGatewayPeering("peering", {
        transitGatewayId: "tgw-recovery",
        routeTableId: "tgw-rtb-recovery",
        cidrBlock: "10.1.0.0/16",
        peerTransitGatewayId: "tgw-primary",
        peerRouteTableId: "tgw-rtb-primary",
        peerRegion: "us-east-1",
        peerCidrBlock: "10.0.0.0/16",
        peerVpcRouteTableIds: ["rtb-p0", "rtb-p1", "rtb-p2"],
        primaryProvider,
        ...overrides,
      });
    };

  it("requests here, accepts and routes in the primary region through the primary provider", async () => {
    const resources = await record(build(), { region: "eu-west-1" });
    assert.deepEqual(countByType(resources), {
      "pulumi:providers:aws": 1,
      "securecart:network:TransitGatewayPeering": 1,
      [PEERING]: 1,
      [ACCEPTER]: 1,
      [TGW_ROUTE]: 2,
      [VPC_ROUTE]: 3,
    });
    const attachment = onlyOf(resources, PEERING);
    // The stack's tags come from the providers' defaultTags: only the Name is the resource's own.
    assert.deepEqual(attachment.inputs.tags, { Name: "peering-attachment" });
    assert.deepEqual(onlyOf(resources, ACCEPTER).inputs.tags, { Name: "peering-accepter" });
    assert.equal(
      providerRegion(resources, attachment),
      undefined,
      "the requester uses this stack's provider",
    );
    assert.equal(attachment.inputs.transitGatewayId, "tgw-recovery");
    assert.equal(attachment.inputs.peerTransitGatewayId, "tgw-primary");
    assert.equal(attachment.inputs.peerRegion, "us-east-1");

    const accepter = onlyOf(resources, ACCEPTER);
    assert.equal(providerRegion(resources, accepter), "us-east-1");
    assert.deepEqual(accepter.propertyDependencies.transitGatewayAttachmentId, [attachment.urn]);

    const [toPeer, fromPeer] = ["peering-to-peer", "peering-from-peer"].map((n) =>
      resources.find((r) => r.name === n)!,
    );
    assert.equal(providerRegion(resources, toPeer), undefined);
    assert.equal(toPeer.inputs.transitGatewayRouteTableId, "tgw-rtb-recovery");
    assert.equal(toPeer.inputs.destinationCidrBlock, "10.0.0.0/16");
    assert.equal(providerRegion(resources, fromPeer), "us-east-1");
    assert.equal(fromPeer.inputs.transitGatewayRouteTableId, "tgw-rtb-primary");
    assert.equal(fromPeer.inputs.destinationCidrBlock, "10.1.0.0/16");
    for (const route of [toPeer, fromPeer])
      assert.ok(route.dependencies.includes(accepter.urn), `${route.name} waits for the accepter`);

    const vpcRoutes = ofType(resources, VPC_ROUTE).sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      vpcRoutes.map((r) => [
        r.inputs.routeTableId,
        r.inputs.destinationCidrBlock,
        r.inputs.transitGatewayId,
        providerRegion(resources, r),
      ]),
      [
        ["rtb-p0", "10.1.0.0/16", "tgw-primary", "us-east-1"],
        ["rtb-p1", "10.1.0.0/16", "tgw-primary", "us-east-1"],
        ["rtb-p2", "10.1.0.0/16", "tgw-primary", "us-east-1"],
      ],
    );
  });

  it("validates all args at once, naming each property", () => {
    const { errors: problems } = resolveTransitGatewayPeeringArgs({
      transitGatewayId: "tgw-recovery",
      routeTableId: "tgw-rtb-recovery",
      cidrBlock: "10.0.0.0/16",
      peerTransitGatewayId: "tgw-primary",
      peerRouteTableId: "tgw-rtb-primary",
      peerRegion: "useast1",
      peerCidrBlock: "10.0.0.0/8",
      peerVpcRouteTableIds: [],
      primaryProvider: undefined as unknown as aws.Provider,
    });
    assert.deepEqual(problems, [
      "primaryProvider is required: the accepter and the primary-side routes live in the primary region",
      'peerRegion must be an AWS region such as us-east-1 (got "useast1")',
      "peerCidrBlock 10.0.0.0/8 overlaps cidrBlock 10.0.0.0/16: peered VPCs need distinct ranges",
      "peerVpcRouteTableIds must hold at least one route table, or the primary cannot reach this region",
    ]);
  });

  it("refuses a peering without the primary's route tables", async () => {
    await assert.rejects(
      record(build({ peerVpcRouteTableIds: [] })),
      /TransitGatewayPeering peering: peerVpcRouteTableIds must hold/,
    );
  });
});
