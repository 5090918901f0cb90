/** The offline plan's command line (DESIGN.md, contract 1), run as a user runs it. */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

function plan(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ["--stack-trace-limit=0", "-r", "esbuild-register", "scripts/plan.ts", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("plan: command line", function () {
  this.timeout(120_000);

  it("rejects an unknown stack in one line that lists the valid ones", () => {
    const r = plan("--stack", "prod-ap-south-1");
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr.trim(),
      'plan: unknown stack "prod-ap-south-1"; valid stacks: prod-us-east-1, prod-eu-west-1',
    );
    assert.equal(r.stdout, "");
  });

  it("rejects an unknown tier in one line that lists the valid ones", () => {
    const r = plan("--tier", "hot-standby");
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr.trim(),
      'plan: unknown tier "hot-standby"; valid tiers: backup-restore, pilot-light, warm-standby, active-active',
    );
  });

  it("prints exactly one JSON document for --json --stack", () => {
    const r = plan("--json", "--stack", "prod-eu-west-1", "--tier", "pilot-light");
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), [
      "stack",
      "region",
      "role",
      "tier",
      "resources",
      "violations",
      "contract",
      "outputs",
    ]);
    assert.equal(doc.stack, "prod-eu-west-1");
    assert.equal(doc.role, "recovery");
    assert.equal(doc.tier, "pilot-light");
    const keys = [
      "urn",
      "type",
      "name",
      "parent",
      "inputs",
      "dependencies",
      "ignoreChanges",
      "protect",
      "retainOnDelete",
      "deleteBeforeReplace",
      "aliases",
    ];
    for (const r of doc.resources) assert.deepEqual(Object.keys(r), keys);
    const roots = doc.resources.filter((r: { parent: string | null }) => r.parent === null);
    assert.ok(roots.some((r: { type: string }) => r.type === "securecart:tiers:DrTier"));
    assert.ok(
      doc.resources.every(
        (r: { parent: string | null }) =>
          r.parent === null || r.parent.startsWith("urn:pulumi:prod-eu-west-1::securecart::"),
      ),
    );
    assert.deepEqual(Object.keys(doc.contract.monthlyUsd), ["primary", "recovery"]);
  });

  it("plans both stacks as a readable tree by default, as pulumi preview prints one", () => {
    const r = plan("--tier", "warm-standby");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Stack prod-us-east-1 \(us-east-1, primary, tier warm-standby\)$/m);
    assert.match(r.stdout, /^Stack prod-eu-west-1 \(eu-west-1, recovery, tier warm-standby\)$/m);
    assert.match(r.stdout, /^ +Type +Name +Plan$/m);
    assert.match(r.stdout, /^ \+ +pulumi:pulumi:Stack +securecart-prod-us-east-1 +create$/m);
    assert.match(r.stdout, /^ \+ +[└├]─ securecart:tiers:DrTier +securecart +create$/m);
    // Type tokens as the CLI displays them: the module stays, so the two clusters never read alike.
    for (const type of [
      "aws:rds:Cluster",
      "aws:ecs:Cluster",
      "aws:autoscaling:Group",
      "aws:backup:Plan",
      "aws:arcregionswitch:Plan",
    ]) {
      assert.match(r.stdout, new RegExp(`─ ${type} +securecart-\\S+ +create$`, "m"), type);
    }
    assert.doesNotMatch(r.stdout, /─ aws:(cluster|plan|group)\b/);
    // Every resource line, leaves too, has a type, a name and a plan.
    const rows = r.stdout.split("\n").filter((l) => /^ [+>] /.test(l));
    assert.ok(rows.length > 400, `${rows.length} resource lines`);
    for (const row of rows)
      assert.match(
        row,
        /^ [+>] +[│├└─ ]*[a-z-]+:[A-Za-z0-9-]+:[A-Za-z0-9-]+ +\S+ +(create|read)$/,
        row,
      );
    // The recovery stack reads its primary; its second provider is created, as preview shows them.
    assert.match(r.stdout, /^ > +├─ pulumi:pulumi:StackReference +securecart-primary +read$/m);
    assert.match(r.stdout, /─ pulumi:providers:aws +securecart-primary-region +create$/m);
    assert.match(r.stdout, /^Outputs:\n( {4}\S.*\n)+/m);
    assert.match(r.stdout, /^ {4}drTier +: "warm-standby"$/m);
    assert.match(r.stdout, /^Resources:\n {4}\+ \d+ to create\n {4}> 1 to read\n/m);
    assert.doesNotMatch(r.stdout, /^ +\d+ +aws:/m, "the one-per-line table waits for --summary");
    // DESIGN.md contract 1: the default tree still gives the resource count by type, wrapped.
    assert.match(
      r.stdout,
      /^ {4}by type \(one per line: npm run plan -- --summary\):\n {6}aws:\S+ \d+, /m,
    );
    assert.match(r.stdout, /[ ,]aws:rds:Cluster \d+(,|$)/m);
    assert.match(
      r.stdout,
      /^DR contract: RPO 1 s, RTO 4.85 min, cost \$[0-9,]+\/month primary \/ \$[0-9,]+\/month recovery$/m,
    );
    assert.match(r.stdout, /^Cross-stack pairs \(both stacks together\):$/m);
  });

  it("an advisory says why it is only advice: the recovery stack owns the backup copy", () => {
    const r = plan("--stack", "prod-us-east-1", "--tier", "warm-standby", "--summary");
    assert.equal(r.status, 0, r.stderr);
    const advisory = r.stdout.slice(
      r.stdout.indexOf("- [advisory]  backup-plan-copy-action-advisory"),
    );
    const why =
      /\(aws:backup:Plan: securecart-backup-\w+\) In the primary stack .* the recovery stack owns the copy/;
    assert.match(advisory.replace(/\s+/g, " "), why);
    assert.match(r.stdout, /^ {4}by type \(\d+ provider resources/m);
    assert.match(r.stdout, /^ +\d+ +aws:rds:Cluster$/m, "--summary counts by type");
  });

  it("writes the planned tier's diagram with --diagram", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "tier.svg");
    const r = plan("--tier", "pilot-light", "--diagram", file, "--json");
    assert.equal(r.status, 0, r.stderr);
    const svg = fs.readFileSync(file, "utf8");
    assert.match(svg, /^<\?xml[^>]*>\s*<svg /);
    assert.match(svg, /<title>SecureCart · pilot-light<\/title>/);
    assert.doesNotThrow(() => JSON.parse(r.stdout), "stdout stays one JSON document");
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it("compares the four tiers side by side", () => {
    const r = plan("--compare-tiers");
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^tier +RPO \(target\) +RTO \(target\) +primary \$\/mo +recovery \$\/mo +share \(target\) +policies$/m,
    );
    for (const tier of ["backup-restore", "pilot-light", "warm-standby", "active-active"]) {
      assert.match(
        r.stdout,
        new RegExp(`^${tier} +\\S.* ok +\\S.* ok +\\$`, "m"),
        `${tier} row meets RPO and RTO`,
      );
    }
  });
});

