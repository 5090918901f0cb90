/**
 * `securecart:arcRoutingControl` through the real program (DESIGN.md decision 15): what it plans in each tier,
 * how each failover record is gated, what toggling it changes, the outputs the runbook reads, and its cost.
 */
import { strict as assert } from "assert";
import { ConfigError, parseLocalConfig, resolveConfig } from "../components/config";
import { arcRoutingControlUse } from "../components/tiers/compose/site";
import { DrTier, TIER_PROFILES } from "../components/tiers/tierProfile";
import { diffResources } from "../scripts/plan/diff";
import { parseUrn } from "../scripts/plan/engineUrn";
import { PairPlan, plan, StackPlan } from "../scripts/plan/planStack";
import { ARC_PRICE_DATE, ARC_PRICE_SOURCE, FLAT, HOURS_PER_MONTH } from "../scripts/plan/prices";
import { effectiveConfig, parseConfigAssignment } from "../scripts/plan/stackConfig";
import { toRunbookInputs } from "../scripts/failover/inputs";
import { parsePlanArgs } from "../scripts/plan";
import { PrimaryFacts } from "../stacks/outputs";
import type { PlannedResource } from "./support/harness";
import { planTier } from "./support/plans";
import { PRIMARY_FACTS } from "./support/facts";

const HC = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
const ARC = /^aws:route53recoverycontrol\//;
const ON = { "prod-us-east-1": { "securecart:arcRoutingControl": "true" } };

const arcPlans = new Map<DrTier, Promise<PairPlan>>();
function withArc(tier: DrTier): Promise<PairPlan> {
  if (!arcPlans.has(tier)) arcPlans.set(tier, plan({ tier, config: ON }));
  return arcPlans.get(tier)!;
}
const role = (p: PairPlan, r: "primary" | "recovery"): StackPlan =>
  p.stacks.find((s) => s.role === r)!;
const named = (s: StackPlan, name: string, type = HC): PlannedResource => {
  const found = s.resources.filter((r) => r.name === name && r.type === type);
  assert.equal(found.length, 1, `${s.stack}: expected one ${type} ${name}, found ${found.length}`);
  return found[0];
};
const failoverRecord = (s: StackPlan) =>
  s.resources.find((r) => r.type === RECORD && r.inputs.failoverRoutingPolicies)!;

