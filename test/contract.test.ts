/** The DR contract's arithmetic, its tie to the planned resources, and the cost model. */
import { strict as assert } from "assert";
import {
  computeContract,
  ContractFacts,
  COPY_DELAY_MINUTES,
  PROVISION_MINUTES,
  STEP_MINUTES,
} from "../components/tiers/contract";
import { contractFacts, FRONT_DOOR_DETECTION } from "../components/tiers/composeRegion";
import { DR_TIERS, failsOverOnDeepHealth, TIER_PROFILES } from "../components/tiers/tierProfile";
import { monthlyCost } from "../scripts/plan/cost";
import {
  FLAT,
  HOURS_PER_MONTH,
  HOURLY,
  NO_CHARGE,
  PRICE_SOURCES,
  PRICE_TABLE_DATE,
  PRICE_TABLE_SOURCE,
  WORKLOAD,
} from "../scripts/plan/prices";

const REBUILD_POINT =
  "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-0a1b2c3d-1111-2222-3333-444455556666";
import { COMPARED_CAPACITIES, compareTiers } from "../scripts/plan/compare";
import { PlannedResource } from "./support/harness";
import { planTier, planTierAt, stackOf } from "./support/plans";
import { plan } from "../scripts/plan/planStack";
import { parsePlanArgs } from "../scripts/plan";

const facts = (over: Partial<ContractFacts> = {}): ContractFacts => ({
  detection: { intervalSeconds: 10, failureThreshold: 3 },
  dnsTtlSeconds: 60,
  approvalMinutes: 2,
  standbyCapacity: 0,
  backupIntervalHours: 24,
  continuousBackup: true,
  switchFlipSeconds: 10,
  ...over,
});

describe("contract: computeContract", () => {
  it("backup-restore: RPO is the backup interval plus the copy delay; RTO adds restore, the switch's flip and provisioning", () => {
    const c = computeContract(
      TIER_PROFILES["backup-restore"],
      facts({ backupIntervalHours: 1, switchFlipSeconds: 30 }),
    );
    assert.equal(c.rpoMinutes, 60 + COPY_DELAY_MINUTES);
    assert.deepEqual(
      c.rtoParts.map((p) => [p.name, p.minutes]),
      [
        ["detection", 1.5],
        ["decision", 2],
        ["restore-backups", 60],
        ["check-target-health", 0.1],
        ["switch-routing", 0.5],
        ["provision", PROVISION_MINUTES],
      ],
    );
    assert.equal(c.rtoMinutes, 1.5 + 2 + 60 + 0.1 + 0.5 + PROVISION_MINUTES);
    assert.deepEqual(c.meetsTargets, { rpo: true, rto: true });
  });

  it("pilot light puts the scale-up on the critical path; warm standby does not", () => {
    const pilot = computeContract(TIER_PROFILES["pilot-light"], facts({ standbyCapacity: 0 }));
    const warm = computeContract(TIER_PROFILES["warm-standby"], facts({ standbyCapacity: 1 }));
    assert.ok(
      pilot.rtoParts.some(
        (p) => p.name === "scale-compute" && p.minutes === STEP_MINUTES["scale-compute"].minutes,
      ),
    );
    assert.ok(!warm.rtoParts.some((p) => p.name === "scale-compute"));
    assert.ok(
      pilot.rtoParts.some(
        (p) => p.name === "scale-database" && p.minutes === STEP_MINUTES["scale-database"].minutes,
      ),
    );
    assert.ok(!warm.rtoParts.some((p) => p.name === "scale-database"));
    assert.equal(pilot.rtoMinutes, 1.5 + 2 + 0.25 + 4 + 1 + 1 + 0 + 0.1);
    assert.equal(warm.rtoMinutes, 1.5 + 2 + 0.25 + 1 + 0 + 0.1);
    assert.equal(pilot.rpoMinutes, Math.round((1 / 60) * 1000) / 1000);
  });

  it("active-active needs no decision and no DNS TTL behind the accelerator", () => {
    const c = computeContract(
      TIER_PROFILES["active-active"],
      facts({ dnsTtlSeconds: 0, standbyCapacity: 3, approvalMinutes: 30 }),
    );
    assert.deepEqual(
      c.rtoParts.map((p) => p.name),
      ["detection", "check-target-health", "drain-traffic", "promote-database"],
    );
    assert.equal(c.rtoMinutes, 0.5 + 0.25 + 0.25 + 1);
  });

  it("reports a miss as a miss", () => {
    const c = computeContract(
      TIER_PROFILES["warm-standby"],
      facts({ standbyCapacity: 1, approvalMinutes: 10 }),
    );
    assert.equal(c.rtoMinutes, 1.5 + 10 + 0.25 + 1 + 0.1);
    assert.deepEqual(c.meetsTargets, { rpo: true, rto: false });
  });

  it("slower health checks lengthen detection", () => {
    const fast = computeContract(TIER_PROFILES["pilot-light"], facts());
    const slow = computeContract(
      TIER_PROFILES["pilot-light"],
      facts({ detection: { intervalSeconds: 30, failureThreshold: 3 } }),
    );
    assert.equal(slow.rtoMinutes - fast.rtoMinutes, 1);
  });
});

