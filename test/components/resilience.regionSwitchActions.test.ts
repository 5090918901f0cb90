import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../components/compute/imageRepository";
import {
  actionsBundle,
  RegionSwitchActions,
  RegionSwitchActionsArgs,
  resolveRegionSwitchActionsArgs,
} from "../../components/resilience";
import { ENV } from "../../components/resilience/regionSwitchActions/config";
import { SWITCH_OFF, SWITCH_ON } from "../../components/traffic/switchStates";
import { countByType, ofType, providerRegion, record } from "../support/harness";

const P = "us-east-1";
const R = "eu-west-1";
const FN = "aws:lambda/function:Function";
const target = (region: string) => ({
  albArn: `arn:aws:elasticloadbalancing:${region}:123456789012:loadbalancer/app/shop/1`,
  ecsClusterArn: `arn:aws:ecs:${region}:123456789012:cluster/shop`,
  dbClusterArn: `arn:aws:rds:${region}:123456789012:cluster:orders`,
});
const LISTENER = "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l";

const passive: RegionSwitchActionsArgs = {
  primaryRegion: P,
  recoveryRegion: R,
  steps: ["check-target-health", "switch-routing", "set-region-role", "verify-health"],
  domainName: "shop.example.com",
  targets: { [P]: target(P), [R]: target(R) },
  globalClusterIdentifier: "orders-global",
  routingSwitch: { bucket: "switch-bucket", key: "routing/primary", region: R },
};

/** Builds the actions with a provider for the primary region, as the recovery stack does. */
const build = (args: RegionSwitchActionsArgs) =>
  record(
    () => {
      const primary = new aws.Provider("primary-region", { region: P });
      new RegionSwitchActions("rsa", { ...args, providers: { [P]: primary } });
    },
    { region: R },
  );

const statements = (resources: Awaited<ReturnType<typeof build>>, region: string) =>
  JSON.parse(
    ofType(resources, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === `rsa-${region}`)!
      .inputs.policy,
  ).Statement;

