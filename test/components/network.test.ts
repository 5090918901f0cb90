import { strict as assert } from "assert";
import {
  DEFAULT_INTERFACE_ENDPOINTS,
  Network,
  NetworkArgs,
  resolveNetworkArgs,
} from "../../components/network/network";
import { record, ofType, countByType, onlyOf } from "../support/harness";

describe("network: Network", () => {
  it("spans three AZs with public, app and data subnets and one NAT per AZ", async () => {
    const resources = await record(
      () => {
        new Network("net", {
          cidrBlock: "10.1.0.0/16",
          availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        });
      },
      { region: "eu-west-1" },
    );

    const subnets = ofType(resources, "aws:ec2/subnet:Subnet");
    assert.deepEqual(
      subnets.map((s) => [s.name, s.inputs.availabilityZone, s.inputs.cidrBlock]),
      [
        ["net-public-0", "eu-west-1a", "10.1.0.0/20"],
        ["net-public-1", "eu-west-1b", "10.1.16.0/20"],
        ["net-public-2", "eu-west-1c", "10.1.32.0/20"],
        ["net-app-0", "eu-west-1a", "10.1.64.0/20"],
        ["net-app-1", "eu-west-1b", "10.1.80.0/20"],
        ["net-app-2", "eu-west-1c", "10.1.96.0/20"],
        ["net-data-0", "eu-west-1a", "10.1.128.0/20"],
        ["net-data-1", "eu-west-1b", "10.1.144.0/20"],
        ["net-data-2", "eu-west-1c", "10.1.160.0/20"],
      ],
    );
    const counts = countByType(resources);
    assert.equal(counts["aws:ec2/natGateway:NatGateway"], 3);
    assert.equal(counts["aws:ec2/eip:Eip"], 3);
    assert.equal(onlyOf(resources, "aws:ec2/vpc:Vpc").inputs.cidrBlock, "10.1.0.0/16");

    // The stack's tags (project, dr-role) come from the provider's defaultTags; only the resource's own remain.
    for (const r of resources.filter((r) => r.type !== "securecart:network:Network")) {
      assert.equal(r.inputs.tags?.project, undefined, `${r.type} ${r.name}`);
      assert.equal(r.inputs.tags?.["dr-role"], undefined, `${r.type} ${r.name}`);
    }
    assert.deepEqual(onlyOf(resources, "aws:ec2/vpc:Vpc").inputs.tags, { Name: "net-vpc" });
    assert.deepEqual(subnets[3].inputs.tags, { Name: "net-app-eu-west-1a", tier: "app" });
    assert.deepEqual(ofType(resources, "aws:ec2/natGateway:NatGateway")[0].inputs.tags, {
      Name: "net-nat-eu-west-1a",
    });
    assert.equal(
      onlyOf(resources, "aws:ec2/internetGateway:InternetGateway").inputs.tags,
      undefined,
    );

    // Each app subnet's default route leaves through the NAT of its own AZ.
    const natRoutes = ofType(resources, "aws:ec2/route:Route").filter((r) =>
      r.name.startsWith("net-app-default"),
    );
    assert.equal(natRoutes.length, 3);
    for (const route of natRoutes) {
      const i = route.name.split("-").pop();
      assert.deepEqual(route.propertyDependencies.natGatewayId, [
        resources.find(
          (r) => r.name === `net-nat-${i}` && r.type === "aws:ec2/natGateway:NatGateway",
        )!.urn,
      ]);
    }

    const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint");
    assert.deepEqual(
      endpoints
        .filter((e) => e.inputs.vpcEndpointType === "Gateway")
        .map((e) => e.inputs.serviceName),
      ["com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.dynamodb"],
    );
    assert.ok(
      endpoints.some(
        (e) =>
          e.inputs.serviceName === "com.amazonaws.eu-west-1.ecr.dkr" &&
          e.inputs.privateDnsEnabled === true,
      ),
    );
  });

  it("runs fewer NAT gateways and endpoint AZs when told: other AZs route to the first AZ's NAT", async () => {
    const resources = await record(
      () => {
        new Network("net", {
          cidrBlock: "10.1.0.0/16",
          availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
          natGateways: 1,
          interfaceEndpointAzs: 2,
        });
      },
      { region: "eu-west-1" },
    );
    const counts = countByType(resources);
    // The subnets and route tables still span all three AZs; only the paid per-AZ items shrink.
    assert.equal(counts["aws:ec2/subnet:Subnet"], 9);
    assert.deepEqual(
      ofType(resources, "aws:ec2/natGateway:NatGateway").map((n) => n.name),
      ["net-nat-0"],
    );
    assert.deepEqual(
      ofType(resources, "aws:ec2/eip:Eip").map((n) => n.name),
      ["net-nat-0"],
    );
    const nat = onlyOf(resources, "aws:ec2/natGateway:NatGateway");
    const publicSubnet = resources.find(
      (r) => r.name === "net-public-0" && r.type === "aws:ec2/subnet:Subnet",
    )!;
    assert.deepEqual(nat.propertyDependencies.subnetId, [publicSubnet.urn]);
    const natRoutes = ofType(resources, "aws:ec2/route:Route").filter((r) =>
      r.name.startsWith("net-app-default"),
    );
    assert.deepEqual(
      natRoutes.map((r) => r.propertyDependencies.natGatewayId),
      [[nat.urn], [nat.urn], [nat.urn]],
    );
    const subnetUrn = (n: string) =>
      resources.find((r) => r.name === n && r.type === "aws:ec2/subnet:Subnet")!.urn;
    const appSubnets = ["net-app-0", "net-app-1"].map(subnetUrn);
    const interfaces = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
      (e) => e.inputs.vpcEndpointType === "Interface",
    );
    assert.equal(interfaces.length, 4);
    for (const e of interfaces) {
      assert.equal(e.inputs.subnetIds.length, 2, e.name);
      assert.deepEqual(e.propertyDependencies.subnetIds, appSubnets, e.name);
    }
  });

  it("creates no interface endpoint for 0 endpoint AZs, and keeps the free gateway endpoints", async () => {
    const resources = await record(
      () => {
        new Network("net", {
          availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
          natGateways: 1,
          interfaceEndpointAzs: 0,
        });
      },
      { region: "eu-west-1" },
    );
    const endpoints = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint");
    assert.deepEqual(
      endpoints.map((e) => e.inputs.vpcEndpointType),
      ["Gateway", "Gateway"],
    );
  });

  it("resolves every default once", () => {
    const availabilityZones = ["a", "b", "c"];
    assert.deepEqual(resolveNetworkArgs({ availabilityZones }), {
      args: {
        availabilityZones,
        cidrBlock: "10.0.0.0/16",
        interfaceEndpoints: DEFAULT_INTERFACE_ENDPOINTS,
        natGateways: 3,
        interfaceEndpointAzs: 3,
      },
      errors: [],
    });
    assert.deepEqual(DEFAULT_INTERFACE_ENDPOINTS, ["ecr.api", "ecr.dkr", "logs", "secretsmanager"]);
  });

  it("refuses per-AZ counts outside their range, naming the property", () => {
    const availabilityZones = ["a", "b", "c"];
    const validateNetworkCounts = (args: NetworkArgs) => resolveNetworkArgs(args).errors;
    assert.deepEqual(
      validateNetworkCounts({ availabilityZones, natGateways: 3, interfaceEndpointAzs: 0 }),
      [],
    );
    assert.deepEqual(
      validateNetworkCounts({ availabilityZones, natGateways: 0, interfaceEndpointAzs: 4 }),
      [
        "natGateways must be a whole number from 1 to the 3 availabilityZones (got 0)",
        "interfaceEndpointAzs must be a whole number from 0 to the 3 availabilityZones (got 4)",
      ],
    );
    assert.deepEqual(validateNetworkCounts({ availabilityZones, natGateways: 1.5 }), [
      "natGateways must be a whole number from 1 to the 3 availabilityZones (got 1.5)",
    ]);
  });

  it("refuses a single AZ, naming the property", async () => {
    await assert.rejects(
      record(() => {
        new Network("net", { availabilityZones: ["us-east-1a"] });
      }),
      /Network net: availabilityZones must hold at least 2 zones \(got 1\)/,
    );
  });
});
