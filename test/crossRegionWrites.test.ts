/**
 * Active-active writes through the Aurora global writer endpoint, so one region's tasks reach the other region's
 * writer across the Transit Gateway peering. On the real program's plans: the network path both ways (security
 * groups and routes) exists where both regions write, and only there.
 */
import { strict as assert } from "assert";
import { DrTier } from "../components/tiers/tierProfile";
import { StackPlan } from "../scripts/plan/planStack";
import { stackOf } from "./support/plans";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const rules = (s: StackPlan, type: string) =>
  s.resources
    .filter((r) => r.type === type && r.inputs.fromPort === 5432)
    .map((r) => [r.name, r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId])
    .sort((a, b) => a[0].localeCompare(b[0]));
const providerOf = (s: StackPlan, name: string) => {
  const r = s.resources.find((x) => x.name === name)!;
  return s.resources.find((p) => r.provider?.startsWith(`${p.urn}::`))?.inputs.region;
};

describe("cross-region writes: the path to the other region's writer", function () {
  this.timeout(180_000);

  it("active-active: each region's tasks may reach the other's writer, and its answers find the way back", async () => {
    const pri = await stackOf("active-active", "primary");
    const rec = await stackOf("active-active", "recovery");
    // Database ingress: own VPC in both; the peer's VPC added by the recovery stack, the primary's rule through
    // the primary-region provider (decision 1).
    assert.deepEqual(rules(pri, INGRESS), [["securecart-orders-db-from-cidr-0", "10.0.0.0/16"]]);
    assert.deepEqual(rules(rec, INGRESS), [
      ["securecart-orders-db-from-cidr-0", "10.1.0.0/16"],
      ["securecart-orders-db-from-cidr-1", "10.0.0.0/16"],
      ["securecart-peer-writes-db", "10.1.0.0/16"],
    ]);
    assert.equal(providerOf(rec, "securecart-peer-writes-db"), "us-east-1");
    // Task egress on 5432: own VPC, and the peer's.
    assert.deepEqual(rules(pri, EGRESS), [
      ["securecart-storefront-tasks-to-aurora", "10.0.0.0/16"],
    ]);
    assert.deepEqual(rules(rec, EGRESS), [
      ["securecart-peer-writes-tasks", "10.1.0.0/16"],
      ["securecart-storefront-tasks-to-aurora", "10.1.0.0/16"],
      ["securecart-storefront-tasks-to-peer-aurora-0", "10.0.0.0/16"],
    ]);
    assert.equal(providerOf(rec, "securecart-peer-writes-tasks"), "us-east-1");
  });

  for (const tier of ["pilot-light", "warm-standby"] as DrTier[]) {
    it(`${tier}: no region writes to the other's database, so neither security group lets it`, async () => {
      const rec = await stackOf(tier, "recovery");
      assert.deepEqual(rules(rec, INGRESS), [["securecart-orders-db-from-cidr-0", "10.1.0.0/16"]]);
      assert.deepEqual(rules(rec, EGRESS), [
        ["securecart-storefront-tasks-to-aurora", "10.1.0.0/16"],
      ]);
    });
  }

  it("every serving tier routes both VPCs' data subnets to the peer through the Transit Gateways", async () => {
    const rec = await stackOf("warm-standby", "recovery");
    const routes = rec.resources.filter(
      (r) => r.type === "aws:ec2/route:Route" && /tgw/.test(r.name),
    );
    const toPrimary = routes.filter((r) => r.inputs.destinationCidrBlock === "10.0.0.0/16");
    const toRecovery = routes.filter((r) => r.inputs.destinationCidrBlock === "10.1.0.0/16");
    // Three app route tables and the data route table on each side.
    assert.equal(toPrimary.length, 4, toPrimary.map((r) => r.name).join(", "));
    assert.equal(toRecovery.length, 4, toRecovery.map((r) => r.name).join(", "));
  });
});