describe("contract: computed from what is planned", function () {
  this.timeout(180_000);
  const of = (rs: PlannedResource[], type: string) => rs.filter((r) => r.type === type);

  for (const tier of DR_TIERS) {
    it(`${tier}: the stack output matches the planned health checks, capacity and schedule`, async () => {
      const pri = await stackOf(tier, "primary");
      const rec = await stackOf(tier, "recovery");
      const contract = pri.outputs.contract as ReturnType<typeof computeContract>;
      const detection = contract.rtoParts.find((p) => p.name === "detection")!;
      for (const hc of of(pri.resources, "aws:route53/healthCheck:HealthCheck").filter(
        (h) => h.inputs.resourcePath === "/health/deep",
      )) {
        assert.equal(hc.inputs.requestInterval, FRONT_DOOR_DETECTION.intervalSeconds);
        assert.equal(hc.inputs.failureThreshold, FRONT_DOOR_DETECTION.failureThreshold);
      }
      for (const g of of(
        [...pri.resources, ...rec.resources],
        "aws:globalaccelerator/endpointGroup:EndpointGroup",
      )) {
        assert.equal(g.inputs.healthCheckIntervalSeconds, FRONT_DOOR_DETECTION.intervalSeconds);
        assert.equal(g.inputs.thresholdCount, FRONT_DOOR_DETECTION.failureThreshold);
      }
      assert.match(
        detection.basis,
        new RegExp(
          `^${FRONT_DOOR_DETECTION.intervalSeconds} s × ${FRONT_DOOR_DETECTION.failureThreshold} failed checks`,
        ),
      );
      const asg = of(rec.resources, "aws:autoscaling/group:Group")[0];
      const standby = asg ? asg.inputs.desiredCapacity : 0;
      assert.equal(
        contract.rtoParts.some((p) => p.name === "scale-compute"),
        standby === 0 && TIER_PROFILES[tier].failoverSteps.includes("scale-compute"),
      );
      // The copy plan's schedule is the backup interval the RPO counts (hourly → 1 h, daily → 24 h).
      const copySchedules = of(rec.resources, "aws:backup/plan:Plan").flatMap((p) =>
        p.inputs.rules.map((r: { schedule: string }) => r.schedule),
      );
      const hourly = copySchedules.every((s: string) => s === "cron(0 * ? * * *)");
      assert.equal(TIER_PROFILES[tier].backup.intervalHours, hourly ? 1 : 24);
      assert.deepEqual(rec.outputs.contract, contract, "both stacks export the same contract");
      // Where the switch alone gates the PRIMARY, its flip is on the critical path: timed from the planned check.
      const flip = contract.rtoParts.find((p) => p.name === "switch-routing" && p.minutes > 0);
      if (flip) {
        const sw = of(pri.resources, "aws:route53/healthCheck:HealthCheck").find((h) =>
          h.name.endsWith("-routing-switch"),
        )!;
        assert.equal(
          flip.minutes,
          Math.round(((sw.inputs.requestInterval * sw.inputs.failureThreshold) / 60) * 1000) / 1000,
        );
      }
      assert.equal(
        flip !== undefined,
        !failsOverOnDeepHealth(TIER_PROFILES[tier]),
        "only where the recovery region is rebuilt",
      );
    });
  }

  it("feeds the Resilience Hub policy with the computed objectives", async () => {
    const pri = await stackOf("warm-standby", "primary");
    const policy = pri.resources.find(
      (r) => r.type === "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy",
    )!;
    const contract = pri.outputs.contract as ReturnType<typeof computeContract>;
    const region = policy.inputs.policy.region;
    assert.equal(region.rtoInSecs ?? region.rto, `${Math.round(contract.rtoMinutes * 60)}s`);
  });

  it("uses securecart:approvalMinutes as the decision time", () => {
    const warm = TIER_PROFILES["warm-standby"];
    const d =
      computeContract(warm, contractFacts(warm, 7, 3)).rtoMinutes -
      computeContract(warm, contractFacts(warm, 2, 3)).rtoMinutes;
    assert.equal(Math.round(d * 1000) / 1000, 5);
  });
});

