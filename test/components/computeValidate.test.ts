import { strict as assert } from "assert";
import {
  countProblems,
  elbNameProblems,
  healthCheckPathProblems,
  logRetentionProblems,
  portProblems,
  positiveIntegerProblems,
  subnetProblems,
} from "../../components/compute/validate";

const names = { min: "minCount", desired: "desiredCount", max: "maxCount" };

describe("compute: shared arg checks", () => {
  it("accepts min ≤ desired ≤ max, including an idle 0/0 with room to grow", () => {
    assert.deepEqual(countProblems({ min: 0, desired: 0, max: 6 }, names), []);
    assert.deepEqual(countProblems({ min: 2, desired: 4, max: 4 }, names), []);
  });

  it("reports negative, fractional, inverted and zero-ceiling counts together", () => {
    assert.deepEqual(countProblems({ min: 1.5, desired: 1, max: 0 }, names), [
      "minCount must be a non-negative integer (got 1.5)",
      "maxCount must be at least 1 (got 0); keep it at full size so a failover only raises desiredCount",
      "desiredCount (1) must not exceed maxCount (0)",
      "minCount (1.5) must not exceed desiredCount (1)",
    ]);
  });

  it("checks subnets, health check paths, ports, positive integers and log retention, naming the property", () => {
    assert.deepEqual(subnetProblems(["a", "b"], "subnetIds"), []);
    assert.deepEqual(subnetProblems(undefined, "subnetIds"), [
      "subnetIds must hold at least 2 subnets in different AZs (got 0)",
    ]);
    assert.deepEqual(healthCheckPathProblems("/health/deep", "path"), []);
    for (const bad of ["", "healthz", "/a b", "/x?y=1", "/" + "a".repeat(1024)]) {
      assert.equal(healthCheckPathProblems(bad, "healthCheckPath").length, 1, bad);
    }
    assert.deepEqual(portProblems(65536, "appPort"), [
      "appPort must be a port from 1 to 65535 (got 65536)",
    ]);
    assert.deepEqual(positiveIntegerProblems(0, "x", 0), []);
    assert.deepEqual(positiveIntegerProblems(2.5, "x"), [
      "x must be an integer of at least 1 (got 2.5)",
    ]);
    assert.deepEqual(logRetentionProblems(30, "logRetentionDays"), []);
    assert.equal(logRetentionProblems(0, "logRetentionDays").length, 1);
  });

  it("elbNameProblems: a load balancer or target group name must leave room for Pulumi's suffix within ELB's 32", () => {
    assert.deepEqual(
      elbNameProblems(
        ["securecart-orders-nlb-lb", "securecart-orders-nlb-tg"],
        "securecart-orders-nlb",
      ),
      [],
    );
    assert.deepEqual(elbNameProblems(["securecart-orders-nlb-nlb"], "securecart-orders-nlb"), [
      'name "securecart-orders-nlb" is too long: "securecart-orders-nlb-nlb" plus Pulumi\'s 8-character suffix exceeds ELB\'s 32-character limit',
    ]);
  });
});
