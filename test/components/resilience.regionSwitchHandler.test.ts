/**
 * The Region Switch plan's custom-action Lambda, run step by step against the same fake AWS as the runbook
 * (test/failover/fakeAws.ts, on aws-sdk-client-mock), so the plan's Lambda and `npm run failover` are held to one
 * stand-in: same calls, same regions, same effect on the switch object and the dials.
 */
import { strict as assert } from "assert";
import { ENV } from "../../components/resilience/regionSwitchActions/config";
import {
  defaultClients,
  makeHandler,
} from "../../components/resilience/regionSwitchActions/handler";
import { DrTier } from "../../components/tiers/tierProfile";
import { EU, stackOutputs, US, World } from "../failover/fakeAws";

type Action = "activate" | "deactivate";

/** The environment RegionSwitchActions gives the function in `region` (from both stacks' outputs). */
function envFor(
  tier: DrTier,
  region: string,
  action: Action,
  steps: string[],
): Record<string, string> {
  const outputs = stackOutputs(tier);
  const primary = outputs["prod-us-east-1"] as Record<string, any>;
  const targets = Object.fromEntries(
    Object.values(outputs).map((o: any) => [
      o.region,
      { albArn: o.albArn, ecsClusterArn: o.ecsClusterArn, dbClusterArn: o.dbClusterArn },
    ]),
  );
  const env: Record<string, string> = {
    AWS_REGION: region,
    [ENV.action]: action,
    [ENV.approach]: tier === "active-active" ? "activeActive" : "activePassive",
    [ENV.primaryRegion]: US,
    [ENV.peerRegion]: region === US ? EU : US,
    [ENV.domainName]: primary.domainName,
    [ENV.steps]: steps.join(","),
    [ENV.targets]: JSON.stringify(targets),
    [ENV.globalClusterId]: primary.globalClusterId,
    [ENV.regionRoleMode]: tier === "active-active" ? "primary" : "auto",
    [ENV.databaseFailoverMinAcu]: "8",
  };
  if (primary.routingSwitchBucket) {
    env[ENV.switchBucket] = primary.routingSwitchBucket;
    env[ENV.switchKey] = primary.routingSwitchKey;
    env[ENV.switchRegion] = primary.routingSwitchRegion;
  }
  if (primary.acceleratorListenerArn)
    env[ENV.acceleratorListenerArn] = primary.acceleratorListenerArn;
  return env;
}

const quiet = () => undefined;
const PASSIVE_STEPS = ["check-target-health", "switch-routing", "set-region-role", "verify-health"];
const ACTIVE_STEPS = ["check-target-health", "drain-traffic", "verify-health"];

