// nat-gateway-per-az over the program's own plans: what the tiers plan passes, and each broken shape names itself.
import assert from "node:assert/strict";
import { plan, StackPlan } from "../../scripts/plan/planStack";
import { PlannedResource } from "../offline";
import { natGatewayPerAz } from "../rules/egress";
import { T } from "../rules/common";
import { planContext, runStackRule } from "./helpers";

const run = (s: StackPlan, resources: PlannedResource[] = s.resources) =>
  runStackRule(natGatewayPerAz, resources, planContext(s)).map((r) => r.message);
/** The stack without its NAT gateways in these AZ indexes (the gateways are named `<net>-nat-<i>`). */
const withoutNat = (s: StackPlan, ...indexes: number[]) =>
  s.resources.filter(
    (r) => !(r.type === T.natGateway && indexes.some((i) => r.name.endsWith(`-nat-${i}`))),
  );

describe("policy-pack nat-gateway-per-az (on the planned stacks)", function () {
  this.timeout(120_000);
  let warm: StackPlan[];
  let pilot: StackPlan[];
  before(async () => {
    warm = (await plan({ tier: "warm-standby" })).stacks;
    pilot = (await plan({ tier: "pilot-light" })).stacks;
  });
  const stackOf = (stacks: StackPlan[], role: string) => stacks.find((s) => s.role === role)!;

  it("passes every stack the tiers plan", () => {
    for (const s of [...warm, ...pilot]) assert.deepEqual(run(s), [], `${s.stack} ${s.tier}`);
  });

  it("names the AZ a serving region's missing gateway leaves without one", () => {
    const primary = stackOf(warm, "primary");
    assert.equal(primary.resources.filter((r) => r.type === T.natGateway).length, 3);
    assert.deepEqual(run(primary, withoutNat(primary, 1)), [
      "NAT gateways must cover every Availability Zone of the stack's subnets (none in us-east-1b).",
    ]);
    // Warm standby's recovery region keeps one per AZ too (TierProfile: per-az).
    const recovery = stackOf(warm, "recovery");
    assert.deepEqual(run(recovery, withoutNat(recovery, 0, 2)), [
      "NAT gateways must cover every Availability Zone of the stack's subnets (none in eu-west-1a, eu-west-1c).",
    ]);
  });

  it("lets pilot light's standby idle on its one gateway, never on none", () => {
    const recovery = stackOf(pilot, "recovery");
    assert.equal(recovery.resources.filter((r) => r.type === T.natGateway).length, 1);
    assert.deepEqual(run(recovery, withoutNat(recovery, 0)), [
      "The recovery stack must have at least 1 NAT gateway (it has 0).",
    ]);
    // The same single gateway in the primary is a violation: the standby allowance is the recovery role's only.
    const primary = stackOf(pilot, "primary");
    assert.deepEqual(run(primary, withoutNat(primary, 1, 2)), [
      "NAT gateways must cover every Availability Zone of the stack's subnets (none in us-east-1b, us-east-1c).",
    ]);
  });
});
