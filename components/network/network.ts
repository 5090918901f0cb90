import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { cidrSubnet } from "../config";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface NetworkArgs {
  /** The VPC's IPv4 range; subnets are carved from it as /20s. Defaults to `10.0.0.0/16`. */
  readonly cidrBlock?: string;
  /** Availability Zones to span, in order. Must hold at least 2. Required. */
  readonly availabilityZones: string[];
  /** Interface endpoints so private tasks reach these services without NAT. Defaults to `DEFAULT_INTERFACE_ENDPOINTS`. */
  readonly interfaceEndpoints?: string[];
  /**
   * NAT gateways, in the first AZs; the app subnets of an AZ without one route to the first AZ's. Fewer than the AZs
   * trades egress through an AZ loss for their hourly price (a standby's choice, TierProfile.recovery.network).
   * Defaults to `availabilityZones.length` (one per AZ).
   */
  readonly natGateways?: number;
  /**
   * AZs (the first ones) whose app subnets hold the interface endpoints' ENIs; 0 creates none, and the services go
   * through the NAT. Defaults to `availabilityZones.length` (every AZ).
   */
  readonly interfaceEndpointAzs?: number;
}

/**
 * The calls a task needs to start (pull its image, read its DB secret, ship its logs): behind interface
 * endpoints, a failed NAT cannot stop a scale-up during failover. Each endpoint costs ~$22/month over 3 AZs,
 * so the rest of the AWS APIs stay on the NAT path.
 */
export const DEFAULT_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"];

/** The args with every default applied. */
export type ResolvedNetworkArgs = Required<NetworkArgs>;

/** The defaulted args and every problem with them at once, each naming its property. */
export function resolveNetworkArgs(args: NetworkArgs): Resolved<ResolvedNetworkArgs> {
  const azs = args.availabilityZones.length;
  const a: ResolvedNetworkArgs = {
    ...args,
    cidrBlock: args.cidrBlock ?? "10.0.0.0/16",
    interfaceEndpoints: args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS,
    natGateways: args.natGateways ?? azs,
    interfaceEndpointAzs: args.interfaceEndpointAzs ?? azs,
  };
  const problems: string[] = [];
  if (azs < 2) problems.push(`availabilityZones must hold at least 2 zones (got ${azs})`);
  // Every AZ's app subnets route to a NAT gateway, so there is at least one; interface endpoints are optional.
  for (const [key, min] of [
    ["natGateways", 1],
    ["interfaceEndpointAzs", 0],
  ] as const) {
    const v = args[key];
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > azs)) {
      problems.push(
        `${key} must be a whole number from ${min} to the ${azs} availabilityZones (got ${v})`,
      );
    }
  }
  return { args: a, errors: problems };
}

/**
 * A three-tier VPC over several AZs: public subnets (load balancers, NAT), private app subnets (ECS hosts,
 * Lambda) and private data subnets (Aurora, ElastiCache). One NAT gateway per AZ by default, so losing an AZ never
 * cuts the other AZs' egress (a standby may run fewer, natGateways); gateway endpoints for S3 and DynamoDB and
 * interface endpoints for the AWS APIs the tasks call remove the NAT from the data path altogether.
 */
