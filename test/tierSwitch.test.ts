/**
 * A tier switch as the engine would plan it (DESIGN.md decisions 13 and 14): engine-true URNs on every
 * resource, identities compared across all 12 ordered tier pairs in both stacks, and the replace table
 * covering every type the program plans.
 */
import * as assert from "assert";
import { DR_TIERS, DrTier, TIER_PROFILES } from "../components/tiers/tierProfile";
import { Change, diffResources } from "../scripts/plan/diff";
import { parseUrn } from "../scripts/plan/engineUrn";
import replaceTable from "../scripts/plan/replaceOnChanges.json";
import { plan } from "../scripts/plan/planStack";
import { planTier, stackOf } from "./support/plans";
import type { PlannedResource } from "./support/harness";

const STATEFUL = [
  "aws:rds/cluster:Cluster",
  "aws:rds/globalCluster:GlobalCluster",
  "aws:dynamodb/table:Table",
  "aws:s3/bucket:Bucket",
  "aws:backup/vault:Vault",
  "aws:kms/key:Key",
  "aws:ecr/repository:Repository",
  "aws:secretsmanager/secret:Secret",
  "aws:elasticache/replicationGroup:ReplicationGroup",
];

const PAIRS: [DrTier, DrTier][] = DR_TIERS.flatMap((a) =>
  DR_TIERS.filter((b) => b !== a).map((b) => [a, b] as [DrTier, DrTier]),
);

async function diffOf(role: "primary" | "recovery", from: DrTier, to: DrTier): Promise<Change[]> {
  return diffResources((await stackOf(from, role)).resources, (await stackOf(to, role)).resources);
}

const nameOf = (c: Change) => parseUrn(c.urn).name;
const ops = (changes: Change[], op: Change["op"], types = STATEFUL) =>
  changes
    .filter((c) => c.op === op && types.includes(c.type))
    .map((c) => `${c.type} ${nameOf(c)}`)
    .sort();

describe("tier switch: URNs as the engine computes them", function () {
  this.timeout(300_000);
  for (const tier of DR_TIERS) {
    it(`${tier}: every URN's type is the chain of its parents' types (root Stack left out)`, async () => {
      for (const s of (await planTier(tier)).stacks) {
        const byUrn = new Map(s.resources.map((r) => [r.urn, r]));
        for (const r of s.resources) {
          const chain: string[] = [r.type];
          for (let p = r.parent; p; p = byUrn.get(p)?.parent ?? null) {
            const parent = byUrn.get(p);
            assert.ok(parent, `${r.urn}: parent ${p} is not in the plan`);
            chain.unshift(parent.type);
          }
          assert.equal(r.urn, `urn:pulumi:${s.stack}::securecart::${chain.join("$")}::${r.name}`);
        }
      }
    });
  }

  it("records the engine's view of dependencies and options", async () => {
    const rec = await stackOf("warm-standby", "recovery");
    const cluster = rec.resources.find((r) => r.type === "aws:rds/cluster:Cluster")!;
    const subnets = rec.resources.find((r) => r.type === "aws:rds/subnetGroup:SubnetGroup")!;
    assert.ok(cluster.dependencies.includes(subnets.urn));
    assert.deepEqual(cluster.ignoreChanges, [
      "globalClusterIdentifier",
      "replicationSourceIdentifier",
      "serverlessv2ScalingConfiguration.minCapacity",
    ]);
    assert.equal(cluster.protect, false);
    // One record component type for the shop's name in every failover tier: nothing to alias.
    assert.deepEqual(rec.resources.find((r) => r.name === "securecart-dns-a")!.aliases, []);
    // The accelerator's record is the same record as the failover tiers' PRIMARY, by alias.
    const aa = await stackOf("active-active", "primary");
    assert.deepEqual(aa.resources.find((r) => r.name === "securecart-accelerator-a")!.aliases, [
      "urn:pulumi:prod-us-east-1::securecart::securecart:tiers:DrTier$securecart:traffic:FailoverRecord$aws:route53/record:Record::securecart-dns-a",
    ]);
  });
});

