import { strict as assert } from "assert";
import { deployOrder, peerOf, STACKS, supportedTopology, topologyOf } from "../stacks/topology";

describe("stacks: topology", () => {
  it("deploys the primary before the recovery stack", () => {
    assert.deepEqual(deployOrder(), ["prod-us-east-1", "prod-eu-west-1"]);
  });

  it("pairs each stack with its peer region", () => {
    assert.equal(peerOf("prod-us-east-1")?.region, "eu-west-1");
    assert.equal(peerOf("prod-eu-west-1")?.region, "us-east-1");
  });

  it("rejects a cycle between stacks", () => {
    const cyclic = [{ ...STACKS[0], peer: "prod-eu-west-1" }, STACKS[1]];
    assert.throws(
      () => deployOrder(cyclic),
      /cycle: prod-us-east-1 -> prod-eu-west-1 -> prod-us-east-1/,
    );
  });
});

describe("stacks: the supported shape (one primary, one recovery)", () => {
  it("accepts the checked-in topology and names its two stacks", () => {
    const { primary, recovery } = supportedTopology();
    assert.equal(primary.stack, "prod-us-east-1");
    assert.equal(recovery.stack, "prod-eu-west-1");
    assert.equal(topologyOf("prod-us-east-1").transitGatewayAsn, 64512);
    assert.equal(topologyOf("prod-eu-west-1").transitGatewayAsn, 64513);
    assert.notEqual(
      topologyOf("prod-us-east-1").patchWindow,
      topologyOf("prod-eu-west-1").patchWindow,
    );
  });

  it("fails loudly on a third region, saying what is not supported", () => {
    const third = {
      stack: "prod-ap-southeast-2",
      region: "ap-southeast-2",
      role: "recovery" as const,
      peer: "prod-us-east-1",
      transitGatewayAsn: 64514,
      patchWindow: "cron(0 4 ? * FRI *)",
    };
    assert.throws(
      () => supportedTopology([...STACKS, third]),
      /exactly one recovery stack is supported \(found 2: prod-eu-west-1, prod-ap-southeast-2\).*Adding a region/,
    );
  });

  it("refuses shared per-region facts and a recovery stack that reads the wrong stack", () => {
    const [p, r] = STACKS;
    assert.throws(
      () => supportedTopology([p!, { ...r!, transitGatewayAsn: p!.transitGatewayAsn }]),
      /distinct ASNs \(both 64512\)/,
    );
    assert.throws(
      () => supportedTopology([p!, { ...r!, patchWindow: p!.patchWindow }]),
      /must not share a patch window/,
    );
    assert.throws(
      () => supportedTopology([p!, { ...r!, peer: "prod-x" }]),
      /must have peer prod-us-east-1 \(has prod-x\)/,
    );
    assert.throws(
      () => supportedTopology([r!]),
      /exactly one primary stack is supported \(found 0: none\)/,
    );
  });

  it("names the known stacks for an unknown one", () => {
    assert.throws(
      () => topologyOf("dev"),
      /stack dev is not in stacks\/topology.ts \(known stacks: prod-us-east-1, prod-eu-west-1\)/,
    );
  });
});