describe("plan: the tier-switch diff (--from)", function () {
  this.timeout(180_000);

  it("prints a readable diff per stack, like pulumi preview --diff", () => {
    const r = plan("--from", "pilot-light", "--tier", "warm-standby");
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split("\n").map((l) => l.replace(/\s+/g, " ").trim());
    assert.deepEqual(
      lines.filter((l) => /^(Stack|~|\+|-|Resources:)/.test(l)),
      [
        "Stack prod-us-east-1 (us-east-1, primary): pilot-light -> warm-standby",
        "~ aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy securecart-resilience-policy [description, name, policy, tags]",
        "Resources: 0 to create, 1 to update, 0 to replace, 0 to delete, 202 unchanged",
        "Stack prod-eu-west-1 (eu-west-1, recovery): pilot-light -> warm-standby",
        // Warm standby's per-AZ NAT gateways and interface endpoints (TierProfile.recovery.network), routes moved in place.
        "+ aws:ec2/eip:Eip securecart-net-nat-1",
        "+ aws:ec2/eip:Eip securecart-net-nat-2",
        "+ aws:ec2/natGateway:NatGateway securecart-net-nat-1",
        "+ aws:ec2/natGateway:NatGateway securecart-net-nat-2",
        "+ aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-ecr-api",
        "+ aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-ecr-dkr",
        "+ aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-logs",
        "+ aws:ec2/vpcEndpoint:VpcEndpoint securecart-net-secretsmanager",
        "~ aws:ec2/route:Route securecart-net-app-default-1 [natGatewayId]",
        "~ aws:ec2/route:Route securecart-net-app-default-2 [natGatewayId]",
        "~ aws:elasticache/replicationGroup:ReplicationGroup securecart-cache-rg [nodeType]",
        "~ aws:autoscaling/group:Group securecart-ecs-hosts [minSize]",
        "~ aws:appautoscaling/target:Target securecart-storefront-scaling [minCapacity]",
        "~ aws:arcregionswitch/plan:Plan securecart-region-switch-plan [recoveryTimeObjectiveMinutes]",
        "Resources: 8 to create, 6 to update, 0 to replace, 0 to delete, 230 unchanged",
      ],
    );
  });

  it("--json --stack: the stack doc gains from and one change per resource of either plan; a blocked delete exits 1", () => {
    const r = plan(
      "--json",
      "--stack",
      "prod-eu-west-1",
      "--from",
      "warm-standby",
      "--tier",
      "backup-restore",
    );
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(doc), [
      "stack",
      "region",
      "role",
      "tier",
      "resources",
      "violations",
      "contract",
      "outputs",
      "from",
      "changes",
    ]);
    assert.deepEqual(
      [doc.stack, doc.from, doc.tier],
      ["prod-eu-west-1", "warm-standby", "backup-restore"],
    );
    const ops = new Set(["same", "create", "update", "replace", "delete"]);
    for (const c of doc.changes) {
      assert.ok(ops.has(c.op), c.op);
      assert.ok(Array.isArray(c.keys));
    }
    // Every resource of the new plan, plus the old plan's resources it no longer has.
    const kept = doc.changes
      .filter((c: { op: string }) => c.op !== "delete")
      .map((c: { urn: string }) => c.urn);
    assert.deepEqual(
      kept,
      doc.resources.map((x: { urn: string }) => x.urn),
    );
    const cluster = doc.changes.find((c: { type: string }) => c.type === "aws:rds/cluster:Cluster");
    assert.equal(cluster.op, "delete");
    assert.deepEqual(cluster.blocked, {
      by: "deletion protection (deletionProtection)",
      lift: "pulumi config set securecart:deletionProtection false --stack prod-eu-west-1 && pulumi up --stack prod-eu-west-1, then switch the tier",
    });
  });

  it("--from alone diffs against the configured tier: a no-op shows every resource as same", () => {
    const r = plan("--json", "--stack", "prod-us-east-1", "--from", "warm-standby");
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual([doc.from, doc.tier], ["warm-standby", "warm-standby"]);
    assert.equal(doc.changes.length, doc.resources.length);
    assert.deepEqual(
      doc.changes.filter((c: { op: string }) => c.op !== "same"),
      [],
    );
  });

  it("rejects an unknown --from tier", () => {
    const r = plan("--from", "hot-standby");
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr.trim(),
      'plan: unknown tier "hot-standby" for --from; valid tiers: backup-restore, pilot-light, warm-standby, active-active',
    );
  });
});
