import assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { isDrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { ArgError, main, parseArgs } from "../../scripts/failover/cli";
import { configEdits } from "../../scripts/failover/configEdits";
import { arnName, InputsError, loadInputs, toRunbookInputs } from "../../scripts/failover/inputs";
import { EU, stackOutputs, tmpDir, US, writeOutputs } from "./fakeAws";

const ROOT = path.resolve(__dirname, "..", "..");

describe("failover CLI arguments", () => {
  it("parses the flags", () => {
    const a = parseArgs([
      "--to",
      EU,
      "--dry-run",
      "--failback",
      "--step-timeout-minutes=2",
      "--allow-data-loss",
    ]);
    assert.deepEqual(
      {
        to: a.to,
        dryRun: a.dryRun,
        failback: a.failback,
        stepTimeoutMs: a.stepTimeoutMs,
        allowDataLoss: a.allowDataLoss,
      },
      { to: EU, dryRun: true, failback: true, stepTimeoutMs: 120_000, allowDataLoss: true },
    );
  });

  const cases: [string[], RegExp][] = [
    [[], /^--to is required \(one of us-east-1, eu-west-1\)$/],
    [["--to", "ap-south-1"], /^unknown region ap-south-1: valid regions are us-east-1, eu-west-1$/],
    [["--to"], /^--to needs a value$/],
    [["--to", EU, "--force"], /^unknown option --force; see --help$/],
    [
      ["--to", EU, "--step-timeout-minutes", "0"],
      /^--step-timeout-minutes must be a positive number, got 0$/,
    ],
  ];
  for (const [argv, message] of cases) {
    it(`rejects ${JSON.stringify(argv)} with one clear line`, () => {
      assert.throws(
        () => parseArgs(argv),
        (e: unknown) =>
          e instanceof ArgError && message.test(e.message) && !e.message.includes("\n"),
      );
    });
  }

  it("exits 2 when --to is already the primary, and when the outputs lack a key", async () => {
    const dir = tmpDir();
    try {
      const lines: string[] = [];
      const file = writeOutputs(dir, stackOutputs("warm-standby"));
      assert.equal(
        await main(["--to", US, "--outputs", file], {
          log: (l) => lines.push(l),
          cliAvailable: () => false,
        }),
        2,
      );
      assert.match(
        lines[0],
        /^failover: --to us-east-1 is already the primary region \(stack prod-us-east-1\); fail over to eu-west-1/,
      );

      const broken = stackOutputs("warm-standby");
      delete broken["prod-eu-west-1"].asgArn;
      delete broken["prod-us-east-1"].globalClusterId;
      lines.length = 0;
      assert.equal(
        await main(["--to", EU, "--outputs", writeOutputs(dir, broken)], {
          log: (l) => lines.push(l),
          cliAvailable: () => false,
        }),
        2,
      );
      assert.equal(
        lines[0],
        "failover: stack outputs lack what the warm-standby runbook needs: prod-eu-west-1.asgArn, globalClusterId",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a real run on the offline plan's mock ids when there is no Pulumi CLI", async () => {
    await assert.rejects(
      loadInputs({ dryRun: false, cliAvailable: () => false }),
      (e: unknown) => e instanceof InputsError && /pass --outputs FILE/.test(e.message),
    );
  });
});

describe("failover inputs", () => {
  it("maps stack outputs to typed inputs, tier from the primary", () => {
    const i = toRunbookInputs(stackOutputs("active-active"), "file");
    assert.equal(i.tier, "active-active");
    assert.equal(i.primaryRegion, US);
    assert.equal(i.regions[EU].asgName, "securecart-ecs-hosts-eu-west-1");
    assert.equal(i.regions[EU].stack, "prod-eu-west-1");
  });

  it("reads names out of both ARN styles", () => {
    assert.equal(arnName("arn:aws:rds:eu-west-1:1:cluster:orders"), "orders");
    assert.equal(
      arnName("arn:aws:autoscaling:us-east-1:1:autoScalingGroup:u-u:autoScalingGroupName/hosts"),
      "hosts",
    );
    assert.equal(arnName("arn:aws:backup:eu-west-1:1:backup-vault:dr"), "dr");
  });
});

describe("failover config edits (DESIGN decision 9)", () => {
  for (const tier of ["pilot-light", "warm-standby", "active-active"] as const) {
    it(`${tier}: none, in either direction: pulumi up is a no-op on both stacks`, () => {
      for (const [from, to] of [
        [US, EU],
        [EU, US],
      ]) {
        const side = (r: string) => ({
          stack: r === US ? "prod-us-east-1" : "prod-eu-west-1",
          region: r,
        });
        const plan = configEdits({
          tier,
          from: side(from),
          to: side(to),
          globalClusterId: "orders-global",
        });
        assert.deepEqual([plan.edits, plan.commands], [[], []]);
        assert.match(plan.notes[0], /^none: `pulumi up` is a no-op on/);
        assert.match(plan.notes[1], /re-home procedure in scripts\/failover\/README\.md/);
        assert.ok(!plan.notes.join(" ").includes("state move"));
      }
    });
  }

  it("backup-restore: the rebuild is one value on the recovery stack; no role swap, no import, no topology edit", () => {
    const snapshot = "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-new";
    const plan = configEdits({
      tier: "backup-restore",
      from: { stack: "prod-us-east-1", region: US },
      to: { stack: "prod-eu-west-1", region: EU },
      rebuildSnapshotArn: snapshot,
    });
    assert.deepEqual(plan.commands, [
      `pulumi config set securecart:rebuildFromSnapshot ${snapshot} --stack prod-eu-west-1`,
    ]);
    assert.deepEqual(plan.edits, [
      {
        stack: "prod-eu-west-1",
        file: "Pulumi.prod-eu-west-1.yaml",
        set: { "securecart:rebuildFromSnapshot": snapshot },
        remove: [],
      },
    ]);
    const notes = plan.notes.join("\n");
    assert.match(notes, /then: pulumi up --stack prod-eu-west-1\./);
    assert.doesNotMatch(notes, /pulumi import|state move|topology\.ts/);
  });
});

describe("npm run failover -- --dry-run (offline plan, no credentials)", function () {
  this.timeout(60_000);
  it("prints the configured tier's steps without any AWS call", () => {
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith("AWS_")) delete env[k];
    env.AWS_EC2_METADATA_DISABLED = "true";
    const r = spawnSync(
      process.execPath,
      [
        "--stack-trace-limit=0",
        "-r",
        "esbuild-register",
        "scripts/failover/cli.ts",
        "--to",
        EU,
        "--dry-run",
      ],
      { cwd: ROOT, env, encoding: "utf8", timeout: 55_000 },
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const tier = /failover: (\S+), us-east-1 → eu-west-1 \(dry run/.exec(r.stdout)?.[1];
    assert.ok(isDrTier(tier), r.stdout);
    const steps = r.stdout
      .split("\n")
      .filter((l) => /^\d+\. /.test(l))
      .map((l) => l.replace(/^\d+\. /, ""));
    assert.deepEqual(steps, [...TIER_PROFILES[tier].failoverSteps]);
    assert.match(r.stdout, /inputs: the offline plan \(mock ids\)/);
    assert.match(
      r.stdout,
      /config edits after the failover \(DESIGN decision 9\):\n {2}- none: `pulumi up` is a no-op on prod-eu-west-1 and prod-us-east-1/,
    );
    assert.ok(!r.stdout.includes("route53@"), "no Route 53 API call");
  });
});