describe("contract: cost model", function () {
  // One test plans every tier (memoised with the other files), and two more configurations.
  this.timeout(600_000);
  const lt: PlannedResource = {
    urn: "urn:lt",
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    name: "lt",
    parent: null,
    inputs: { instanceType: "m6i.large" },
    dependencies: [],
    propertyDependencies: {},
  };
  const asg = (desired: number): PlannedResource => ({
    urn: "urn:asg",
    type: "aws:autoscaling/group:Group",
    name: "asg",
    parent: null,
    inputs: { desiredCapacity: desired },
    dependencies: [],
    propertyDependencies: { launchTemplate: ["urn:lt"] },
  });
  const ctx = { trafficShare: { "us-east-1": 1 }, homeRegion: "us-east-1" };

  it("prices instances from the planned instance type and count, per region", () => {
    const us = monthlyCost(
      [{ region: "us-east-1", role: "primary", resources: [lt, asg(2)] }],
      ctx,
    );
    assert.equal(
      us.byRegion["us-east-1"],
      Math.round(2 * HOURLY["us-east-1"]["m6i.large"] * HOURS_PER_MONTH * 100) / 100,
    );
    const eu = monthlyCost(
      [{ region: "eu-west-1", role: "recovery", resources: [lt, asg(0)] }],
      ctx,
    );
    assert.equal(eu.byRegion["eu-west-1"], undefined, "an idle group costs nothing");
  });

  it("bills a resource in its provider's region, and a secret replica in its replica region", () => {
    const provider: PlannedResource = {
      urn: "urn:p",
      type: "pulumi:providers:aws",
      name: "p",
      parent: null,
      inputs: { region: "us-east-1" },
      dependencies: [],
      propertyDependencies: {},
    };
    const accepter: PlannedResource = {
      urn: "urn:a",
      type: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
      name: "a",
      parent: null,
      inputs: {},
      dependencies: [],
      propertyDependencies: {},
      provider: "urn:p::id",
    };
    const secret: PlannedResource = {
      urn: "urn:s",
      type: "aws:secretsmanager/secret:Secret",
      name: "s",
      parent: null,
      inputs: { replicas: [{ region: "eu-west-1" }] },
      dependencies: [],
      propertyDependencies: {},
    };
    const r = monthlyCost(
      [{ region: "eu-west-1", role: "recovery", resources: [provider, accepter, secret] }],
      ctx,
    );
    assert.equal(
      r.byRegion["us-east-1"],
      Math.round(HOURLY["us-east-1"].transitGatewayAttachment * HOURS_PER_MONTH * 100) / 100,
    );
    assert.equal(r.byRegion["eu-west-1"], 0.8);
  });

  it("records its source and date", () => {
    assert.match(PRICE_TABLE_SOURCE, /AWS public on-demand pricing/);
    assert.match(PRICE_TABLE_DATE, /^\d{4}-\d{2}-\d{2}$/);
  });

  it("cites a pricing page and a date for every price, and prices both regions alike", () => {
    const keys = [...Object.keys(HOURLY["us-east-1"]), ...Object.keys(FLAT)].sort();
    assert.deepEqual(
      Object.keys(HOURLY["eu-west-1"]).sort(),
      Object.keys(HOURLY["us-east-1"]).sort(),
    );
    assert.deepEqual(Object.keys(PRICE_SOURCES).sort(), keys);
    for (const key of keys) {
      assert.match(
        PRICE_SOURCES[key].page,
        /^https:\/\/aws\.amazon\.com\/[a-z0-9-/]+\/pricing\//,
        key,
      );
      assert.match(PRICE_SOURCES[key].recorded, /^\d{4}-\d{2}-\d{2}$/, key);
    }
    for (const region of ["us-east-1", "eu-west-1"] as const) {
      for (const [key, usd] of Object.entries(HOURLY[region]))
        assert.ok(usd > 0, `${region} ${key}`);
    }
  });

  it("prices every type the plans create, or says why it is free", async () => {
    const pairs = [
      ...(await Promise.all(DR_TIERS.map((t) => planTier(t)))),
      await plan({
        tier: "pilot-light",
        config: { "prod-us-east-1": { "securecart:arcRoutingControl": "true" } },
      }),
      await plan({
        tier: "backup-restore",
        config: { "prod-eu-west-1": { "securecart:rebuildFromSnapshot": REBUILD_POINT } },
      }),
    ];
    for (const pair of pairs) {
      const report = monthlyCost(pair.stacks, {
        trafficShare: { "us-east-1": 1 },
        homeRegion: "us-east-1",
      });
      assert.deepEqual(report.unpricedTypes, [], `${pair.stacks[0].tier}`);
    }
    for (const [type, reason] of Object.entries(NO_CHARGE))
      assert.ok(reason.length > 15, `${type}: say why`);
  });

  it("reports a type it neither prices nor lists as free", () => {
    const odd: PlannedResource = {
      urn: "urn:x",
      type: "aws:neptune/cluster:Cluster",
      name: "x",
      parent: null,
      inputs: {},
      dependencies: [],
      propertyDependencies: {},
    };
    const vpc: PlannedResource = { ...odd, urn: "urn:v", type: "aws:ec2/vpc:Vpc" };
    assert.deepEqual(
      monthlyCost([{ region: "us-east-1", role: "primary", resources: [odd, vpc] }], ctx)
        .unpricedTypes,
      ["aws:neptune/cluster:Cluster"],
    );
  });

  it("prices a Serverless v2 instance at its cluster's minimum ACUs, and I/O-Optimized storage without I/O", () => {
    const cluster = (over: Record<string, unknown>): PlannedResource => ({
      urn: "urn:c",
      type: "aws:rds/cluster:Cluster",
      name: "c",
      parent: null,
      inputs: over,
      dependencies: [],
      propertyDependencies: {},
    });
    const instance: PlannedResource = {
      urn: "urn:i",
      type: "aws:rds/clusterInstance:ClusterInstance",
      name: "i",
      parent: null,
      inputs: { instanceClass: "db.serverless" },
      dependencies: [],
      propertyDependencies: { clusterIdentifier: ["urn:c"] },
    };
    const line = (resources: PlannedResource[], type: string) =>
      monthlyCost([{ region: "eu-west-1", role: "recovery", resources }], ctx).lines.find(
        (l) => l.type === type,
      )?.usd;
    const serverless = cluster({
      serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 16 },
    });
    assert.equal(
      line([serverless, instance], instance.type),
      0.5 * HOURLY["eu-west-1"].auroraServerlessV2Acu * HOURS_PER_MONTH,
    );
    assert.throws(
      () => line([cluster({}), instance], instance.type),
      /needs its cluster's serverlessv2ScalingConfiguration/,
    );
    assert.equal(
      line([cluster({ storageType: "aurora-iopt1" })], "aws:rds/cluster:Cluster"),
      100 * FLAT.auroraIoOptimizedStoragePerGbMonth,
    );
  });

  it("prices NAT gateways and interface endpoints by the planned count and AZs, the egress shared by the gateways", () => {
    const bare = { parent: null, dependencies: [], propertyDependencies: {} };
    const natType = "aws:ec2/natGateway:NatGateway";
    const nat = (i: number): PlannedResource => ({
      ...bare,
      urn: `urn:nat${i}`,
      type: natType,
      name: `nat-${i}`,
      inputs: {},
    });
    const endpoint = (azs: number): PlannedResource => ({
      ...bare,
      urn: "urn:e",
      type: "aws:ec2/vpcEndpoint:VpcEndpoint",
      name: "e",
      inputs: {
        vpcEndpointType: "Interface",
        subnetIds: Array.from({ length: azs }, (_, i) => `subnet-${i}`),
      },
    });
    const total = (resources: PlannedResource[]) =>
      monthlyCost([{ region: "us-east-1", role: "primary", resources }], ctx).byRegion["us-east-1"];
    const egress = WORKLOAD.natGbPerServingRegion * FLAT.natPerGb;
    const hour = HOURLY["us-east-1"].natGateway * HOURS_PER_MONTH;
    // One gateway or three carry the same serving region's egress; only their hours differ.
    assert.equal(total([nat(0)]), Math.round((hour + egress) * 100) / 100);
    assert.equal(total([nat(0), nat(1), nat(2)]), Math.round((3 * hour + egress) * 100) / 100);
    assert.equal(
      total([endpoint(2)]),
      Math.round(2 * HOURLY["us-east-1"].interfaceEndpointPerAz * HOURS_PER_MONTH * 100) / 100,
    );
  });

  it("bills a Region switch plan, which has no Region, to the home region", () => {
    const p: PlannedResource = {
      urn: "urn:rs",
      type: "aws:arcregionswitch/plan:Plan",
      name: "rs",
      parent: null,
      inputs: {},
      dependencies: [],
      propertyDependencies: {},
    };
    assert.deepEqual(
      monthlyCost([{ region: "eu-west-1", role: "recovery", resources: [p] }], ctx).byRegion,
      { "us-east-1": FLAT.arcRegionSwitchPlanMonthly },
    );
  });

  it("fails loudly on a type it has no price for", () => {
    const odd = { ...lt, inputs: { instanceType: "x9.huge" } };
    assert.throws(
      () => monthlyCost([{ region: "us-east-1", role: "primary", resources: [odd, asg(1)] }], ctx),
      /no price for x9.huge in us-east-1: add it to scripts\/plan\/prices.ts/,
    );
  });
});

