/**
 * The diagram model per tier, computed from the real plans: which blocks each region has, which are drawn
 * idle, and which replication edges join the regions (DESIGN.md tier table).
 */
import { strict as assert } from "assert";
import { DR_TIERS, DrTier } from "../../components/tiers/tierProfile";
import { diagramModel, DiagramModel, tierSvg } from "../../scripts/diagrams";
import { planTier } from "../support/plans";

const PRIMARY = "us-east-1";
const RECOVERY = "eu-west-1";

async function modelOf(tier: DrTier): Promise<DiagramModel> {
  return diagramModel(await planTier(tier));
}

const region = (m: DiagramModel, name: string) => {
  const box = m.regions.find((r) => r.region === name);
  assert.ok(box, `no ${name} box`);
  return box!;
};
const kinds = (m: DiagramModel, name: string) => new Set(region(m, name).nodes.map((n) => n.kind));
const idle = (m: DiagramModel, name: string) =>
  region(m, name)
    .nodes.filter((n) => n.idle)
    .map((n) => n.kind)
    .sort();
const regionOfNode = (m: DiagramModel, id: string) =>
  m.regions.find((r) => r.nodes.some((n) => n.id === id))?.region ??
  (m.global.some((n) => n.id === id) ? "global" : "?");

/** Replication edges as `kind from→to` (regions), sorted and de-duplicated. */
function replication(m: DiagramModel): string[] {
  const set = new Set(
    m.edges
      .filter((e) => e.replication)
      .map((e) => `${e.kind} ${regionOfNode(m, e.from)}→${regionOfNode(m, e.to)}`),
  );
  return [...set].sort();
}

const FULL_REGION = [
  "alb",
  "nlb",
  "ecs",
  "asg",
  "lambda",
  "aurora",
  "dynamodb",
  "cache",
  "vault",
  "ecr",
  "s3",
  "tgw",
];
const LIVE_REPLICATION = [
  "aurora-global us-east-1→eu-west-1",
  "backup-copy eu-west-1→us-east-1",
  "backup-copy us-east-1→eu-west-1",
  "dynamodb-global us-east-1→eu-west-1",
  "ecr-replication us-east-1→eu-west-1",
  "s3-replication us-east-1→eu-west-1",
];

