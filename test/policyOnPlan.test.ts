/**
 * The policy pack over the real program: known-bad variants of the planned resources, written the way a real
 * engineer would get them wrong, must each be caught with the right message.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { crossStackViolations, runPolicies, Violation } from "../policy-pack/offline";
import { StackPlan } from "../scripts/plan/planStack";
import { PlannedResource } from "./support/harness";
import { stackOf } from "./support/plans";

type Mutate = (resources: PlannedResource[]) => void;

/** A deep copy of the stack's resources with one change applied. */
function variant(s: StackPlan, mutate: Mutate): PlannedResource[] {
  const copy: PlannedResource[] = JSON.parse(JSON.stringify(s.resources));
  mutate(copy);
  return copy;
}

function check(s: StackPlan, resources: PlannedResource[]): Violation[] {
  return runPolicies(resources, {
    role: s.role as "primary" | "recovery",
    tier: s.tier,
    region: s.region,
    peerRegion: s.role === "primary" ? "eu-west-1" : "us-east-1",
  });
}

const mandatory = (vs: Violation[]) => vs.filter((v) => v.level === "mandatory");
const find = (
  rs: PlannedResource[],
  type: string,
  pick: (r: PlannedResource) => boolean = () => true,
) => {
  const r = rs.find((x) => x.type === type && pick(x));
  if (!r) throw new Error(`no ${type} in the plan`);
  return r;
};

