import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { DrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { HttpGet } from "../../scripts/failover/awsDriver";
import { main } from "../../scripts/failover/cli";
import { EU, stackOutputs, tmpDir, US, World, writeOutputs } from "./fakeAws";

interface Run {
  code: number;
  lines: string[];
  text: string;
}

/** Runs the CLI against the fake AWS; no network, no real client call, tiny poll interval. */
async function run(
  world: World,
  tier: DrTier,
  argv: string[],
  opts: {
    dir: string;
    outputs?: Record<string, unknown>;
    stepTimeoutMs?: number;
    httpGet?: HttpGet;
  },
): Promise<Run> {
  const file = writeOutputs(opts.dir, opts.outputs ?? stackOutputs(tier));
  const lines: string[] = [];
  const code = await main(
    [...argv, "--outputs", file, "--state-dir", path.join(opts.dir, ".failover")],
    {
      log: (l) => lines.push(l),
      httpGet: opts.httpGet ?? world.httpGet(tier),
      pollMs: 1,
      cliAvailable: () => false,
      stepTimeoutMs: opts.stepTimeoutMs ?? 5_000,
    },
  );
  return { code, lines, text: lines.join("\n") };
}

const stepLines = (r: Run) => r.lines.filter((l) => /^\d+\. /.test(l));

describe("failover runbook (AWS driver, fake AWS)", function () {
  this.timeout(10_000);
  let world: World;
  let dir: string;
  beforeEach(() => {
    world = new World().install();
    dir = tmpDir();
  });
  afterEach(() => {
    world.restore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const WARM_FAILOVER = [
    // check-target-health: the target region only
    "elbv2@eu-west-1 DescribeLoadBalancers",
    "ecs@eu-west-1 DescribeClusters",
    "rds@eu-west-1 DescribeDBClusters",
    // scale-compute: isDone, then apply (read, write ASG, write service, wait)
    "autoscaling@eu-west-1 DescribeAutoScalingGroups",
    "ecs@eu-west-1 DescribeServices",
    "autoscaling@eu-west-1 DescribeAutoScalingGroups",
    "ecs@eu-west-1 DescribeServices",
    "autoscaling@eu-west-1 UpdateAutoScalingGroup",
    "ecs@eu-west-1 UpdateService",
    "autoscaling@eu-west-1 DescribeAutoScalingGroups",
    "ecs@eu-west-1 DescribeServices",
    // scale-database: isDone, then apply (read, raise the Serverless v2 floor, wait until available at it)
    "rds@eu-west-1 DescribeDBClusters",
    "rds@eu-west-1 DescribeDBClusters",
    "rds@eu-west-1 ModifyDBCluster",
    "rds@eu-west-1 DescribeDBClusters",
    // switch-routing: the switch object in eu-west-1 (S3's data plane), never Route 53's API; it fences too
    "s3@eu-west-1 GetObject",
    "s3@eu-west-1 PutObject",
    // promote-database: the old region obeys the switch (refuses writes), its writer still answers through its
    // own ALB → switchover, through eu-west-1's endpoint
    "rds@eu-west-1 DescribeGlobalClusters",
    "rds@eu-west-1 DescribeGlobalClusters",
    "GET /topology via us-east-1",
    "GET /health/deep via us-east-1",
    "rds@eu-west-1 SwitchoverGlobalCluster",
    "rds@eu-west-1 DescribeGlobalClusters",
    // set-region-role: /topology already says eu-west-1 primary → skipped after one probe
    "GET /topology",
    // verify-health
    "GET /health/deep",
  ];

  for (const tier of ["warm-standby", "pilot-light"] as const) {
    it(`${tier}: fails over in the exact order, touching only the target region's control plane`, async () => {
      if (tier === "pilot-light")
        world.regions[EU] = {
          ...world.regions[EU],
          asg: { min: 0, max: 6, desired: 0, healthy: 0 },
          service: { desired: 0, running: 0 },
        };
      const r = await run(world, tier, ["--to", EU], { dir });
      assert.equal(r.code, 0, r.text);
      assert.deepEqual(world.calls, WARM_FAILOVER);
      // The runbook sets only the desired size (ignored by `pulumi up`); the tier's floor stays as planned.
      assert.deepEqual(world.regions[EU].asg, {
        min: tier === "pilot-light" ? 0 : 1,
        max: 6,
        desired: 3,
        healthy: 3,
      });
      assert.equal(world.writer, EU);
      // The promoted standby's floor is the tier's failover floor, its ceiling unchanged.
      const capacity = TIER_PROFILES[tier].recovery.databaseCapacity;
      assert.deepEqual(world.dbScaling[EU], {
        min: capacity.kind === "serverless-v2" ? capacity.failoverMinAcu : NaN,
        max: 16,
      });
      assert.equal(world.switchBody, "primary=off");
      assert.equal(world.servingRegion(tier), EU, "Route 53 now answers with the SECONDARY");
      assert.ok(
        !world.calls.some((c) => c.includes(`@${US}`)),
        "no call to any us-east-1 endpoint",
      );
    });
  }

  it("warm-standby: fails over with data loss when the old writer's database is down and the lag is within the RPO", async () => {
    world.deepHealthy[US] = false;
    const r = await run(world, "warm-standby", ["--to", EU], { dir });
    assert.equal(r.code, 0, r.text);
    assert.ok(world.calls.includes("cloudwatch@eu-west-1 GetMetricData"));
    assert.ok(world.calls.includes("rds@eu-west-1 FailoverGlobalCluster"));
    assert.ok(!world.calls.includes("rds@eu-west-1 SwitchoverGlobalCluster"));
    assert.match(
      r.text,
      /old writer unreachable; eu-west-1 lags 0.8 s, within the tier's RPO of 60 s: failover/,
    );
  });

  for (const [what, setUp] of [
    ["the lag cannot be read (an API error)", (w: World) => w.failOnce.add("GetMetricData")],
    ["CloudWatch has no lag datapoint", (w: World) => (w.lagMs = undefined)],
    ["the lag is above the RPO", (w: World) => (w.lagMs = 90_000)],
  ] as const) {
    it(`warm-standby: never chooses a data-loss failover when ${what}; --allow-data-loss does`, async () => {
      world.deepHealthy[US] = false;
      setUp(world);
      const r = await run(world, "warm-standby", ["--to", EU], { dir });
      assert.equal(r.code, 1, r.text);
      assert.match(
        r.text,
        /step promote-database failed: the old writer in us-east-1 does not answer, and eu-west-1's replication lag is .*Re-run with --allow-data-loss/,
      );
      assert.ok(
        !world.calls.some((c) => /(Failover|Switchover)GlobalCluster/.test(c)),
        world.calls.join("\n"),
      );
      assert.equal(world.writer, US);
      const forced = await run(world, "warm-standby", ["--to", EU, "--allow-data-loss"], { dir });
      assert.equal(forced.code, 0, forced.text);
      assert.ok(world.calls.includes("rds@eu-west-1 FailoverGlobalCluster"));
    });
  }

  it("an injected error on the old writer's probe never leads to a data-loss failover on its own", async () => {
    // The probe fails (as if us-east-1 were unreachable) while the database is fine, and the lag is unknown.
    world.lagMs = undefined;
    const r = await run(world, "warm-standby", ["--to", EU], {
      dir,
      httpGet: async (url, signal, via) => {
        if (via) throw new Error("injected probe failure");
        return world.httpGet("warm-standby")(url, signal, via);
      },
    });
    assert.equal(r.code, 1, r.text);
    assert.ok(!world.calls.some((c) => /FailoverGlobalCluster/.test(c)));
  });

  for (const tier of ["pilot-light", "warm-standby", "active-active"] as const) {
    it(`${tier}: fails over with us-east-1 (and so Route 53's API) down for the whole run`, async () => {
      if (tier === "pilot-light")
        world.regions[EU] = {
          ...world.regions[EU],
          asg: { min: 0, max: 6, desired: 0, healthy: 0 },
          service: { desired: 0, running: 0 },
        };
      world.down.add(US);
      const r = await run(world, tier, ["--to", EU], { dir });
      assert.equal(r.code, 0, r.text);
      assert.equal(world.writer, EU);
      assert.equal(world.servingRegion(tier), EU);
      // Only the probe of the old writer went to us-east-1 (and failed); no AWS API call did.
      // Three tries of the old region in all (the contract's budget): failover-record tiers read its fence
      // first, which counts as the first try when it does not answer.
      const probes =
        tier === "active-active"
          ? [
              "GET /health/deep via us-east-1",
              "GET /health/deep via us-east-1",
              "GET /health/deep via us-east-1",
            ]
          : [
              "GET /topology via us-east-1",
              "GET /health/deep via us-east-1",
              "GET /health/deep via us-east-1",
            ];
      assert.deepEqual(
        world.calls.filter((c) => c.includes(US)),
        probes,
      );
      assert.ok(world.calls.includes("rds@eu-west-1 FailoverGlobalCluster"));
    });
  }

  it("warm-standby: waits a few polls for the old region to obey the switch, then promotes safely anyway", async () => {
    world.fenceStale.add(US); // its tasks cannot read the switch: they keep writing
    const r = await run(world, "warm-standby", ["--to", EU], { dir });
    assert.equal(r.code, 0, r.text);
    assert.equal(world.calls.filter((c) => c === "GET /topology via us-east-1").length, 3);
    assert.match(r.text, /fence: us-east-1 still takes writes \(read 3 of 3\)/);
    assert.match(
      r.text,
      /fence: us-east-1 still takes writes \(its tasks may not reach the switch\); promoting anyway/,
    );
    // Its writer answers, so the decision is the switchover, which demotes it without losing a write.
    assert.ok(world.calls.includes("rds@eu-west-1 SwitchoverGlobalCluster"));
    assert.ok(!world.calls.includes("rds@eu-west-1 FailoverGlobalCluster"));
  });

  it("warm-standby: set-region-role waits while the new primary's tasks are still fenced, and names why", async () => {
    world.fenceStale.add(EU); // eu-west-1's tasks never see primary=off: they stay fenced
    const r = await run(world, "warm-standby", ["--to", EU], { dir, stepTimeoutMs: 200 });
    assert.equal(r.code, 1, r.text);
    assert.equal(world.writer, EU);
    assert.match(
      r.text,
      /waiting for eu-west-1 tasks to take the primary role: .*eu-west-1 is primary but fenced/,
    );
    assert.match(r.text, /step set-region-role failed: timed out/);
  });

  it("warm-standby: after an unplanned failover, the failback keeps Aurora's snapshot of the lost writes as a manual one", async () => {
    world.down.add(US);
    assert.equal((await run(world, "warm-standby", ["--to", EU], { dir })).code, 0);
    assert.equal(world.writer, EU);
    // us-east-1 comes back; Aurora rebuilds it as a secondary and has kept the snapshot of its old volume.
    world.down.delete(US);
    world.resyncAfterPolls = 2;
    const auto = "rds:unplanned-global-failover-securecart-orders-db-cluster-2026-12-02-01-00";
    assert.deepEqual(
      world.snapshots[US].map((s) => s.id),
      [auto],
    );
    world.calls.length = 0;
    const back = await run(world, "warm-standby", ["--to", EU, "--failback"], { dir });
    assert.equal(back.code, 0, back.text);
    assert.deepEqual(
      world.snapshots[US].map((s) => s.id),
      [auto, "unplanned-global-failover-securecart-orders-db-cluster-2026-12-02-01-00"],
    );
    assert.ok(world.writes().includes("rds@us-east-1 CopyDBClusterSnapshot"));
    assert.match(
      back.text,
      /copied to manual snapshot unplanned-global-failover-securecart-orders-db-cluster-2026-12-02-01-00/,
    );
    assert.equal(world.writer, US);
    // Re-running the failback copies nothing twice.
    world.calls.length = 0;
    assert.equal((await run(world, "warm-standby", ["--to", EU, "--failback"], { dir })).code, 0);
    assert.deepEqual(world.writes(), []);
  });

  it("warm-standby: failback waits for the old primary to re-synchronise, then switches over back", async () => {
    // After the failover: eu-west-1 writes, us-east-1 rejoined and is still catching up.
    world.writer = EU;
    world.sync[US] = "pending-resync";
    world.resyncAfterPolls = 3;
    world.switchBody = "primary=off";
    const r = await run(world, "warm-standby", ["--to", EU, "--failback"], { dir });
    assert.equal(r.code, 0, r.text);
    assert.match(r.lines[0], /failback: warm-standby, eu-west-1 → us-east-1/);
    assert.deepEqual(world.calls, [
      "elbv2@us-east-1 DescribeLoadBalancers",
      "ecs@us-east-1 DescribeClusters",
      "rds@us-east-1 DescribeDBClusters",
      "rds@us-east-1 DescribeGlobalClusters", // pending-resync
      "rds@us-east-1 DescribeGlobalClusters", // pending-resync
      "rds@us-east-1 DescribeGlobalClusters", // connected
      "rds@us-east-1 DescribeDBClusterSnapshots", // no unplanned-failover snapshot to keep after a switchover
      // scale-compute: us-east-1 is already at full size
      "autoscaling@us-east-1 DescribeAutoScalingGroups",
      "ecs@us-east-1 DescribeServices",
      // scale-database: us-east-1's cluster is provisioned, nothing to raise
      "rds@us-east-1 DescribeDBClusters",
      // the same switch, set back on (it lives in eu-west-1, the healthy region of a failback): fences eu-west-1
      "s3@eu-west-1 GetObject",
      "s3@eu-west-1 PutObject",
      "rds@us-east-1 DescribeGlobalClusters",
      "rds@us-east-1 DescribeGlobalClusters",
      "GET /topology via eu-west-1",
      "GET /health/deep via eu-west-1",
      "rds@us-east-1 SwitchoverGlobalCluster",
      "rds@us-east-1 DescribeGlobalClusters",
      "GET /topology",
      "GET /health/deep",
    ]);
    assert.match(
      r.text,
      /waiting for us-east-1 to rejoin as a synchronised secondary: synchronisation pending-resync/,
    );
    assert.equal(world.writer, US);
    assert.equal(world.switchBody, "primary=on");
    assert.equal(world.servingRegion("warm-standby"), US);
  });

  it("active-active: dials the failed region to 0 through us-west-2 and fails the database over", async () => {
    const r = await run(world, "active-active", ["--to", EU], { dir });
    assert.equal(r.code, 0, r.text);
    assert.deepEqual(world.calls, [
      "elbv2@eu-west-1 DescribeLoadBalancers",
      "ecs@eu-west-1 DescribeClusters",
      "rds@eu-west-1 DescribeDBClusters",
      "globalaccelerator@us-west-2 ListEndpointGroups",
      "globalaccelerator@us-west-2 ListEndpointGroups",
      "globalaccelerator@us-west-2 UpdateEndpointGroup",
      "rds@eu-west-1 DescribeGlobalClusters",
      "rds@eu-west-1 DescribeGlobalClusters",
      "GET /health/deep via us-east-1",
      "rds@eu-west-1 SwitchoverGlobalCluster",
      "rds@eu-west-1 DescribeGlobalClusters",
      "GET /health/deep",
    ]);
    assert.deepEqual(world.dials, { [US]: 0, [EU]: 100 });
    assert.equal(world.writer, EU);
    assert.deepEqual(
      stepLines(r).map((l) => l.split(":")[0]),
      ["1. check-target-health", "2. drain-traffic", "3. promote-database", "4. verify-health"],
    );
  });

  it("active-active: GA keeps sending shoppers to a region whose database is dead, until the dial says otherwise", async () => {
    world.deepHealthy[US] = false; // tasks still answer /healthz, so ELB (and so GA) sees us-east-1 healthy
    assert.equal(world.servingRegion("active-active"), US);
    const r = await run(world, "active-active", ["--to", EU], { dir });
    assert.equal(r.code, 0, r.text);
    assert.equal(world.dials[US], 0);
    assert.equal(world.servingRegion("active-active"), EU);
    // The old writer's deep check fails and the lag is within the RPO: the data-loss failover, on evidence.
    assert.ok(world.calls.includes("rds@eu-west-1 FailoverGlobalCluster"));
    assert.equal(world.writer, EU);
  });

  it("active-active: failback moves the writer back first, then restores the 100/100 dials", async () => {
    world.writer = EU;
    world.dials[US] = 0;
    const r = await run(world, "active-active", ["--to", EU, "--failback"], { dir });
    assert.equal(r.code, 0, r.text);
    assert.deepEqual(
      stepLines(r).map((l) => l.split(":")[0]),
      ["1. check-target-health", "2. promote-database", "3. drain-traffic", "4. verify-health"],
    );
    assert.deepEqual(world.writes(), [
      "rds@us-east-1 SwitchoverGlobalCluster",
      "globalaccelerator@us-west-2 UpdateEndpointGroup",
    ]);
    assert.deepEqual(world.dials, { [US]: 100, [EU]: 100 });
    assert.equal(world.writer, US);
  });

  it("pilot-light with ARC routing control: flips it through the data-plane endpoints, not Route 53", async () => {
    world.arc = true;
    world.failOnce.add("GetRoutingControlState"); // the first endpoint is down: the next one answers
    const r = await run(world, "pilot-light", ["--to", EU], {
      dir,
      outputs: stackOutputs("pilot-light", { arc: true }),
    });
    assert.equal(r.code, 0, r.text);
    assert.deepEqual(
      world.calls.filter((c) => c.startsWith("arc@")),
      [
        "arc@us-west-2 GetRoutingControlState",
        "arc@eu-west-1 GetRoutingControlState",
        "arc@us-west-2 GetRoutingControlState",
        "arc@us-west-2 UpdateRoutingControlStates",
      ],
    );
    // The switch object is still written: it is the storefronts' write fence, whatever gates the records.
    assert.deepEqual(
      world.calls.filter((c) => c.startsWith("s3@")),
      ["s3@eu-west-1 GetObject", "s3@eu-west-1 PutObject"],
    );
    assert.equal(world.switchBody, "primary=off");
    assert.deepEqual(world.routing, { "arn:rc/us": "Off", "arn:rc/eu": "On" });
    assert.equal(
      world.servingRegion("pilot-light"),
      EU,
      "the PRIMARY's gate fails with its control Off",
    );
  });

  it("ARC routing control: a failback restores both controls On, so the SECONDARY can take over again", async () => {
    world.arc = true;
    world.writer = EU;
    world.routing = { "arn:rc/us": "Off", "arn:rc/eu": "On" };
    world.switchBody = "primary=off";
    const r = await run(world, "warm-standby", ["--to", EU, "--failback"], {
      dir,
      outputs: stackOutputs("warm-standby", { arc: true }),
    });
    assert.equal(r.code, 0, r.text);
    assert.deepEqual(
      world.writes().filter((w) => w.startsWith("arc@")),
      ["arc@us-west-2 UpdateRoutingControlStates"],
    );
    assert.equal(world.switchBody, "primary=on", "the fence lets us-east-1 write again");
    assert.deepEqual(world.routing, { "arn:rc/us": "On", "arn:rc/eu": "On" });
    assert.equal(world.servingRegion("warm-standby"), US);
    // Steady state again: the primary's deep check failing moves traffic on its own, with no runbook.
    world.deepHealthy[US] = false;
    assert.equal(world.servingRegion("warm-standby"), EU);
  });

  it("backup-restore: with us-east-1 and Route 53's API down throughout, restores, stops for the rebuild, then moves traffic", async () => {
    world.down.add(US);
    const r = await run(world, "backup-restore", ["--to", EU], { dir });
    assert.equal(r.code, 1, r.text);
    assert.deepEqual(world.calls, [
      // isDone: the latest Aurora point (the rebuild's input), then no restore job for the catalog's yet
      "backup@eu-west-1 ListRecoveryPointsByBackupVault",
      "backup@eu-west-1 ListRecoveryPointsByBackupVault",
      "backup@eu-west-1 ListRestoreJobs",
      // apply: the catalog only; the orders database is restored by the rebuild's pulumi up
      "backup@eu-west-1 ListRecoveryPointsByBackupVault",
      "backup@eu-west-1 ListRecoveryPointsByBackupVault",
      "backup@eu-west-1 ListRestoreJobs",
      "backup@eu-west-1 GetRecoveryPointRestoreMetadata",
      "backup@eu-west-1 StartRestoreJob",
      "backup@eu-west-1 DescribeRestoreJob",
      "backup@eu-west-1 DescribeRestoreJob",
    ]);
    assert.deepEqual(
      world.restoreJobs.map((j) => [j.ResourceType, j.RecoveryPointArn, (j as any).metadata]),
      [
        [
          "DynamoDB",
          "arn:aws:backup:eu-west-1:123456789012:recovery-point:DynamoDB-new",
          { Engine: "aurora-postgresql", targetTableName: "catalog" },
        ],
      ],
    );
    const snapshot = "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-new";
    assert.match(r.text, /step check-target-health failed: eu-west-1 runs no platform yet/);
    assert.ok(
      r.lines.includes(
        `  pulumi config set securecart:rebuildFromSnapshot ${snapshot} --stack prod-eu-west-1`,
      ),
      r.text,
    );
    assert.match(
      r.text,
      /then: pulumi up --stack prod-eu-west-1\. It creates the network, the orders database from that recovery point/,
    );
    assert.equal(
      world.servingRegion("backup-restore"),
      US,
      "nothing moved: the switch still says primary=on",
    );

    // The rebuild's `pulumi up` ran: eu-west-1 has a platform, behind the standby accelerator. The same command resumes.
    world.calls.length = 0;
    world.rebuilt = true;
    const again = await run(world, "backup-restore", ["--to", EU], {
      dir,
      outputs: stackOutputs("backup-restore", { recoveryServes: true }),
    });
    assert.equal(again.code, 0, again.text);
    assert.deepEqual(
      stepLines(again).map((l) => l.replace(/ \(.*/, "")),
      [
        "1. restore-backups: already done, skipped",
        "2. check-target-health: done",
        "3. switch-routing: done",
        "4. verify-health: done",
      ],
    );
    assert.deepEqual(world.writes(), ["s3@eu-west-1 PutObject"]);
    assert.equal(world.switchBody, "primary=off");
    assert.equal(world.servingRegion("backup-restore"), EU);
    assert.deepEqual(
      world.calls.filter((c) => c.includes(US) || c.startsWith("route53")),
      [],
      "no call to us-east-1 or Route 53's API",
    );
  });

  it("backup-restore: --failback is refused and names the re-home procedure", async () => {
    const r = await run(world, "backup-restore", ["--to", EU, "--failback"], {
      dir,
      outputs: stackOutputs("backup-restore", { recoveryServes: true }),
    });
    assert.equal(r.code, 2, r.text);
    assert.match(
      r.text,
      /--failback does not apply to backup-restore: .*re-home procedure in scripts\/failover\/README.md/,
    );
    assert.deepEqual(world.calls, []);
  });

  for (const tier of ["pilot-light", "warm-standby", "active-active"] as const) {
    it(`${tier}: a second run makes no write call`, async () => {
      assert.equal((await run(world, tier, ["--to", EU], { dir })).code, 0);
      assert.ok(world.writes().length > 0);
      world.calls.length = 0;
      const again = await run(world, tier, ["--to", EU], { dir });
      assert.equal(again.code, 0, again.text);
      assert.deepEqual(world.writes(), []);
      assert.ok(stepLines(again).some((l) => l.includes("already done, skipped")));
    });
  }

  it("resumes after a failed step: the first run names it, the second skips what is done", async () => {
    world.failOnce.add("PutObject");
    const first = await run(world, "warm-standby", ["--to", EU], { dir });
    assert.equal(first.code, 1);
    assert.match(first.text, /step switch-routing failed: PutObject: injected failure/);
    assert.equal(world.writer, US, "nothing was promoted before the fence");
    const state = JSON.parse(fs.readFileSync(path.join(dir, ".failover", "state.json"), "utf8"));
    assert.equal(state.status, "failed");
    assert.equal(state.failed.step, "switch-routing");
    assert.deepEqual(Object.keys(state.steps), [
      "check-target-health",
      "scale-compute",
      "scale-database",
    ]);
    assert.equal(fs.readFileSync(path.join(dir, ".failover", ".gitignore"), "utf8"), "*\n");

    world.calls.length = 0;
    const second = await run(world, "warm-standby", ["--to", EU], { dir });
    assert.equal(second.code, 0, second.text);
    assert.match(second.text, /resuming the run started/);
    assert.deepEqual(world.writes(), [
      "s3@eu-west-1 PutObject",
      "rds@eu-west-1 SwitchoverGlobalCluster",
    ]);
    assert.deepEqual(
      stepLines(second).map((l) => l.replace(/ \(.*/, "")),
      [
        "1. check-target-health: done",
        "2. scale-compute: already done, skipped",
        "3. scale-database: already done, skipped",
        "4. switch-routing: done",
        "5. promote-database: done",
        "6. set-region-role: already done, skipped",
        "7. verify-health: done",
      ],
    );
    const done = JSON.parse(fs.readFileSync(path.join(dir, ".failover", "state.json"), "utf8"));
    assert.equal(done.status, "done");
  });

  it("refuses an unhealthy target region with a clear error, before changing anything", async () => {
    world.regions[EU].albState = "provisioning";
    world.regions[EU].dbStatus = "backing-up";
    const r = await run(world, "warm-standby", ["--to", EU], { dir });
    assert.equal(r.code, 1);
    assert.match(
      r.text,
      /step check-target-health failed: target region eu-west-1 is not healthy: ALB 1 is provisioning; DB cluster securecart-orders-db-cluster is backing-up/,
    );
    assert.deepEqual(world.writes(), []);
  });

  it("times a hanging step out and names it", async () => {
    world.instancesBoot = false;
    const started = Date.now();
    const r = await run(world, "warm-standby", ["--to", EU], { dir, stepTimeoutMs: 60 });
    assert.equal(r.code, 1);
    assert.match(r.text, /step scale-compute failed: timed out after 60 ms/);
    assert.ok(Date.now() - started < 2_000);
    assert.equal(world.writer, US, "no later step ran");
  });

  it("--dry-run prints every step's calls and makes no call at all", async () => {
    for (const tier of [
      "backup-restore",
      "pilot-light",
      "warm-standby",
      "active-active",
    ] as const) {
      const r = await run(world, tier, ["--to", EU, "--dry-run"], { dir });
      assert.equal(r.code, 0, r.text);
      assert.deepEqual(world.calls, [], tier);
      const steps = stepLines(r).map((l) => l.replace(/^\d+\. /, ""));
      const { TIER_PROFILES } = await import("../../components/tiers/tierProfile");
      assert.deepEqual(steps, [...TIER_PROFILES[tier].failoverSteps], tier);
    }
    assert.ok(!fs.existsSync(path.join(dir, ".failover")), "a dry run writes no state");
  });
});

describe("failover runbook: --dry-run --tier plans offline and names no Route 53 or us-east-1 API", function () {
  this.timeout(120_000);
  for (const tier of ["backup-restore", "pilot-light", "warm-standby", "active-active"] as const) {
    it(`${tier}: every call goes to eu-west-1, us-west-2 (Global Accelerator) or a probe of the shop`, async () => {
      const lines: string[] = [];
      const code = await main(["--to", EU, "--dry-run", "--tier", tier], {
        log: (l) => lines.push(l),
        cliAvailable: () => false,
      });
      assert.equal(code, 0, lines.join("\n"));
      const calls = lines.filter((l) => /^ {5}\S/.test(l)).map((l) => l.trim());
      assert.ok(calls.length >= 5, lines.join("\n"));
      const apis = calls.flatMap((c) =>
        [...c.matchAll(/\b([a-z0-9-]+)@([a-z0-9-]+)/g)].map((m) => `${m[1]}@${m[2]}`),
      );
      assert.deepEqual(
        apis.filter((a) => a.startsWith("route53@") || a.endsWith(`@${US}`)),
        [],
        calls.join("\n"),
      );
      const regions = new Set(apis.map((a) => a.split("@")[1]));
      assert.deepEqual([...regions].sort(), tier === "active-active" ? [EU, "us-west-2"] : [EU]);
      if (tier !== "active-active")
        assert.ok(
          calls.some((c) => /^s3@eu-west-1 PutObject .*"primary=off"/.test(c)),
          calls.join("\n"),
        );
    });
  }

  it("refuses --tier without --dry-run: a real run takes the tier from the stacks", async () => {
    const lines: string[] = [];
    assert.equal(
      await main(["--to", EU, "--tier", "pilot-light"], {
        log: (l) => lines.push(l),
        cliAvailable: () => false,
      }),
      2,
    );
    assert.match(lines.join("\n"), /--tier plans offline, so it needs --dry-run/);
  });
});