describe("ARC routing control (securecart:arcRoutingControl)", function () {
  // The program warns (pulumi.log.warn) when the key is on in a tier it cannot apply to. The warning is this
  // file's subject, so it is asserted below rather than printed into the test log; any other warning still prints.
  const warnings: string[] = [];
  const consoleWarn = console.warn;
  before(() => {
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
  });
  after(() => {
    console.warn = consoleWarn;
    for (const w of warnings.filter((w) => !/securecart:arcRoutingControl is on, but/.test(w)))
      console.warn(w);
  });

  this.timeout(180_000);

  for (const tier of ["pilot-light", "warm-standby"] as const) {
    it(`${tier}: the primary plans the ARC pieces, and the S3 switch only as the write fence`, async () => {
      const pri = role(await withArc(tier), "primary");
      const arc = pri.resources
        .filter((r) => ARC.test(r.type))
        .map((r) => `${r.type} ${r.name}`)
        .sort();
      assert.deepEqual(arc, [
        "aws:route53recoverycontrol/cluster:Cluster securecart-arc-cluster",
        "aws:route53recoverycontrol/controlPanel:ControlPanel securecart-arc-panel",
        "aws:route53recoverycontrol/routingControl:RoutingControl securecart-arc-eu-west-1",
        "aws:route53recoverycontrol/routingControl:RoutingControl securecart-arc-us-east-1",
        "aws:route53recoverycontrol/safetyRule:SafetyRule securecart-arc-one-on",
      ]);
      const plane = named(pri, "securecart-arc-control-plane", "pulumi:providers:aws");
      assert.equal(plane.inputs.region, "us-west-2");
      for (const r of pri.resources.filter((x) => ARC.test(x.type)))
        assert.ok(r.provider?.startsWith(plane.urn + "::"), r.name);
      assert.deepEqual(
        pri.resources
          .filter((r) => r.type === HC)
          .map((r) => r.name)
          .sort(),
        [
          "securecart-arc-eu-west-1-hc",
          "securecart-arc-gate-hc",
          "securecart-arc-us-east-1-hc",
          "securecart-health-hc",
        ],
      );
      // The switch object stays (the storefronts' write fence) but gates no record: none of its checks exist.
      assert.ok(pri.resources.some((r) => r.type === "securecart:traffic:RoutingSwitch"));
      assert.ok(
        !pri.resources.some((r) => r.type === HC && r.name.startsWith("securecart-routing-")),
      );
      assert.ok(
        pri.resources.every((r) => r.type !== HC || r.inputs.invertHealthcheck === undefined),
        "no check is inverted",
      );
    });

    it(`${tier}: the PRIMARY's gate is [deep, us-east-1 control] checks; the SECONDARY's [deep, eu-west-1 control]`, async () => {
      const pair = await withArc(tier);
      const pri = role(pair, "primary");
      const rec = role(pair, "recovery");
      const priGate = named(pri, "securecart-arc-gate-hc");
      assert.deepEqual(
        [priGate.inputs.type, priGate.inputs.childHealthThreshold],
        ["CALCULATED", 2],
      );
      const controlChecks = pri.outputs.routingControlHealthCheckIds as Record<string, string>;
      assert.deepEqual(priGate.propertyDependencies.childHealthchecks, [
        named(pri, "securecart-health-hc").urn,
        named(pri, "securecart-arc-us-east-1-hc").urn,
      ]);
      assert.deepEqual(priGate.inputs.childHealthchecks, [
        pri.outputs.healthCheckId,
        controlChecks["us-east-1"],
      ]);
      assert.deepEqual(failoverRecord(pri).propertyDependencies.healthCheckId, [priGate.urn]);
      assert.deepEqual(failoverRecord(pri).inputs.failoverRoutingPolicies, [{ type: "PRIMARY" }]);
      const usCheck = named(pri, "securecart-arc-us-east-1-hc");
      assert.equal(usCheck.inputs.type, "RECOVERY_CONTROL");
      const usControl = named(
        pri,
        "securecart-arc-us-east-1",
        "aws:route53recoverycontrol/routingControl:RoutingControl",
      );
      assert.deepEqual(usCheck.propertyDependencies.routingControlArn, [usControl.urn]);

      // The recovery stack gates its own record with the primary's eu-west-1 check, read through the StackReference.
      const recGate = named(rec, "securecart-arc-gate-hc");
      const euCheckId = controlChecks["eu-west-1"];
      assert.deepEqual(recGate.inputs.childHealthchecks, [rec.outputs.healthCheckId, euCheckId]);
      const reference = rec.resources.find((r) => r.type === "pulumi:pulumi:StackReference")!;
      assert.deepEqual(recGate.propertyDependencies.childHealthchecks, [
        named(rec, "securecart-health-hc").urn,
        reference.urn,
      ]);
      assert.deepEqual(recGate.inputs.childHealthThreshold, 2);
      assert.match(euCheckId, /^securecart-arc-eu-west-1-hc-/);
      assert.deepEqual(failoverRecord(rec).propertyDependencies.healthCheckId, [recGate.urn]);
      assert.deepEqual(failoverRecord(rec).inputs.failoverRoutingPolicies, [{ type: "SECONDARY" }]);
      assert.ok(
        !rec.resources.some((r) => ARC.test(r.type)),
        "the recovery stack owns no ARC resource",
      );
    });

    it(`${tier}: toggling the key keeps every record's URN and the fence, and only swaps the gate`, async () => {
      const off = await planTier(tier);
      const on = await withArc(tier);
      for (const r of ["primary", "recovery"] as const) {
        const before = role(off, r).resources;
        const after = role(on, r).resources;
        const urns = (rs: PlannedResource[]) =>
          rs
            .filter((x) => x.type === RECORD)
            .map((x) => x.urn)
            .sort();
        assert.deepEqual(urns(after), urns(before), `${r}: the records keep their identity`);
        const changes = diffResources(before, after).filter((c) => c.op !== "same");
        assert.deepEqual(
          changes.filter((c) => c.op === "replace"),
          [],
          `${r}: nothing is replaced`,
        );
        // The recovery stack's Region Switch plan then sets the controls too (and may flip only those).
        const planUpdates =
          r === "recovery"
            ? [
                ["aws:iam/rolePolicy:RolePolicy", "securecart-region-switch-execution", ["policy"]],
                ["aws:arcregionswitch/plan:Plan", "securecart-region-switch-plan", ["workflows"]],
              ]
            : [];
        assert.deepEqual(
          changes
            .filter((c) => c.op === "update")
            .map((c) => [c.type, parseUrn(c.urn).name, c.keys]),
          [[RECORD, "securecart-dns-a", ["healthCheckId"]], ...planUpdates],
        );
        const touched = changes
          .filter((c) => c.op !== "update")
          .map((c) => `${c.op} ${c.type.split(":").pop()} ${parseUrn(c.urn).name}`);
        const expected =
          r === "primary"
            ? [
                "create ArcRoutingControl securecart-arc",
                "create aws securecart-arc-control-plane",
                "create Cluster securecart-arc-cluster",
                "create ControlPanel securecart-arc-panel",
                "create RoutingControl securecart-arc-us-east-1",
                "create RoutingControl securecart-arc-eu-west-1",
                "create SafetyRule securecart-arc-one-on",
                "create HealthCheck securecart-arc-us-east-1-hc",
                "create HealthCheck securecart-arc-eu-west-1-hc",
                "create HealthGate securecart-arc-gate",
                "create HealthCheck securecart-arc-gate-hc",
                // the S3 switch's two checks go; its bucket and object stay, as the write fence
                "delete HealthCheck securecart-routing-switch",
                "delete HealthCheck securecart-routing-gate",
              ]
            : [
                "create HealthGate securecart-arc-gate",
                "create HealthCheck securecart-arc-gate-hc",
              ];
        assert.deepEqual(touched.sort(), expected.sort());
        assert.ok(!changes.some((c) => c.blocked), `${r}: nothing blocked`);
      }
    });
  }

  it("exports what the runbook and the recovery stack read, only on the stack that owns it", async () => {
    const pair = await withArc("warm-standby");
    const pri = role(pair, "primary").outputs;
    const rec = role(pair, "recovery").outputs;
    assert.equal(pri.arcRoutingControl, true);
    const endpoints = pri.arcClusterEndpoints as { endpoint: string; region: string }[];
    assert.equal(endpoints.length, 5);
    const arns = pri.routingControlArns as Record<string, string>;
    assert.deepEqual(Object.keys(arns), ["us-east-1", "eu-west-1"]);
    assert.deepEqual(Object.keys(pri.routingControlHealthCheckIds as object), [
      "us-east-1",
      "eu-west-1",
    ]);
    assert.equal(
      pri.arcInitialStateCommand,
      `aws route53-recovery-cluster update-routing-control-states --region ${endpoints[0].region} ` +
        `--endpoint-url ${endpoints[0].endpoint} ` +
        `--update-routing-control-state-entries '[{"RoutingControlArn":"${arns["us-east-1"]}","RoutingControlState":"On"},` +
        `{"RoutingControlArn":"${arns["eu-west-1"]}","RoutingControlState":"On"}]'`,
    );
    // The switch object is still exported: the runbook writes it as the write fence.
    assert.match(String(pri.routingSwitchBucket), /^securecart-routing-bucket-[0-9a-f]+$/);
    assert.deepEqual(
      [
        rec.arcRoutingControl,
        rec.arcClusterEndpoints,
        rec.routingControlArns,
        rec.arcInitialStateCommand,
      ],
      [true, [], {}, ""],
    );
    const inputs = toRunbookInputs({ "prod-us-east-1": pri, "prod-eu-west-1": rec }, "plan");
    assert.deepEqual(inputs.routingControl, {
      clusterEndpoints: endpoints,
      routingControlArns: arns,
    });
    assert.equal(inputs.routingSwitch?.key, "routing/primary");
  });

  it("is off by default: the outputs say so, and nothing of ARC is planned", async () => {
    const pair = await planTier("warm-standby");
    const pri = role(pair, "primary");
    const o = pri.outputs;
    assert.deepEqual(
      [
        o.arcRoutingControl,
        o.arcClusterEndpoints,
        o.routingControlArns,
        o.routingControlHealthCheckIds,
        o.arcInitialStateCommand,
      ],
      [false, [], {}, {}, ""],
    );
    assert.ok(
      !pair.stacks.some((s) =>
        s.resources.some((r) => ARC.test(r.type) || r.type === "securecart:traffic:HealthGate"),
      ),
    );
    const inputs = toRunbookInputs(
      { "prod-us-east-1": o, "prod-eu-west-1": role(pair, "recovery").outputs },
      "plan",
    );
    assert.equal(inputs.routingControl, undefined);
  });

  it("costs one cluster-hour all month, billed to the primary that owns it", async () => {
    const off = role(await planTier("warm-standby"), "primary").contract;
    const on = role(await withArc("warm-standby"), "primary").contract;
    assert.equal(FLAT.arcClusterHourly * HOURS_PER_MONTH, 1825);
    // The cluster, two RECOVERY_CONTROL checks and the gate arrive; the S3 switch's two checks go (its bucket stays).
    const primaryDelta =
      1825 +
      2 * FLAT.recoveryControlHealthCheckMonthly +
      FLAT.healthCheckMonthly -
      2 * FLAT.healthCheckMonthly;
    assert.equal(
      Math.round((on.monthlyUsd.primary! - off.monthlyUsd.primary!) * 100) / 100,
      primaryDelta,
    );
    // The recovery region gains its record's gate; the switch bucket that lives there stays, as the fence.
    assert.equal(
      Math.round((on.monthlyUsd.recovery! - off.monthlyUsd.recovery!) * 100) / 100,
      FLAT.healthCheckMonthly,
    );
    assert.ok(
      (on.recoveryCostShare as number) < (off.recoveryCostShare as number),
      "ARC lands in the primary's share",
    );
    assert.equal(
      ARC_PRICE_SOURCE,
      "https://aws.amazon.com/application-recovery-controller/pricing/",
    );
    assert.match(ARC_PRICE_DATE, /^\d{4}-\d{2}-\d{2}$/);
  });

  it("passes the policy pack and the cross-stack pairing", async () => {
    for (const tier of ["pilot-light", "warm-standby"] as const) {
      const pair = await withArc(tier);
      for (const s of pair.stacks)
        assert.deepEqual(
          s.violations.filter((v) => v.level === "mandatory"),
          [],
          `${tier} ${s.stack}`,
        );
      assert.deepEqual(pair.crossStackViolations, [], tier);
    }
  });

  for (const tier of ["active-active", "backup-restore"] as const) {
    it(`${tier}: a no-op with a warning (no failover records to gate)`, async () => {
      const use = arcRoutingControlUse(TIER_PROFILES[tier], true);
      assert.equal(use.enabled, false);
      const why = {
        "active-active": "front door: global-accelerator",
        "backup-restore":
          "its recovery region runs nothing until rebuilt; the S3 switch gates the PRIMARY",
      }[tier];
      assert.equal(
        use.warning,
        `securecart:arcRoutingControl is on, but the ${tier} tier has no pair of running regions for routing controls to gate (${why}): ` +
          "no ARC cluster is created and none is billed",
      );
      const on = await withArc(tier);
      assert.ok(
        warnings.includes(`warning: [runtime] ${use.warning}`),
        `the ${tier} plan warned:\n${warnings.join("\n")}`,
      );
      const off = await planTier(tier);
      for (const r of ["primary", "recovery"] as const) {
        const changes = diffResources(role(off, r).resources, role(on, r).resources).filter(
          (c) => c.op !== "same",
        );
        assert.deepEqual(changes, [], `${tier} ${r}: the key changes nothing`);
      }
      assert.equal(role(on, "primary").outputs.arcRoutingControl, false);
    });
  }

  it("warns only where it was asked for, and is silent off", () => {
    assert.deepEqual(arcRoutingControlUse(TIER_PROFILES["warm-standby"], true), { enabled: true });
    assert.deepEqual(arcRoutingControlUse(TIER_PROFILES["active-active"], false), {
      enabled: false,
    });
  });
});