describe("tier switch: identities across every ordered pair of tiers", function () {
  this.timeout(300_000);

  it("a no-op switch shows every resource of both stacks as same", async () => {
    for (const tier of DR_TIERS) {
      for (const role of ["primary", "recovery"] as const) {
        const changes = await diffOf(role, tier, tier);
        assert.deepEqual(
          changes.filter((c) => c.op !== "same"),
          [],
          `${tier} ${role}`,
        );
        assert.equal(changes.length, (await stackOf(tier, role)).resources.length);
      }
    }
  });

  for (const [from, to] of PAIRS) {
    it(`${from} → ${to}: the primary keeps every stateful resource; only decision 3's credentials come and go`, async () => {
      const changes = await diffOf("primary", from, to);
      assert.deepEqual(ops(changes, "replace"), []);
      // backup-restore's database has the managed password and no global cluster (DESIGN.md decision 3), so
      // leaving a global tier detaches the cluster (forceDestroy) and drops the generated secret.
      const expected =
        to === "backup-restore"
          ? [
              "aws:rds/globalCluster:GlobalCluster securecart-orders-db-global",
              "aws:secretsmanager/secret:Secret securecart-orders-db-credentials",
            ]
          : [];
      // The routing switch holds one word of routing state, no data: a tier without failover records drops it.
      const hasSwitch = (t: DrTier) => TIER_PROFILES[t].frontDoor === "failover-records";
      const leavesSwitch = hasSwitch(from) && !hasSwitch(to);
      if (leavesSwitch) expected.push("aws:s3/bucket:Bucket securecart-routing-bucket");
      assert.deepEqual(ops(changes, "delete"), expected.sort());
      if (leavesSwitch)
        assert.equal(
          changes.find((c) => nameOf(c) === "securecart-routing-bucket")!.blocked,
          undefined,
          "forceDestroy empties it",
        );
      if (to === "backup-restore") {
        const global = changes.find((c) => c.type === "aws:rds/globalCluster:GlobalCluster")!;
        assert.equal(global.blocked?.by, "deletion protection (deletionProtection)");
        assert.match(
          global.blocked!.lift,
          /^pulumi config set securecart:deletionProtection false --stack prod-us-east-1 /,
        );
      }
      // The orders cluster is the same resource in every tier, converted in place.
      const cluster = changes.find((c) => c.type === "aws:rds/cluster:Cluster")!;
      assert.ok(cluster.op === "same" || cluster.op === "update", `${cluster.op} ${cluster.keys}`);
    });
  }

  it("backup-restore → a global tier converts the primary cluster: the global cluster is made from it", async () => {
    const changes = await diffOf("primary", "backup-restore", "pilot-light");
    const cluster = changes.find((c) => c.type === "aws:rds/cluster:Cluster")!;
    assert.deepEqual(
      [cluster.op, cluster.keys],
      ["update", ["manageMasterUserPassword", "masterPassword", "masterUserSecretKmsKeyId"]],
    );
    const pri = await stackOf("pilot-light", "primary");
    const global = pri.resources.find((r) => r.type === "aws:rds/globalCluster:GlobalCluster")!;
    const clusterUrn = pri.resources.find((r) => r.type === "aws:rds/cluster:Cluster")!.urn;
    assert.deepEqual(global.propertyDependencies.sourceDbClusterIdentifier, [clusterUrn]);
    assert.equal(changes.find((c) => c.urn === global.urn)!.op, "create");
    // The PRIMARY record stays; only its gate changes: the switch alone, then deep health AND the switch.
    const record = changes.find((c) => nameOf(c) === "securecart-dns-a")!;
    assert.deepEqual([record.op, record.keys], ["update", ["healthCheckId"]]);
  });

  for (const from of ["pilot-light", "warm-standby", "active-active"] as const) {
    it(`${from} → backup-restore: the recovery region's data is deleted, and deletion protection blocks it`, async () => {
      const changes = await diffOf("recovery", from, "backup-restore");
      const blocked = changes
        .filter((c) => c.op === "delete" && c.blocked?.by.startsWith("deletion protection"))
        .map((c) => `${c.type} ${nameOf(c)}`)
        .sort();
      assert.deepEqual(blocked, [
        "aws:dynamodb/tableReplica:TableReplica securecart-catalog-replica",
        "aws:lb/loadBalancer:LoadBalancer securecart-alb-alb",
        "aws:lb/loadBalancer:LoadBalancer securecart-orders-nlb-lb",
        "aws:rds/cluster:Cluster securecart-orders-db-cluster",
      ]);
      // What backup-restore keeps in the recovery region stays the same resource.
      for (const kept of ["aws:backup/vault:Vault", "aws:s3/bucket:Bucket"]) {
        for (const c of changes.filter((x) => x.type === kept && x.op !== "delete"))
          assert.equal(c.op, "same", `${kept} ${c.urn}`);
      }
      assert.ok(changes.some((c) => c.type === "aws:backup/vault:Vault" && c.op === "same"));
    });
  }

  it("once the recovery stack lifts deletion protection, lowering the tier deletes without a block", async () => {
    const lifted = { config: { "prod-eu-west-1": { "securecart:deletionProtection": "false" } } };
    const before = (await plan({ tier: "warm-standby", ...lifted })).stacks.find(
      (s) => s.role === "recovery",
    )!;
    // Lifting is itself an in-place update of the protected resources, and the policies turn advisory.
    const lift = diffResources(
      (await stackOf("warm-standby", "recovery")).resources,
      before.resources,
    );
    assert.deepEqual(
      ops(lift, "update", [
        "aws:rds/cluster:Cluster",
        "aws:dynamodb/tableReplica:TableReplica",
        "aws:lb/loadBalancer:LoadBalancer",
      ]),
      [
        "aws:dynamodb/tableReplica:TableReplica securecart-catalog-replica",
        "aws:lb/loadBalancer:LoadBalancer securecart-alb-alb",
        "aws:lb/loadBalancer:LoadBalancer securecart-orders-nlb-lb",
        "aws:rds/cluster:Cluster securecart-orders-db-cluster",
      ],
    );
    assert.deepEqual(
      before.violations.filter((v) => v.level === "mandatory"),
      [],
    );
    assert.ok(
      before.violations.some(
        (v) => v.policy === "rds-cluster-deletion-protection" && v.level === "advisory",
      ),
    );
    const after = (await plan({ tier: "backup-restore", ...lifted })).stacks.find(
      (s) => s.role === "recovery",
    )!;
    const changes = diffResources(before.resources, after.resources);
    const deleted = changes.find((c) => c.type === "aws:rds/cluster:Cluster")!;
    assert.deepEqual([deleted.op, deleted.blocked], ["delete", undefined]);
  });

  it("leaving a global tier on the primary names the targeted destroy the global cluster needs first", async () => {
    const changes = await diffOf("primary", "warm-standby", "backup-restore");
    const global = changes.find((c) => c.type === "aws:rds/globalCluster:GlobalCluster")!;
    assert.equal(
      global.blocked!.lift,
      "pulumi config set securecart:deletionProtection false --stack prod-us-east-1 && pulumi up --stack prod-us-east-1, " +
        `then pulumi destroy --target '${global.urn}' --stack prod-us-east-1 (the cluster must leave the global cluster before its password changes), then switch the tier`,
    );
  });

  it("pilot-light → warm-standby raises the recovery floors in place and adds only the per-AZ network items", async () => {
    const changes = await diffOf("recovery", "pilot-light", "warm-standby");
    const moved = changes
      .filter((c) => c.op !== "same")
      .map((c) => `${c.op} ${c.type} ${nameOf(c)} ${c.keys.join(",")}`);
    // Pilot light's standby network (TierProfile.recovery.network): one NAT gateway, no interface endpoint. Warm
    // standby's has one NAT per AZ, each AZ's route moved to its own in place, and the interface endpoints.
    const created = [
      "aws:ec2/eip:Eip securecart-net-nat-1",
      "aws:ec2/eip:Eip securecart-net-nat-2",
      "aws:ec2/natGateway:NatGateway securecart-net-nat-1",
      "aws:ec2/natGateway:NatGateway securecart-net-nat-2",
      "aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-ecr-api",
      "aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-ecr-dkr",
      "aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-logs",
      "aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-secretsmanager",
    ].map((r) => `create ${r} `);
    assert.deepEqual(
      moved.sort(),
      [
        "update aws:appautoscaling/target:Target securecart-storefront-scaling minCapacity",
        "update aws:arcregionswitch/plan:Plan securecart-region-switch-plan recoveryTimeObjectiveMinutes",
        "update aws:autoscaling/group:Group securecart-ecs-hosts minSize",
        ...created,
        "update aws:ec2/route:Route securecart-net-app-default-1 natGatewayId",
        "update aws:ec2/route:Route securecart-net-app-default-2 natGatewayId",
        "update aws:elasticache/replicationGroup:ReplicationGroup securecart-cache-rg nodeType",
      ].sort(),
    );
    // The first AZ's gateway and its Elastic IP are the same resources in both tiers.
    for (const n of ["securecart-net-nat-0"])
      assert.ok(
        changes.filter((c) => nameOf(c) === n).every((c) => c.op === "same"),
        n,
      );
  });

  it("backup-restore → pilot-light builds the recovery region around the kept vault and bucket", async () => {
    const changes = await diffOf("recovery", "backup-restore", "pilot-light");
    // Only the rebuild's credentials go: a running region has the primary's replicated secret instead.
    assert.deepEqual(ops(changes, "delete", [...STATEFUL, "aws:backup/plan:Plan"]), [
      "aws:secretsmanager/secret:Secret securecart-rebuild-db-credentials",
    ]);
    assert.ok(changes.some((c) => c.op === "create" && c.type === "aws:rds/cluster:Cluster"));
    assert.ok(
      changes.some((c) => c.op === "create" && c.type === "aws:dynamodb/tableReplica:TableReplica"),
    );
  });
});