export class Network extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly cidrBlock: string;
  public readonly availabilityZones: string[];
  public readonly publicSubnetIds: pulumi.Output<string>[];
  public readonly appSubnetIds: pulumi.Output<string>[];
  public readonly dataSubnetIds: pulumi.Output<string>[];
  public readonly appRouteTableIds: pulumi.Output<string>[];
  /** The data subnets' route table: it needs a route back to a peer VPC whose tasks reach this region's database. */
  public readonly dataRouteTableId: pulumi.Output<string>;
  public readonly endpointSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:network:Network", name, {}, opts);
    const a = requireValid(resolveNetworkArgs(args), "Network", name, this);
    const { cidrBlock, availabilityZones: azs } = a;
    const opt = { parent: this };

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: `${name}-vpc` },
      },
      opt,
    );
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id }, opt);

    const publicRt = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, tags: { tier: "public" } },
      opt,
    );
    new aws.ec2.Route(
      `${name}-public-default`,
      { routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      opt,
    );
    const dataRt = new aws.ec2.RouteTable(
      `${name}-data-rt`,
      { vpcId: vpc.id, tags: { tier: "data" } },
      opt,
    );

    // Subnet i of tier t is /20 number t*4+i: public 0-3, app 4-7, data 8-11.
    const subnet = (tier: "public" | "app" | "data", t: number, az: string, i: number) =>
      new aws.ec2.Subnet(
        `${name}-${tier}-${i}`,
        {
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: cidrSubnet(cidrBlock, 4, t * 4 + i),
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-${tier}-${az}`, tier },
        },
        opt,
      );

    const publicSubnets = azs.map((az, i) => subnet("public", 0, az, i));
    const appSubnets = azs.map((az, i) => subnet("app", 1, az, i));
    const dataSubnets = azs.map((az, i) => subnet("data", 2, az, i));

    // NAT gateways in the first natCount AZs, named by AZ index, so a tier switch that adds or drops gateways keeps
    // the first AZ's (and its Elastic IP); an AZ without one routes to the first AZ's (cross-AZ), updated in place.
    const nats: aws.ec2.NatGateway[] = [];
    const appRts = azs.map((az, i) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${i}`,
        { subnetId: publicSubnets[i].id, routeTableId: publicRt.id },
        opt,
      );
      if (i < a.natGateways) {
        const eip = new aws.ec2.Eip(
          `${name}-nat-${i}`,
          { domain: "vpc", tags: { Name: `${name}-nat-${az}` } },
          opt,
        );
        const natArgs = {
          allocationId: eip.id,
          subnetId: publicSubnets[i].id,
          tags: { Name: `${name}-nat-${az}` },
        };
        nats.push(new aws.ec2.NatGateway(`${name}-nat-${i}`, natArgs, opt));
      }
      const nat = nats[i] ?? nats[0];
      const rt = new aws.ec2.RouteTable(
        `${name}-app-rt-${i}`,
        { vpcId: vpc.id, tags: { tier: "app", az } },
        opt,
      );
      new aws.ec2.Route(
        `${name}-app-default-${i}`,
        { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
        opt,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-app-${i}`,
        { subnetId: appSubnets[i].id, routeTableId: rt.id },
        opt,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-data-${i}`,
        { subnetId: dataSubnets[i].id, routeTableId: dataRt.id },
        opt,
      );
      return rt;
    });

    // Gateway endpoints are free and keep catalog (DynamoDB) and asset (S3) traffic off the NAT.
    const region = aws.getRegionOutput({}, opt).region;
    for (const service of ["s3", "dynamodb"]) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}`,
        {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Gateway",
          routeTableIds: [...appRts.map((rt) => rt.id), dataRt.id],
        },
        opt,
      );
    }

    const endpointSg = new aws.ec2.SecurityGroup(
      `${name}-endpoints`,
      {
        vpcId: vpc.id,
        description: "HTTPS from inside the VPC to AWS interface endpoints",
        ingress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: [cidrBlock],
            description: "VPC to endpoints",
          },
        ],
        egress: [
          {
            protocol: "-1",
            fromPort: 0,
            toPort: 0,
            cidrBlocks: ["0.0.0.0/0"],
            description: "responses",
          },
        ],
      },
      opt,
    );
    for (const service of a.interfaceEndpointAzs > 0 ? a.interfaceEndpoints : []) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service.replace(/\./g, "-")}`,
        {
          vpcId: vpc.id,
          serviceName: pulumi.interpolate`com.amazonaws.${region}.${service}`,
          vpcEndpointType: "Interface",
          privateDnsEnabled: true,
          subnetIds: appSubnets.slice(0, a.interfaceEndpointAzs).map((s) => s.id),
          securityGroupIds: [endpointSg.id],
        },
        opt,
      );
    }

    this.vpcId = vpc.id;
    this.cidrBlock = cidrBlock;
    this.availabilityZones = azs;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.appSubnetIds = appSubnets.map((s) => s.id);
    this.dataSubnetIds = dataSubnets.map((s) => s.id);
    this.appRouteTableIds = appRts.map((rt) => rt.id);
    this.dataRouteTableId = dataRt.id;
    this.endpointSecurityGroupId = endpointSg.id;
    this.registerOutputs({
      vpcId: this.vpcId,
      publicSubnetIds: this.publicSubnetIds,
      appSubnetIds: this.appSubnetIds,
      dataSubnetIds: this.dataSubnetIds,
    });
  }
}