describe("diagrams: model per tier", function () {
  this.timeout(180_000);

  it("draws the primary region box first, then the recovery region, each with its three AZs", async () => {
    for (const tier of DR_TIERS) {
      const m = await modelOf(tier);
      assert.deepEqual(
        m.regions.map((r) => [r.region, r.role]),
        [
          [PRIMARY, "primary"],
          [RECOVERY, "recovery"],
        ],
        tier,
      );
      assert.equal(region(m, PRIMARY).azs.length, 3, tier);
      assert.equal(region(m, RECOVERY).azs.length, tier === "backup-restore" ? 0 : 3, tier);
      for (const k of FULL_REGION)
        assert.ok(kinds(m, PRIMARY).has(k as never), `${tier}: ${k} missing in the primary`);
      assert.deepEqual(idle(m, PRIMARY), [], `${tier}: nothing idle in the primary`);
    }
  });

  it("backup-restore: the recovery region holds the DR vault, the replica bucket, the image and the probe; backup copy + S3", async () => {
    const m = await modelOf("backup-restore");
    // The image waits for a rebuild; the Lambda is the probe that alerts from here.
    assert.deepEqual([...kinds(m, RECOVERY)].sort(), ["ecr", "lambda", "s3", "vault"]);
    assert.match(region(m, RECOVERY).note ?? "", /backups only/);
    assert.deepEqual(replication(m), [
      "backup-copy us-east-1→eu-west-1",
      "ecr-replication us-east-1→eu-west-1",
      "s3-replication us-east-1→eu-west-1",
    ]);
    const copy = m.edges.find((e) => e.kind === "backup-copy")!;
    assert.equal(copy.mode, "copy");
    assert.match(copy.label, /hourly/);
    const policies = m.global
      .filter((n) => n.kind === "record")
      .flatMap((n) => n.details)
      .filter((d) => /failover|alias/.test(d))
      .sort();
    assert.deepEqual(policies, [
      "A · failover PRIMARY",
      "A · failover SECONDARY",
      "alias → ALB us-east-1",
      "alias → Global Accelerator",
    ]);
  });

  it("pilot-light: recovery compute and its load balancers are drawn idle; data replicates live", async () => {
    const m = await modelOf("pilot-light");
    for (const k of FULL_REGION)
      assert.ok(kinds(m, RECOVERY).has(k as never), `${k} missing in the recovery region`);
    assert.deepEqual(idle(m, RECOVERY), ["alb", "asg", "ecs", "nlb"]);
    const asg = region(m, RECOVERY).nodes.find((n) => n.kind === "asg")!;
    assert.ok(
      asg.details.some((d) => d.includes("0 / 0 / 6")),
      asg.details.join(", "),
    );
    assert.deepEqual(replication(m), LIVE_REPLICATION);
    const aurora = region(m, RECOVERY).nodes.find((n) => n.kind === "aurora")!;
    assert.match(aurora.details[0], /global secondary/);
    const policies = m.global
      .filter((n) => n.kind === "record")
      .flatMap((n) => n.details)
      .filter((d) => /failover/.test(d))
      .sort();
    assert.deepEqual(policies, ["A · failover PRIMARY", "A · failover SECONDARY"]);
    assert.equal(
      m.edges.filter((e) => e.kind === "health-check" && regionOfNode(m, e.to) !== "global").length,
      2,
    );
  });

  it("warm-standby: a scaled-down recovery region, nothing idle, same replication as pilot light", async () => {
    const m = await modelOf("warm-standby");
    assert.deepEqual(idle(m, RECOVERY), []);
    const ecs = region(m, RECOVERY).nodes.find((n) => n.kind === "ecs")!;
    assert.ok(
      ecs.details.some((d) => d.includes("1 / 1 / 6")),
      ecs.details.join(", "),
    );
    assert.deepEqual(replication(m), LIVE_REPLICATION);
  });

  it("active-active: Global Accelerator with two endpoint groups at dial 100, one into each region", async () => {
    const m = await modelOf("active-active");
    assert.deepEqual(idle(m, RECOVERY), []);
    assert.deepEqual(replication(m), LIVE_REPLICATION);
    assert.ok(m.global.some((n) => n.kind === "accelerator"));
    const groups = m.global.filter((n) => n.kind === "endpoint-group");
    assert.equal(groups.length, 2);
    const dials = m.edges
      .filter((e) => e.kind === "accelerator" && groups.some((g) => g.id === e.from))
      .map((e) => `${regionOfNode(m, e.to)} ${e.label}`)
      .sort();
    assert.deepEqual(dials, ["eu-west-1 dial 100%", "us-east-1 dial 100%"]);
    assert.match(m.edges.find((e) => e.kind === "aurora-global")!.label, /write forwarding/);
  });

  it("the legend carries each stack's contract: RPO, RTO and the cost per region (n/a while unknown)", async () => {
    for (const tier of DR_TIERS) {
      const pair = await planTier(tier);
      const m = diagramModel(pair);
      const primary = pair.stacks.find((s) => s.role === "primary")!;
      assert.equal(m.legend.rpoMinutes, primary.contract.rpoMinutes);
      assert.equal(m.legend.rtoMinutes, primary.contract.rtoMinutes);
      assert.deepEqual(
        m.legend.costs.map((c) => c.region),
        [PRIMARY, RECOVERY],
      );
      const svg = tierSvg(m);
      for (const c of m.legend.costs)
        if (c.monthlyUsd === null)
          assert.match(svg, new RegExp(`${c.region} \\([a-z]+\\): n/a/month`));
    }
  });

  it("is robust to extra resources and to plan order", async () => {
    const pair = await planTier("pilot-light");
    const base = diagramModel(pair);
    const [primary, recovery] = pair.stacks;
    const extra = {
      urn: `urn:pulumi:${primary.stack}::securecart::aws:sqs/queue:Queue::brand-new`,
      type: "aws:sqs/queue:Queue",
      name: "brand-new",
      parent: null,
      inputs: {},
      dependencies: [],
      propertyDependencies: {},
    };
    const shuffled = {
      ...pair,
      stacks: [
        { ...primary, resources: [extra, ...[...primary.resources].reverse()] },
        { ...recovery, resources: [...recovery.resources].reverse() },
      ],
    };
    assert.equal(tierSvg(diagramModel(shuffled)), tierSvg(base));
  });
});
