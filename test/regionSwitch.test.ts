/**
 * The ARC Region Switch plan as the real program plans it: executable as generated. Its steps are the runbook's,
 * its automated steps are Lambdas that exist in both regions, and its routing step moves the same switch the
 * PRIMARY record's health check reads.
 */
import { strict as assert } from "assert";
import { DECISION_GATE, runbookStepsOf } from "../components/resilience";
import { DR_TIERS, TIER_PROFILES } from "../components/tiers/tierProfile";
import { ENV } from "../components/resilience/regionSwitchActions/config";
import { stepsFor } from "../scripts/failover/driver";
import { StackPlan } from "../scripts/plan/planStack";
import { autoNamed, PlannedResource } from "./support/harness";
import { stackOf } from "./support/plans";

const PLAN = "aws:arcregionswitch/plan:Plan";
const FN = "aws:lambda/function:Function";

function regionOf(s: StackPlan, r: PlannedResource): string {
  if (!r.provider) return s.region;
  const urn = r.provider.split("::").slice(0, -1).join("::");
  return s.resources.find((p) => p.urn === urn)?.inputs.region ?? s.region;
}

const byUrn = (s: StackPlan, urn: string | undefined) => s.resources.find((r) => r.urn === urn);
const planOf = (s: StackPlan) => s.resources.find((r) => r.type === PLAN)!;
const blocksOf = (plan: PlannedResource) => plan.inputs.workflows.flatMap((w: any) => w.steps);