describe("resilience: the Region Switch custom-action Lambda (handler)", () => {
  let world: World;
  beforeEach(() => {
    world = new World().install();
  });
  afterEach(() => world.restore());

  const lambda = (tier: DrTier, region: string, action: Action, steps: string[]) =>
    makeHandler({
      env: envFor(tier, region, action, steps),
      clients: defaultClients(),
      httpGet: world.httpGet(tier),
      log: quiet,
    });

  it("warm standby, failover with us-east-1 down for the whole run: only eu-west-1, S3 there and the shop are called", async () => {
    world.down.add(US);
    const fn = lambda("warm-standby", EU, "activate", PASSIVE_STEPS);
    const health = await fn({ StepName: "check-target-health" });
    assert.deepEqual([health.to, health.from, health.direction], [EU, US, "failover"]);

    const flip = await fn({ StepName: "switch-routing" });
    assert.equal(world.switchBody, "primary=off");
    assert.match(flip.detail, /primary=off/);
    // A retried attempt finds the switch flipped and writes nothing.
    const writes = world.writes().length;
    assert.match((await fn({ StepName: "switch-routing" })).detail, /already says primary=off/);
    assert.equal(world.writes().length, writes);

    // ARC promoted the database in between (its Aurora block); until then set-region-role's attempt fails, and ARC retries.
    await assert.rejects(
      fn({ StepName: "set-region-role" }),
      /region eu-west-1, role recovery; waiting for eu-west-1 as primary/,
    );
    world.writer = EU;
    await fn({ StepName: "set-region-role" });
    assert.match((await fn({ StepName: "verify-health" })).detail, /ok from eu-west-1/);

    assert.deepEqual(world.calls, [
      "elbv2@eu-west-1 DescribeLoadBalancers",
      "ecs@eu-west-1 DescribeClusters",
      "rds@eu-west-1 DescribeDBClusters",
      "s3@eu-west-1 GetObject",
      "s3@eu-west-1 PutObject",
      "s3@eu-west-1 GetObject",
      "GET /topology",
      "GET /topology",
      "GET /health/deep",
    ]);
  });

  it("scale-database: one attempt raises the Serverless v2 floor and fails; ARC's retry finds it available there", async () => {
    world.modifyingPolls = 2;
    const fn = lambda("pilot-light", EU, "activate", ["scale-database"]);
    await assert.rejects(fn({ StepName: "scale-database" }), /floor 0.5 → 8 ACUs requested/);
    assert.deepEqual(world.dbScaling[EU], { min: 8, max: 16 });
    assert.deepEqual(world.writes(), ["rds@eu-west-1 ModifyDBCluster"]);
    await assert.rejects(fn({ StepName: "scale-database" }), /is modifying at 8 ACUs/);
    assert.match((await fn({ StepName: "scale-database" })).detail, /at 8–16 ACUs/);
    assert.equal(world.writes().length, 1, "a retry writes nothing");
    // A failback's target (us-east-1) is provisioned: nothing to raise.
    const back = lambda("pilot-light", US, "activate", ["scale-database"]);
    assert.match(
      (await back({ StepName: "scale-database" })).detail,
      /provisioned: nothing to scale/,
    );
  });

  it("failback from us-east-1: waits for the old primary to re-synchronise, then writes primary=on in eu-west-1", async () => {
    world.writer = EU;
    world.switchBody = "primary=off";
    world.sync[US] = "resynchronizing";
    const fn = lambda("pilot-light", US, "activate", PASSIVE_STEPS);
    await assert.rejects(
      fn({ StepName: "check-target-health" }),
      /global cluster orders-global member .* is resynchronizing/,
    );
    world.sync[US] = "connected";
    const ok = await fn({ StepName: "check-target-health" });
    assert.deepEqual([ok.to, ok.from, ok.direction], [US, EU, "failback"]);
    await fn({ StepName: "switch-routing" });
    assert.equal(world.switchBody, "primary=on");
    assert.ok(
      world.calls.includes("s3@eu-west-1 PutObject"),
      "the switch lives in the recovery region, whoever writes it",
    );
  });

  it("active-active: a deactivation dials the leaving region to 0; an activation brings both back to 100", async () => {
    const out = lambda("active-active", US, "deactivate", ACTIVE_STEPS);
    const checked = await out({ StepName: "check-target-health" });
    assert.deepEqual([checked.to, checked.from, checked.direction], [EU, US, "failover"]);
    await out({ StepName: "drain-traffic" });
    assert.deepEqual(world.dials, { [US]: 0, [EU]: 100 });
    assert.match((await out({ StepName: "verify-health" })).detail, /from eu-west-1/);

    const back = lambda("active-active", US, "activate", ACTIVE_STEPS);
    await back({ StepName: "drain-traffic" });
    assert.deepEqual(world.dials, { [US]: 100, [EU]: 100 });
    // Both serve after a return: an answer from either region is healthy.
    assert.match(
      (await back({ StepName: "verify-health" })).detail,
      /ok from (us-east-1|eu-west-1)/,
    );
    assert.ok(
      world.calls.every((c) => !/route53/i.test(c)),
      "never Route 53's API",
    );
  });

  it("a failing check names every problem, and a step the function does not run is refused", async () => {
    world.regions[EU].albState = "provisioning";
    world.regions[EU].dbStatus = "backing-up";
    const fn = lambda("warm-standby", EU, "activate", PASSIVE_STEPS);
    await assert.rejects(
      fn({ StepName: "check-target-health" }),
      /target region eu-west-1 is not healthy: ALB .* is provisioning; DB cluster .* is backing-up$/,
    );
    await assert.rejects(
      fn({ StepName: "drain-traffic" }),
      /step drain-traffic is not one this function runs/,
    );
    await assert.rejects(fn({}), /step undefined is not one this function runs/);
  });

  it("REGION_ROLE=primary: set-region-role has nothing to verify and makes no call", async () => {
    const env = {
      ...envFor("warm-standby", EU, "activate", PASSIVE_STEPS),
      [ENV.regionRoleMode]: "primary",
    };
    const fn = makeHandler({ env, httpGet: world.httpGet("warm-standby"), log: quiet });
    assert.match((await fn({ StepName: "set-region-role" })).detail, /no-op: REGION_ROLE=primary/);
    assert.deepEqual(world.calls, []);
  });

  it("a misconfigured function says which variables are wrong", async () => {
    const fn = makeHandler({
      env: { AWS_REGION: EU, [ENV.action]: "sideways", [ENV.steps]: "reboot" },
    });
    await assert.rejects(fn({ StepName: "verify-health" }), (e: Error) =>
      [
        "SWITCH_ACTION must be activate or deactivate",
        "RECOVERY_APPROACH is not set",
        "ACTION_STEPS has unknown step(s) reboot",
        "DOMAIN_NAME is not set",
      ].every((m) => e.message.includes(m)),
    );
  });
});