describe("ARC routing control: config", () => {
  const facts: PrimaryFacts = PRIMARY_FACTS;
  const problemsOf = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ConfigError) return [...e.problems];
      throw e;
    }
    return assert.fail("expected a ConfigError");
  };
  const primary = (over: Record<string, string> = {}) =>
    parseLocalConfig(
      { ...effectiveConfig("prod-us-east-1"), ...over },
      { stack: "prod-us-east-1", expectedRegion: "us-east-1" },
    );
  const recovery = (over: Record<string, string> = {}) =>
    parseLocalConfig(
      { ...effectiveConfig("prod-eu-west-1"), ...over },
      { stack: "prod-eu-west-1", expectedRegion: "eu-west-1" },
    );

  it("defaults to false, from Pulumi.yaml, and reads true", () => {
    assert.equal(effectiveConfig("prod-us-east-1")["securecart:arcRoutingControl"], "false");
    assert.equal(primary().arcRoutingControl, false);
    assert.equal(primary({ "securecart:arcRoutingControl": "true" }).arcRoutingControl, true);
  });

  it("names the key when the value is not a boolean", () => {
    assert.deepEqual(
      problemsOf(() => primary({ "securecart:arcRoutingControl": "yes" })),
      ['securecart:arcRoutingControl must be true or false (got "yes")'],
    );
  });

  it("makes the recovery stack follow its primary, and refuses a true set there alone", () => {
    assert.equal(
      resolveConfig(recovery(), { ...facts, arcRoutingControl: true }).arcRoutingControl,
      true,
    );
    assert.equal(
      resolveConfig(recovery(), facts).arcRoutingControl,
      false,
      "a primary from before the key means off",
    );
    assert.deepEqual(
      problemsOf(() => resolveConfig(recovery({ "securecart:arcRoutingControl": "true" }), facts)),
      [
        "securecart:arcRoutingControl is true here but false on the primary organization/securecart/prod-us-east-1: the primary owns " +
          "the ARC cluster, so set it there " +
          "(pulumi config set securecart:arcRoutingControl true --stack organization/securecart/prod-us-east-1) " +
          "and remove it from this stack file",
      ],
    );
  });

  it("takes --config KEY=VALUE as `pulumi up --config` does, the project namespace by default", () => {
    assert.deepEqual(parseConfigAssignment("arcRoutingControl=true"), [
      "securecart:arcRoutingControl",
      "true",
    ]);
    assert.deepEqual(parseConfigAssignment("aws:region=eu-west-1"), ["aws:region", "eu-west-1"]);
    assert.deepEqual(parseConfigAssignment("note=a=b"), ["securecart:note", "a=b"]);
    assert.equal(parseConfigAssignment("arcRoutingControl"), undefined);
    assert.equal(parseConfigAssignment("=true"), undefined);
    assert.deepEqual(
      parsePlanArgs(["--from", "warm-standby", "--config", "arcRoutingControl=true"]).config,
      {
        "securecart:arcRoutingControl": "true",
      },
    );
    assert.throws(
      () => parsePlanArgs(["--config", "arcRoutingControl"]),
      (e: Error) =>
        e.message ===
        '--config takes KEY=VALUE, such as arcRoutingControl=true (got "arcRoutingControl")',
    );
  });
});
