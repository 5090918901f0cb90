import { strict as assert } from "assert";
import {
  OrderApiNlb,
  OrderApiNlbArgs,
  resolveOrderApiNlbArgs,
} from "../../components/compute/orderApiNlb";
import { countByType, onlyOf, promiseOf, record } from "../support/harness";

const base: OrderApiNlbArgs = {
  vpcId: "vpc-1",
  vpcCidr: "10.0.0.0/16",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
};

describe("compute: OrderApiNlb", () => {
  it("builds an internal cross-zone NLB forwarding TCP to an ip target group, with exactly these children", async () => {
    let targetGroupArn: string | undefined;
    const resources = await record(async () => {
      const nlb = new OrderApiNlb("orders", base);
      targetGroupArn = await promiseOf(nlb.targetGroupArn);
    });
    const component = onlyOf(resources, "securecart:compute:OrderApiNlb");
    assert.ok(resources.filter((r) => r !== component).every((r) => r.parent === component.urn));
    assert.deepEqual(countByType(resources), {
      "securecart:compute:OrderApiNlb": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:lb/loadBalancer:LoadBalancer": 1,
      "aws:lb/targetGroup:TargetGroup": 1,
      "aws:lb/listener:Listener": 1,
    });
    // The stack's tags come from the provider's defaultTags: no child carries tags of its own.
    for (const r of resources.filter((r) => r !== component))
      assert.equal(r.inputs.tags, undefined, `${r.type} ${r.name}`);
    const lb = onlyOf(resources, "aws:lb/loadBalancer:LoadBalancer");
    assert.deepEqual(
      [
        lb.inputs.loadBalancerType,
        lb.inputs.internal,
        lb.inputs.enableCrossZoneLoadBalancing,
        lb.inputs.enableDeletionProtection,
      ],
      ["network", true, true, true],
    );
    assert.deepEqual(lb.inputs.subnets, base.subnetIds);
    const tg = onlyOf(resources, "aws:lb/targetGroup:TargetGroup");
    assert.deepEqual(
      [tg.inputs.targetType, tg.inputs.protocol, tg.inputs.port],
      ["ip", "TCP", 8080],
    );
    assert.deepEqual(
      [tg.inputs.healthCheck.protocol, tg.inputs.healthCheck.path],
      ["HTTP", "/healthz"],
    );
    // Auto-named as "<logical>-<7 chars>": both names fit ELB's 32 characters from a 24-character component name.
    assert.deepEqual(
      resources
        .filter((r) => r.type.startsWith("aws:lb/"))
        .map((r) => r.name)
        .sort(),
      ["orders-lb", "orders-tcp", "orders-tg"],
    );
    assert.equal(
      targetGroupArn,
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-tg",
    );
    const listener = onlyOf(resources, "aws:lb/listener:Listener");
    assert.deepEqual(
      [listener.inputs.protocol, listener.inputs.port, listener.inputs.certificateArn],
      ["TCP", 8080, undefined],
    );
    assert.deepEqual(listener.inputs.defaultActions, [{ type: "forward", targetGroupArn }]);
    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual(
      sg.inputs.ingress.map((r: any) => [r.fromPort, r.cidrBlocks]),
      [[8080, ["10.0.0.0/16"]]],
    );
  });

  it("terminates TLS on 443 with the given certificate and admits the peer region's CIDR", async () => {
    const resources = await record(() => {
      new OrderApiNlb("orders", {
        ...base,
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        allowedCidrBlocks: ["10.0.0.0/16", "10.1.0.0/16"],
      });
    });
    const listener = onlyOf(resources, "aws:lb/listener:Listener");
    assert.equal(listener.name, "orders-tls");
    assert.deepEqual(
      [
        listener.inputs.protocol,
        listener.inputs.port,
        listener.inputs.certificateArn,
        listener.inputs.sslPolicy,
      ],
      [
        "TLS",
        443,
        "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
      ],
    );
    assert.equal(onlyOf(resources, "aws:lb/targetGroup:TargetGroup").inputs.port, 8080);
    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual(
      sg.inputs.ingress.map((r: any) => [r.fromPort, r.cidrBlocks]),
      [[443, ["10.0.0.0/16", "10.1.0.0/16"]]],
    );
  });

  it("resolves every default once", () => {
    assert.deepEqual(resolveOrderApiNlbArgs(base, "orders"), {
      args: {
        ...base,
        allowedCidrBlocks: ["10.0.0.0/16"],
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        appPort: 8080,
        healthCheckPath: "/healthz",
        deletionProtection: true,
      },
      errors: [],
    });
  });

  it("validates every arg at once, naming each", () => {
    const validateOrderApiNlbArgs = (args: OrderApiNlbArgs) =>
      resolveOrderApiNlbArgs(args, "orders").errors;
    assert.deepEqual(
      validateOrderApiNlbArgs({
        ...base,
        subnetIds: ["subnet-a"],
        healthCheckPath: "/health check",
        allowedCidrBlocks: ["0.0.0.0/0", "nope"],
      }),
      [
        "subnetIds must hold at least 2 subnets in different AZs (got 1)",
        'healthCheckPath must be an absolute path such as "/healthz" (got "/health check")',
        'allowedCidrBlocks must not open the internal order API to everyone (got "0.0.0.0/0")',
        'allowedCidrBlocks must hold IPv4 CIDRs (got "nope")',
      ],
    );
    assert.deepEqual(validateOrderApiNlbArgs({ ...base, allowedCidrBlocks: [] }), [
      "allowedCidrBlocks must not be empty",
    ]);
    assert.deepEqual(resolveOrderApiNlbArgs(base, "securecart-recovery-nlb").errors, [
      'name "securecart-recovery-nlb" is too long: "securecart-recovery-nlb-lb" plus Pulumi\'s 8-character suffix exceeds ELB\'s 32-character limit',
      'name "securecart-recovery-nlb" is too long: "securecart-recovery-nlb-tg" plus Pulumi\'s 8-character suffix exceeds ELB\'s 32-character limit',
    ]);
  });

  it("refuses bad args before creating anything", async () => {
    let error: unknown;
    const resources = await record(() => {
      try {
        new OrderApiNlb("orders", { ...base, subnetIds: ["subnet-a"] });
      } catch (e) {
        error = e;
      }
    });
    assert.match(String(error), /OrderApiNlb orders: subnetIds must hold at least 2 subnets/);
    assert.deepEqual(
      resources.map((r) => r.type),
      ["securecart:compute:OrderApiNlb"],
    );
  });
});