describe("the ARC Region Switch plan, as planned", function () {
  this.timeout(180_000);
  const withPlan = DR_TIERS.filter((t) => TIER_PROFILES[t].regionSwitchPlan);

  it("exists for pilot light, warm standby and active-active", () => {
    assert.deepEqual(withPlan, ["pilot-light", "warm-standby", "active-active"]);
  });

  for (const tier of withPlan) {
    describe(tier, () => {
      it("runs the runbook's step list: each workflow's steps are stepsFor(tier, its direction)", async () => {
        const plan = planOf(await stackOf(tier, "recovery"));
        const actual = plan.inputs.workflows.map((w: any) => [
          w.workflowTargetAction,
          runbookStepsOf(w),
        ]);
        const expected =
          plan.inputs.recoveryApproach === "activeActive"
            ? [
                ["deactivate", stepsFor(tier, "failover")],
                ["activate", stepsFor(tier, "failback")],
              ]
            : [["activate", stepsFor(tier, "failover")]];
        assert.deepEqual(
          actual,
          expected.map(([a, s]) => [a, [...s]]),
        );
        // One activate workflow serves both directions only where the runbook's two lists agree.
        if (plan.inputs.recoveryApproach === "activePassive")
          assert.deepEqual(stepsFor(tier, "failback"), stepsFor(tier, "failover"));
      });

      it("has no manual approval but the decision gate, with its reason, where a person decides", async () => {
        const plan = planOf(await stackOf(tier, "recovery"));
        const approvals = blocksOf(plan).filter(
          (s: any) => s.executionBlockType === "ManualApproval",
        );
        const perWorkflow = TIER_PROFILES[tier].decisionRequired ? [DECISION_GATE.name] : [];
        assert.deepEqual(
          approvals.map((s: any) => s.name),
          plan.inputs.workflows.flatMap(() => perWorkflow),
        );
        for (const a of approvals) assert.equal(a.description, DECISION_GATE.reason);
      });

      it("names custom-action Lambdas that exist in both regions, on nodejs22.x, and may invoke only those", async () => {
        const rec = await stackOf(tier, "recovery");
        const fns = rec.resources.filter(
          (r) => r.type === FN && r.name.includes("region-switch-actions"),
        );
        const arnOf = (f: PlannedResource) =>
          autoNamed(`arn:aws:lambda:${regionOf(rec, f)}:123456789012:function:`, f.name);
        const lambdaBlocks = blocksOf(planOf(rec)).filter(
          (s: any) => s.executionBlockType === "CustomActionLambda",
        );
        assert.ok(lambdaBlocks.length > 0);
        for (const b of lambdaBlocks) {
          const named = b.customActionLambdaConfigs[0].lambdas.map((l: any) => l.arn);
          const fnsNamed = named.map((arn: string) => fns.find((f) => arnOf(f).test(arn)));
          assert.ok(
            fnsNamed.every(Boolean),
            `${b.name}: ${named.join(", ")} must be functions of the plan`,
          );
          assert.deepEqual(
            fnsNamed.map((f: PlannedResource) => regionOf(rec, f)),
            ["us-east-1", "eu-west-1"],
          );
          for (const f of fnsNamed) {
            assert.equal(f.inputs.runtime, "nodejs22.x");
            assert.ok(
              f.inputs.environment.variables[ENV.steps].split(",").includes(b.name),
              `${f.name} must run ${b.name}`,
            );
          }
        }
        const exec = rec.resources.find(
          (r) =>
            r.type === "aws:iam/rolePolicy:RolePolicy" &&
            r.name.endsWith("region-switch-execution"),
        )!;
        const invoke = JSON.parse(exec.inputs.policy).Statement.find(
          (s: any) => s.Sid === "RunCustomActions",
        );
        // Exactly the plan's functions: one resource per function, each that function's ARN.
        assert.equal(invoke.Resource.length, fns.length);
        for (const f of fns)
          assert.equal(
            invoke.Resource.filter((arn: string) => arnOf(f).test(arn)).length,
            1,
            f.name,
          );
      });
    });
  }

  for (const tier of ["pilot-light", "warm-standby"] as const) {
    it(`${tier}: switch-routing writes the switch object the PRIMARY record's CALCULATED check reads`, async () => {
      const pri = await stackOf(tier, "primary");
      const rec = await stackOf(tier, "recovery");
      const blocks = blocksOf(planOf(rec));
      const r53 = blocks.filter((s: any) => s.executionBlockType === "Route53HealthCheck");
      assert.equal(r53.length, 0, "no block whose health checks no record carries");
      const routing = blocks.find((s: any) => s.name === "switch-routing");
      assert.equal(routing.executionBlockType, "CustomActionLambda");

      // The PRIMARY record → its CALCULATED gate → the switch check → the bucket, key and region it probes.
      const isPrimaryRecord = (r: PlannedResource) =>
        r.type === "aws:route53/record:Record" &&
        r.inputs.failoverRoutingPolicies?.[0]?.type === "PRIMARY";
      const record = pri.resources.find(isPrimaryRecord)!;
      const gate = byUrn(pri, record.propertyDependencies.healthCheckId?.[0])!;
      assert.equal(gate.inputs.type, "CALCULATED");
      const children = (gate.propertyDependencies.childHealthchecks ?? []).map((u) =>
        byUrn(pri, u)!,
      );
      const switchCheck = children.find(
        (c) => c.inputs.type === "HTTPS_STR_MATCH" && String(c.inputs.fqdn).includes(".s3."),
      )!;
      assert.ok(switchCheck, "the gate has a switch child");
      const probed = { fqdn: switchCheck.inputs.fqdn, path: switchCheck.inputs.resourcePath };

      for (const lambda of routing.customActionLambdaConfigs[0].lambdas) {
        const fn = rec.resources.find(
          (r) =>
            r.type === FN && autoNamed(lambda.arn.replace(/[^:]+$/, ""), r.name).test(lambda.arn),
        )!;
        const env = fn.inputs.environment.variables;
        assert.deepEqual(
          {
            fqdn: `${env[ENV.switchBucket]}.s3.${env[ENV.switchRegion]}.amazonaws.com`,
            path: `/${env[ENV.switchKey]}`,
          },
          probed,
          `${fn.name} must write the object the PRIMARY's switch check reads`,
        );
        assert.deepEqual(
          [env[ENV.switchBucket], env[ENV.switchKey], env[ENV.switchRegion]],
          [
            pri.outputs.routingSwitchBucket,
            pri.outputs.routingSwitchKey,
            pri.outputs.routingSwitchRegion,
          ],
        );
        // The function's role policy is named after its region: `<actions>-<region>`, the function `<actions>-<region>-<action>`.
        const base = fn.name.replace(/-(de)?activate$/, "");
        const policy = rec.resources.find(
          (r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === base,
        )!;
        const flip = JSON.parse(policy.inputs.policy).Statement.find(
          (s: any) => s.Sid === "FlipRoutingSwitch",
        );
        assert.equal(
          flip.Resource,
          `arn:aws:s3:::${pri.outputs.routingSwitchBucket}/${pri.outputs.routingSwitchKey}`,
        );
      }
    });
  }
});