describe("tier switch: the replace-on-change table", function () {
  this.timeout(300_000);
  const types = (
    replaceTable as unknown as { types: Record<string, { replaceOnChanges: string[] }> }
  ).types;

  it("covers every resource type of all 8 plans (components aside)", async () => {
    const planned = new Set<string>();
    for (const tier of DR_TIERS)
      for (const s of (await planTier(tier)).stacks)
        for (const r of s.resources) planned.add(r.type);
    const missing = [...planned].filter((t) => !t.startsWith("securecart:") && !types[t]);
    assert.deepEqual(missing, []);
  });

  it("records its sources: the provider doc's commit and CloudFormation's replacement properties", () => {
    const cluster = (replaceTable as any).types["aws:rds/cluster:Cluster"];
    assert.match(cluster.sources.terraformDoc.commit, /^[0-9a-f]{40}$/);
    assert.ok(cluster.replaceOnChanges.includes("kmsKeyId"));
    assert.ok(cluster.replaceOnChanges.includes("clusterIdentifier"));
    assert.ok(!cluster.replaceOnChanges.includes("masterPassword"));
    assert.match((replaceTable as any).provider, /^@pulumi\/aws 7\./);
  });
});

describe("tier switch: how the diff decides", () => {
  const res = (
    name: string,
    inputs: Record<string, unknown>,
    extra: Partial<PlannedResource> = {},
  ): PlannedResource => ({
    urn: `urn:pulumi:s::securecart::aws:rds/cluster:Cluster::${name}`,
    type: "aws:rds/cluster:Cluster",
    name,
    parent: null,
    inputs,
    dependencies: [],
    propertyDependencies: {},
    ...extra,
  });

  it("a forcing input replaces; another input updates; an ignored one is no change", () => {
    const old = [
      res("a", { kmsKeyId: "k1", backupRetentionPeriod: 7, globalClusterIdentifier: "g" }),
    ];
    assert.deepEqual(
      diffResources(old, [
        res("a", { kmsKeyId: "k2", backupRetentionPeriod: 7, globalClusterIdentifier: "g" }),
      ]).map((c) => [c.op, c.keys]),
      [["replace", ["kmsKeyId"]]],
    );
    assert.deepEqual(
      diffResources(old, [
        res("a", { kmsKeyId: "k1", backupRetentionPeriod: 14, globalClusterIdentifier: "g" }),
      ]).map((c) => [c.op, c.keys]),
      [["update", ["backupRetentionPeriod"]]],
    );
    const ignored = [
      res(
        "a",
        { kmsKeyId: "k1", backupRetentionPeriod: 7 },
        { ignoreChanges: ["globalClusterIdentifier"] },
      ),
    ];
    assert.deepEqual(
      diffResources(old, ignored).map((c) => c.op),
      ["same"],
    );
  });

  it("matches a renamed resource through its alias, and deletes what nothing matches", () => {
    const old = [res("old", { kmsKeyId: "k" }), res("gone", { deletionProtection: true })];
    const renamed = res("new", { kmsKeyId: "k" }, { aliases: [old[0].urn] });
    const changes = diffResources(old, [renamed]);
    assert.deepEqual(
      changes.map((c) => [c.op, nameOf(c), c.from ?? null]),
      [
        ["same", "new", old[0].urn],
        ["delete", "gone", null],
      ],
    );
    assert.equal(changes[1].blocked?.by, "deletion protection (deletionProtection)");
  });

  it("an input that comes from a replaced resource changes with it, and protect blocks the replacement", () => {
    const key = { ...res("key", { kmsKeyId: "k1" }), protect: true };
    const user = res(
      "user",
      { kmsKeyId: "arn-of-key" },
      { propertyDependencies: { kmsKeyId: [key.urn] } },
    );
    const changes = diffResources([key, user], [{ ...key, inputs: { kmsKeyId: "k2" } }, user]);
    assert.deepEqual(
      changes.map((c) => [c.op, c.keys]),
      [
        ["replace", ["kmsKeyId"]],
        ["replace", ["kmsKeyId"]],
      ],
    );
    assert.equal(changes[0].blocked?.by, "protect");
    assert.match(
      changes[0].blocked!.lift,
      /^pulumi state unprotect 'urn:pulumi:s::securecart::aws:rds\/cluster:Cluster::key' --stack s$/,
    );
  });
});