describe("contract: --compare-tiers", function () {
  // Each size is a plan of both stacks per tier; under a loaded CI machine these take minutes.
  this.timeout(600_000);
  it("computes every tier within its RPO and RTO targets, and the recovery cost share of each", async () => {
    const rows = await compareTiers(planTierAt);
    assert.deepEqual(
      rows.map((r) => r.tier),
      [...DR_TIERS],
    );
    for (const r of rows) {
      assert.ok(r.rpoMinutes <= r.targets.rpoMinutes, `${r.tier} RPO ${r.rpoMinutes}`);
      assert.ok(r.rtoMinutes <= r.targets.rtoMinutes, `${r.tier} RTO ${r.rtoMinutes}`);
      assert.equal(r.share, Math.round((r.recoveryUsd / r.primaryUsd) * 1000) / 1000);
      assert.equal(r.mandatoryViolations, 0);
    }
    const share = Object.fromEntries(rows.map((r) => [r.tier, r.share]));
    assert.ok(
      share["backup-restore"] < share["pilot-light"] &&
        share["pilot-light"] < share["warm-standby"] &&
        share["warm-standby"] < share["active-active"],
    );
    // Every tier within its cost share at the default config (DESIGN.md), each share computed from its plans above.
    for (const r of rows)
      assert.ok(
        r.share <= r.targets.recoveryCostShare,
        `${r.tier} share ${r.share} > ${r.targets.recoveryCostShare}`,
      );
    assert.equal(
      rows[1].recoveryRegion,
      "compute 0 hosts/0 tasks, Aurora secondary ×1, catalog replica, cache 2× cache.t4g.micro, SECONDARY record, " +
        "NAT ×1, no interface endpoints",
    );
    assert.match(rows[2].recoveryRegion, /, NAT ×3, 4 interface endpoints in 3 AZs$/);
  });

  it("reports each tier's share at the default capacity and at larger ones, each from its own plan", async () => {
    assert.deepEqual([...COMPARED_CAPACITIES], [6, 12, 24]);
    // Two of the sizes, to keep the suite's time down; the CLI plans all three the same way.
    const rows = await compareTiers(planTierAt, undefined, [6, 24]);
    for (const r of rows) {
      assert.equal(r.capacity, 3);
      assert.deepEqual(Object.keys(r.shareByCapacity).map(Number), [3, 6, 24]);
      assert.equal(r.shareByCapacity[3], r.share);
      for (const n of [6, 24]) {
        const pair = await planTierAt(r.tier, n);
        const primary = pair.stacks.find((s) => s.role === "primary")!;
        assert.equal(primary.outputs.capacity, n);
        assert.equal(r.shareByCapacity[n], primary.contract.recoveryCostShare, `${r.tier} at ${n}`);
      }
    }
    // The standby's fixed items weigh less as the primary grows, in every tier whose standby is smaller.
    for (const tier of ["backup-restore", "pilot-light", "warm-standby"]) {
      const s = rows.find((r) => r.tier === tier)!.shareByCapacity;
      assert.ok(s[3] > s[6] && s[6] > s[24], `${tier}: ${JSON.stringify(s)}`);
    }
  });

  it("plans at another capacity with --capacity, and refuses one that is not a whole number", () => {
    assert.deepEqual(parsePlanArgs(["--capacity", "12"]).config, { "securecart:capacity": "12" });
    assert.equal(parsePlanArgs(["--compare-tiers", "--capacity", "6"]).capacity, 6);
    assert.throws(
      () => parsePlanArgs(["--capacity", "1.5"]),
      /--capacity takes a whole number of tasks and hosts, such as 6 \(got "1.5"\)/,
    );
    assert.throws(
      () => parsePlanArgs(["--compare-tiers", "--config", "arcRoutingControl=true"]),
      /it takes --capacity, but not --config/,
    );
  });
});

describe("contract: one primary figure", function () {
  this.timeout(180_000);
  it("costs the whole deployment whichever stack is planned, and says what each figure includes", async () => {
    const pair = await planTier("pilot-light");
    const alone = await plan({ tier: "pilot-light", only: "prod-us-east-1" });
    assert.equal(alone.stacks.length, 1);
    assert.deepEqual(alone.stacks[0].contract.monthlyUsd, pair.stacks[0].contract.monthlyUsd);
    const includes = alone.stacks[0].contract.costIncludes as {
      stacks: string[];
      capacity: number;
    };
    assert.deepEqual(includes.stacks, ["prod-us-east-1", "prod-eu-west-1"]);
    assert.equal(includes.capacity, 3);
  });
});
