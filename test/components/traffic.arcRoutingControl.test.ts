import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import {
  ArcRoutingControl,
  ArcRoutingControlArgs,
  HealthGate,
  updateStatesCommand,
  resolveArcRoutingControlArgs,
  resolveHealthGateArgs,
} from "../../components/traffic";
import { countByType, onlyOf, promiseOf, providerRegion, record } from "../support/harness";

const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const CLUSTER = "aws:route53recoverycontrol/cluster:Cluster";
const PANEL = "aws:route53recoverycontrol/controlPanel:ControlPanel";
const CONTROL = "aws:route53recoverycontrol/routingControl:RoutingControl";
const RULE = "aws:route53recoverycontrol/safetyRule:SafetyRule";

describe("traffic: ArcRoutingControl", () => {
  it("builds one cluster, panel and safety rule in us-west-2, and a routing control and RECOVERY_CONTROL check per region", async () => {
    let arc: ArcRoutingControl | undefined;
    const resources = await record(() => {
      const provider = new aws.Provider("arc-plane", { region: "us-west-2" });
      arc = new ArcRoutingControl("arc", {
        controlPlaneProvider: provider,
        regions: ["us-east-1", "eu-west-1"],
      });
    });
    assert.deepEqual(countByType(resources), {
      "pulumi:providers:aws": 1,
      "securecart:traffic:ArcRoutingControl": 1,
      [CLUSTER]: 1,
      [PANEL]: 1,
      [CONTROL]: 2,
      [RULE]: 1,
      [HEALTH_CHECK]: 2,
    });
    for (const r of resources.filter((x) => x.type.startsWith("aws:route53recoverycontrol/"))) {
      assert.equal(
        providerRegion(resources, r),
        "us-west-2",
        `${r.name}: ARC's control plane is only in us-west-2`,
      );
      assert.equal(
        r.parent,
        resources.find((x) => x.type === "securecart:traffic:ArcRoutingControl")!.urn,
      );
    }
    const cluster = onlyOf(resources, CLUSTER);
    // No tags: they would force a replacement of the cluster (scripts/plan/replaceOnChanges.json).
    assert.deepEqual(cluster.inputs, { name: "arc" });
    const panel = onlyOf(resources, PANEL);
    assert.deepEqual(panel.propertyDependencies.clusterArn, [cluster.urn]);
    const byName = (n: string) => resources.find((r) => r.name === n)!;
    const [us, eu] = [byName("arc-us-east-1"), byName("arc-eu-west-1")];
    for (const [c, region] of [
      [us, "us-east-1"],
      [eu, "eu-west-1"],
    ] as const) {
      assert.equal(c.type, CONTROL);
      assert.equal(c.inputs.name, `arc-${region}`);
      assert.deepEqual(
        [c.propertyDependencies.clusterArn, c.propertyDependencies.controlPanelArn],
        [[cluster.urn], [panel.urn]],
      );
    }
    const rule = onlyOf(resources, RULE);
    assert.deepEqual(rule.inputs.ruleConfig, { type: "ATLEAST", threshold: 1, inverted: false });
    assert.equal(rule.inputs.waitPeriodMs, 5000);
    assert.deepEqual(rule.propertyDependencies.assertedControls, [us.urn, eu.urn]);
    assert.deepEqual(rule.propertyDependencies.controlPanelArn, [panel.urn]);
    const cells = [
      [byName("arc-us-east-1-hc"), us, "us-east-1"],
      [byName("arc-eu-west-1-hc"), eu, "eu-west-1"],
    ] as const;
    for (const [check, control, region] of cells) {
      assert.equal(check.type, HEALTH_CHECK);
      assert.equal(check.inputs.type, "RECOVERY_CONTROL");
      assert.deepEqual(check.propertyDependencies.routingControlArn, [control.urn]);
      assert.match(
        check.inputs.routingControlArn,
        /^arn:aws:route53-recovery-control::\d{12}:controlpanel\/\w+\/routingcontrol\/\w+$/,
      );
      assert.equal(check.inputs.invertHealthcheck, undefined, "a health check is never inverted");
      assert.equal(
        providerRegion(resources, check),
        undefined,
        "Route 53 is global: the stack's own provider",
      );
      // project and dr-role come from the providers' defaultTags.
      assert.deepEqual(check.inputs.tags, { Name: `arc-${region}` });
    }

    const endpoints = await promiseOf(arc!.clusterEndpoints);
    assert.equal(endpoints.length, 5);
    for (const e of endpoints) {
      assert.match(
        e.endpoint,
        new RegExp(
          `^https://[0-9a-f]+\\.route53-recovery-cluster\\.${e.region}\\.amazonaws\\.com/v1$`,
        ),
      );
    }
    const arns = await promiseOf(arc!.routingControlArns);
    assert.deepEqual(Object.keys(arns), ["us-east-1", "eu-west-1"]);
    assert.deepEqual(Object.values(arns), [
      cells[0][0].inputs.routingControlArn,
      cells[1][0].inputs.routingControlArn,
    ]);
    assert.deepEqual(
      rule.inputs.assertedControls,
      Object.values(arns),
      "the rule asserts both controls",
    );
    const ids = await promiseOf(arc!.healthCheckIdsByRegion);
    assert.deepEqual(Object.keys(ids), ["us-east-1", "eu-west-1"]);
    assert.match(ids["eu-west-1"], /^arc-eu-west-1-hc-/);
    assert.equal(await promiseOf(arc!.healthCheckIds["us-east-1"]), ids["us-east-1"]);
    // Both On, through the first data-plane endpoint: the steady state the records need after the first deploy.
    assert.equal(
      await promiseOf(arc!.initialStateCommand),
      updateStatesCommand(endpoints[0], Object.values(arns), "On"),
    );
  });

  it("resolves its defaults once", () => {
    const required = {
      controlPlaneProvider: {} as aws.Provider,
      regions: ["us-east-1", "eu-west-1"],
    };
    assert.deepEqual(resolveArcRoutingControlArgs(required), {
      args: { ...required, waitPeriodMs: 5000 },
      errors: [],
    });
  });

  it("validates the cells and the wait period, naming each property", () => {
    const errors = (args: Omit<ArcRoutingControlArgs, "controlPlaneProvider">) =>
      resolveArcRoutingControlArgs({ controlPlaneProvider: {} as aws.Provider, ...args }).errors;
    assert.deepEqual(errors({ regions: ["us-east-1", "us-east-1"], waitPeriodMs: -1 }), [
      'regions must list at least 2 distinct regions, one per cell (got ["us-east-1","us-east-1"])',
      "waitPeriodMs must be a whole number of milliseconds, 0 or more (got -1)",
    ]);
    assert.deepEqual(errors({ regions: ["us-east-1", "eu west"] }), [
      'regions must be AWS regions such as eu-west-1 (got "eu west")',
    ]);
    assert.deepEqual(errors({ regions: ["us-east-1", "eu-west-1"] }), []);
  });

  it("writes the data-plane command the AWS CLI takes, signed for the endpoint's own region", () => {
    const endpoint = {
      endpoint: "https://abc.route53-recovery-cluster.eu-west-1.amazonaws.com/v1",
      region: "eu-west-1",
    };
    const cmd = updateStatesCommand(endpoint, ["arn:a", "arn:b"], "On");
    assert.equal(
      cmd,
      "aws route53-recovery-cluster update-routing-control-states --region eu-west-1 " +
        "--endpoint-url https://abc.route53-recovery-cluster.eu-west-1.amazonaws.com/v1 " +
        `--update-routing-control-state-entries '[{"RoutingControlArn":"arn:a","RoutingControlState":"On"},` +
        `{"RoutingControlArn":"arn:b","RoutingControlState":"On"}]'`,
    );
  });
});