describe("resilience: RegionSwitchActions (the plan's custom-action Lambdas)", () => {
  it("active/passive: one nodejs22.x function in each region, each acting where it runs", async () => {
    const resources = await build(passive);
    const { "pulumi:providers:aws": _provider, ...counts } = countByType(resources);
    assert.deepEqual(counts, {
      "securecart:resilience:RegionSwitchActions": 1,
      "aws:cloudwatch/logGroup:LogGroup": 2,
      "aws:sqs/queue:Queue": 2,
      "aws:iam/role:Role": 2,
      "aws:iam/rolePolicy:RolePolicy": 2,
      [FN]: 2,
    });
    const fns = ofType(resources, FN);
    assert.deepEqual(fns.map((f) => [f.name, providerRegion(resources, f) ?? R]).sort(), [
      ["rsa-eu-west-1-activate", R],
      ["rsa-us-east-1-activate", P],
    ]);
    for (const f of fns) {
      assert.equal(f.inputs.runtime, "nodejs22.x");
      assert.equal(f.inputs.handler, "index.handler");
      assert.equal(f.inputs.code.assets["index.js"].text, actionsBundle());
      assert.ok(f.inputs.deadLetterConfig.targetArn, "failed asynchronous events are kept");
      const env = f.inputs.environment.variables;
      assert.equal(
        env[ENV.steps],
        "check-target-health,switch-routing,set-region-role,verify-health",
      );
      assert.deepEqual(
        [env[ENV.switchBucket], env[ENV.switchKey], env[ENV.switchRegion]],
        ["switch-bucket", "routing/primary", R],
      );
      assert.deepEqual(JSON.parse(env[ENV.targets]), { [P]: target(P), [R]: target(R) });
      assert.equal(env[ENV.action], "activate");
    }
    // Least privilege: reads only of the region the function activates, the one switch object, its own logs.
    for (const region of [P, R]) {
      const s = statements(resources, region);
      const sid = (id: string) => s.find((x: any) => x.Sid === id);
      const sids = [
        "OwnLogs",
        "DeadLetters",
        "ReadTargetAlb",
        "ReadTargetEcs",
        "ReadTargetDb",
        "ReadGlobalDb",
        "FlipRoutingSwitch",
      ];
      assert.deepEqual(
        s.map((x: any) => x.Sid),
        sids,
      );
      assert.deepEqual(sid("ReadTargetEcs").Resource, [target(region).ecsClusterArn]);
      assert.deepEqual(sid("ReadTargetDb").Resource, [target(region).dbClusterArn]);
      assert.equal(
        sid("ReadGlobalDb").Resource,
        "arn:aws:rds::123456789012:global-cluster:orders-global",
      );
      assert.deepEqual(sid("FlipRoutingSwitch"), {
        Sid: "FlipRoutingSwitch",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: "arn:aws:s3:::switch-bucket/routing/primary",
      });
      assert.equal(
        sid("OwnLogs").Resource,
        `arn:aws:logs:${region}:123456789012:log-group:/securecart/lambda/rsa-${region}:*`,
      );
      const wildcard = s.filter((x: any) => x.Resource === "*").map((x: any) => x.Action);
      // Only the action with no resource-level permission is on *.
      assert.deepEqual(wildcard, ["elasticloadbalancing:DescribeLoadBalancers"]);
    }
  });

  it("active/active: a deactivate and an activate function per region; a deactivation acts on the other region", async () => {
    const resources = await build({
      ...passive,
      approach: "activeActive",
      steps: ["check-target-health", "drain-traffic", "verify-health"],
      routingSwitch: undefined,
      acceleratorListenerArn: LISTENER,
      regionRoleMode: "primary",
    });
    const fns = ofType(resources, FN);
    assert.deepEqual(fns.map((f) => f.name).sort(), [
      "rsa-eu-west-1-activate",
      "rsa-eu-west-1-deactivate",
      "rsa-us-east-1-activate",
      "rsa-us-east-1-deactivate",
    ]);
    const out = fns.find((f) => f.name === "rsa-us-east-1-deactivate")!.inputs.environment
      .variables;
    assert.deepEqual(
      [out[ENV.action], out[ENV.approach], out[ENV.peerRegion], out[ENV.acceleratorListenerArn]],
      ["deactivate", "activeActive", R, LISTENER],
    );
    const s = statements(resources, P);
    const sid = (id: string) => s.find((x: any) => x.Sid === id);
    // us-east-1's functions act on eu-west-1 (deactivating itself) and on us-east-1 (activating itself).
    assert.deepEqual(sid("ReadTargetEcs").Resource, [
      target(R).ecsClusterArn,
      target(P).ecsClusterArn,
    ]);
    assert.equal(sid("ReadDials").Resource, LISTENER);
    assert.equal(sid("SetDials").Resource, `${LISTENER}/endpoint-group/*`);
    assert.equal(sid("FlipRoutingSwitch"), undefined);
  });

  it("bundles the handler into one CommonJS file that needs only the runtime's AWS SDK", () => {
    const code = actionsBundle();
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(required)].sort(), [
      "@aws-sdk/client-ecs",
      "@aws-sdk/client-elastic-load-balancing-v2",
      "@aws-sdk/client-global-accelerator",
      "@aws-sdk/client-rds",
      "@aws-sdk/client-s3",
    ]);
    // The switch words come from the one module the runbook also reads, not a copy.
    assert.ok(
      code.includes(JSON.stringify(SWITCH_ON)) && code.includes(JSON.stringify(SWITCH_OFF)),
    );
    assert.ok(
      !code.includes(REPO_ROOT),
      "no absolute path of this checkout in the code (its hash must not depend on it)",
    );
    // It loads as Lambda would load index.js, exporting the handler.
    const dir = path.join(REPO_ROOT, ".tmp", "region-switch-actions");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, code);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the bundle the way Lambda does
    const mod = require(file);
    assert.equal(typeof mod.handler, "function");
  });

  it("resolves its defaults once", () => {
    const { targets: _targets, ...noTargets } = passive;
    assert.deepEqual(resolveRegionSwitchActionsArgs({ ...noTargets, steps: ["verify-health"] }), {
      args: {
        ...noTargets,
        steps: ["verify-health"],
        providers: {},
        approach: "activePassive",
        targets: {},
        regionRoleMode: "auto",
      },
      errors: [],
    });
  });

  it("tags with its component only: project and dr-role come from the providers", async () => {
    const resources = await build(passive);
    const tagged = resources.filter((r) => r.inputs.tags !== undefined);
    assert.ok(tagged.length > 0);
    for (const r of tagged) assert.deepEqual(r.inputs.tags, { component: "region-switch" }, r.name);
  });

  it("reports every bad arg at once, naming each", () => {
    const { errors } = resolveRegionSwitchActionsArgs({
      ...passive,
      recoveryRegion: P,
      steps: ["check-target-health", "switch-routing", "drain-traffic", "promote-database" as any],
      targets: { [P]: target(P) },
      routingSwitch: undefined,
    });
    assert.deepEqual(errors, [
      `recoveryRegion must differ from primaryRegion (both "${P}")`,
      "steps has step(s) promote-database the Lambda does not run; allowed: " +
        "check-target-health, scale-database, switch-routing, drain-traffic, set-region-role, verify-health",
      "routingSwitch is required by switch-routing",
      "acceleratorListenerArn is required by drain-traffic",
    ]);
    assert.deepEqual(
      resolveRegionSwitchActionsArgs({ ...passive, targets: { [P]: target(P) } }).errors,
      ["targets is required by check-target-health (missing eu-west-1)"],
    );
  });
});