describe("policies: known-bad variants of the real program", function () {
  this.timeout(180_000);

  it("the unmodified plans are clean (the baseline the variants break)", async () => {
    for (const role of ["primary", "recovery"] as const) {
      const s = await stackOf("warm-standby", role);
      assert.deepEqual(mandatory(check(s, s.resources)), []);
    }
  });

  it("catches a single-AZ Auto Scaling group", async () => {
    const s = await stackOf("warm-standby", "primary");
    const bad = variant(s, (rs) => {
      const asg = find(rs, "aws:autoscaling/group:Group");
      asg.inputs.vpcZoneIdentifiers = asg.inputs.vpcZoneIdentifiers.slice(0, 1);
      asg.propertyDependencies.vpcZoneIdentifiers =
        asg.propertyDependencies.vpcZoneIdentifiers.slice(0, 1);
    });
    const vs = mandatory(check(s, bad));
    assert.deepEqual(
      vs.map((v) => [v.policy, v.message]),
      [
        [
          "autoscaling-group-multi-az",
          "Auto Scaling group vpcZoneIdentifiers must list at least 2 subnets.",
        ],
        ["subnets-span-azs", "Auto Scaling group subnets must span at least 2 Availability Zones."],
      ],
    );
    assert.ok(vs.every((v) => v.resource === find(bad, "aws:autoscaling/group:Group").urn));
  });

  it("catches a backup copy plan without copy actions", async () => {
    const pri = await stackOf("warm-standby", "primary");
    const rec = await stackOf("warm-standby", "recovery");
    const bad = variant(rec, (rs) => {
      for (const plan of rs.filter((r) => r.type === "aws:backup/plan:Plan"))
        for (const rule of plan.inputs.rules) delete rule.copyActions;
    });
    const vs = mandatory(check(rec, bad));
    assert.ok(
      vs.some(
        (v) =>
          v.policy === "backup-plan-copy-action" &&
          /copyActions must copy to a vault in another region\./.test(v.message),
      ),
      JSON.stringify(vs),
    );
    const cross = crossStackViolations(pri.resources, bad, {
      tier: "warm-standby",
      primaryRegion: "us-east-1",
      recoveryRegion: "eu-west-1",
    });
    assert.ok(
      cross.some((v) => v.policy === "cross-stack-backup-copy"),
      JSON.stringify(cross),
    );
  });

  it("catches a failover record without a health check, alone and as a pair", async () => {
    const pri = await stackOf("pilot-light", "primary");
    const rec = await stackOf("pilot-light", "recovery");
    const bad = variant(rec, (rs) => {
      const record = find(rs, "aws:route53/record:Record", (r) =>
        Boolean(r.inputs.failoverRoutingPolicies),
      );
      delete record.inputs.healthCheckId;
      delete record.propertyDependencies.healthCheckId;
      record.inputs.aliases = record.inputs.aliases?.map((a: any) => ({
        ...a,
        evaluateTargetHealth: false,
      }));
    });
    const vs = mandatory(check(rec, bad));
    assert.deepEqual(
      vs.map((v) => [v.policy, v.message]),
      [
        [
          "route53-failover-health-check",
          "Route 53 failover record healthCheckId must be set, or its alias evaluateTargetHealth must be true.",
        ],
      ],
    );
    const cross = crossStackViolations(pri.resources, bad, {
      tier: "pilot-light",
      primaryRegion: "us-east-1",
      recoveryRegion: "eu-west-1",
    });
    assert.ok(
      cross.some((v) => v.policy === "cross-stack-route53-failover"),
      JSON.stringify(cross),
    );
  });

  it("catches a DynamoDB replica without point-in-time recovery", async () => {
    const rec = await stackOf("active-active", "recovery");
    const bad = variant(rec, (rs) => {
      find(rs, "aws:dynamodb/tableReplica:TableReplica").inputs.pointInTimeRecovery = false;
    });
    const vs = mandatory(check(rec, bad));
    assert.equal(vs.length, 1, JSON.stringify(vs));
    assert.match(vs[0].message, /pointInTimeRecovery/);
    assert.equal(vs[0].resource, find(bad, "aws:dynamodb/tableReplica:TableReplica").urn);
  });

  it("catches a recovery region that drops the database replica from a replicated tier", async () => {
    const pri = await stackOf("warm-standby", "primary");
    const rec = await stackOf("warm-standby", "recovery");
    const bad = variant(rec, (rs) => {
      for (let i = rs.length - 1; i >= 0; i--)
        if (rs[i].type.startsWith("aws:rds/")) rs.splice(i, 1);
    });
    assert.ok(
      mandatory(check(rec, bad)).some(
        (v) => v.policy === "dr-tier-shape" && /replicated database/.test(v.message),
      ),
    );
    const cross = crossStackViolations(pri.resources, bad, {
      tier: "warm-standby",
      primaryRegion: "us-east-1",
      recoveryRegion: "eu-west-1",
    });
    assert.ok(
      cross.some((v) => /global|secondary|Aurora|database/i.test(v.message)),
      JSON.stringify(cross),
    );
  });

  it("catches a disabled health check behind the PRIMARY record's calculated gate", async () => {
    const s = await stackOf("pilot-light", "primary");
    const bad = variant(s, (rs) => {
      find(
        rs,
        "aws:route53/healthCheck:HealthCheck",
        (r) => r.name === "securecart-routing-switch",
      ).inputs.disabled = true;
    });
    assert.deepEqual(
      mandatory(check(s, bad)).map((v) => [v.policy, v.message]),
      [["route53-health-check-can-fail", "Route 53 health check disabled must be false."]],
    );
  });

  it("catches an active-active secondary cluster that does not forward writes", async () => {
    const s = await stackOf("active-active", "recovery");
    const bad = variant(s, (rs) => {
      find(rs, "aws:rds/cluster:Cluster").inputs.enableGlobalWriteForwarding = false;
    });
    assert.deepEqual(
      mandatory(check(s, bad)).map((v) => [v.policy, v.message]),
      [
        [
          "rds-global-write-forwarding",
          "RDS cluster enableGlobalWriteForwarding must be true where both regions take writes.",
        ],
      ],
    );
  });

  it("catches active-active target groups too slow for the tier's detection budget", async () => {
    const s = await stackOf("active-active", "primary");
    const bad = variant(s, (rs) => {
      for (const tg of rs.filter((r) => r.type === "aws:lb/targetGroup:TargetGroup"))
        tg.inputs.healthCheck.interval = 30;
    });
    const vs = mandatory(check(s, bad));
    assert.ok(vs.length > 0);
    assert.ok(
      vs.every(
        (v) =>
          v.policy === "lb-target-group-detection-time" &&
          /must be at most 60 seconds/.test(v.message),
      ),
      JSON.stringify(vs),
    );
  });

  it("catches DynamoDB opted out of AWS Backup in the primary region", async () => {
    const s = await stackOf("warm-standby", "primary");
    const bad = variant(s, (rs) => {
      find(
        rs,
        "aws:backup/regionSettings:RegionSettings",
      ).inputs.resourceTypeOptInPreference.DynamoDB = false;
    });
    assert.deepEqual(
      mandatory(check(s, bad)).map((v) => v.policy),
      ["backup-region-settings-opt-in"],
    );
  });

  it("catches a warm standby whose Auto Scaling group cannot grow to the primary's size", async () => {
    const pri = await stackOf("warm-standby", "primary");
    const rec = await stackOf("warm-standby", "recovery");
    const bad = variant(rec, (rs) => {
      find(rs, "aws:autoscaling/group:Group").inputs.maxSize = 2;
    });
    const cross = crossStackViolations(pri.resources, bad, {
      tier: "warm-standby",
      primaryRegion: "us-east-1",
      recoveryRegion: "eu-west-1",
    });
    assert.deepEqual(
      cross.map((v) => [v.policy, v.message]),
      [
        [
          "cross-stack-standby-capacity",
          "Recovery Auto Scaling group maxSize of securecart-ecs-hosts must be at least the primary's 3 (is 2).",
        ],
      ],
    );
  });

  it("`npm run policy` prints a table and exits 1 on a mandatory violation, 0 when clean", () => {
    const root = path.resolve(__dirname, "..");
    const r = spawnSync(
      process.execPath,
      [
        "--stack-trace-limit=0",
        "-r",
        "esbuild-register",
        "scripts/policy.ts",
        "--stack",
        "prod-eu-west-1",
        "--tier",
        "pilot-light",
      ],
      { cwd: root, encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Policy pack securecart-dr on prod-eu-west-1 \(recovery, tier pilot-light\): \d+ resources$/m,
    );
    assert.match(r.stdout, /^no violations$/m);
    const missing = spawnSync(process.execPath, ["-r", "esbuild-register", "scripts/policy.ts"], {
      cwd: root,
      encoding: "utf8",
    });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--stack is required/);
  });
});
