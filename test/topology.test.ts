import { strict as assert } from "assert";
import { deployOrder, peerOf, STACKS } from "../stacks/topology";

describe("stacks: topology", () => {
  it("deploys the primary before the recovery stack", () => {
    assert.deepEqual(deployOrder(), ["prod-us-east-1", "prod-eu-west-1"]);
  });

  it("pairs each stack with its peer region", () => {
    assert.equal(peerOf("prod-us-east-1")?.region, "eu-west-1");
    assert.equal(peerOf("prod-eu-west-1")?.region, "us-east-1");
  });

  it("rejects a cycle between stacks", () => {
    const cyclic = [
      { ...STACKS[0], peer: "prod-eu-west-1" },
      STACKS[1],
    ];
    assert.throws(() => deployOrder(cyclic), /cycle: prod-us-east-1 -> prod-eu-west-1 -> prod-us-east-1/);
  });
});