describe("traffic: HealthGate", () => {
  it("is one CALCULATED check that needs every child", async () => {
    let gate: HealthGate | undefined;
    const resources = await record(() => {
      gate = new HealthGate("gate", {
        childHealthCheckIds: ["hc-deep", "hc-control"],
      });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:traffic:HealthGate": 1,
      [HEALTH_CHECK]: 1,
    });
    const hc = onlyOf(resources, HEALTH_CHECK);
    assert.equal(hc.name, "gate-hc");
    assert.deepEqual(
      [
        hc.inputs.type,
        hc.inputs.childHealthchecks,
        hc.inputs.childHealthThreshold,
        hc.inputs.invertHealthcheck,
      ],
      ["CALCULATED", ["hc-deep", "hc-control"], 2, undefined],
    );
    // project and dr-role come from the providers' defaultTags.
    assert.deepEqual(hc.inputs.tags, { Name: "gate" });
    assert.match(await promiseOf(gate!.healthCheckId), /^gate-hc-/);
  });

  it("refuses a gate of fewer than two checks", () => {
    assert.deepEqual(resolveHealthGateArgs({ childHealthCheckIds: ["only"] }).errors, [
      "childHealthCheckIds must list 2 to 256 health checks (got 1)",
    ]);
    assert.deepEqual(resolveHealthGateArgs({ childHealthCheckIds: ["a", "b"] }).errors, []);
  });
});
