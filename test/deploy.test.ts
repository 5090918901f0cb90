/**
 * `npm run deploy` through the Automation API, against a recording stand-in for the `pulumi` CLI on PATH
 * (test/support/fakePulumi.js): the order, a preview with the policy pack before each `up`, and the stops.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

interface Call {
  argv: string[];
  policyConfig?: Record<string, Record<string, unknown>>;
}

function deploy(args: string[], env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "securecart-fake-pulumi-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  const standIn = path.join(__dirname, "support", "fakePulumi.js");
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/bin/sh\nexec "${process.execPath}" "${standIn}" "$@"\n`,
  );
  fs.chmodSync(path.join(bin, "pulumi"), 0o755);
  const log = path.join(dir, "calls.jsonl");
  const words = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.deploy as string
  ).split(/\s+/);
  try {
    const r = spawnSync(process.execPath, [...words.slice(1), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_PULUMI_LOG: log,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        ...env,
      },
    });
    const lines = fs.existsSync(log)
      ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean)
      : [];
    const calls: Call[] = lines.map((l) => JSON.parse(l));
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `preview prod-us-east-1`: the command and its stack, for comparing sequences. */
const shortly = (c: Call) => {
  const command = c.argv[0] === "stack" ? `stack ${c.argv[1]}` : c.argv[0];
  return c.argv.includes("--stack")
    ? `${command} ${c.argv[c.argv.indexOf("--stack") + 1]}`
    : command;
};
const flagValue = (c: Call, flag: string) => c.argv[c.argv.indexOf(flag) + 1];

describe("npm run deploy (Automation API, stand-in pulumi CLI)", function () {
  this.timeout(180_000);

  it("--dry-run shows the order and the checks, and runs nothing", () => {
    const r = deploy(["--dry-run"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, [], "no pulumi command, not even `pulumi version`");
    const lines = r.stdout.split("\n");
    assert.equal(
      lines[0],
      "deploy order: prod-us-east-1 → prod-eu-west-1 (each stack is previewed, checked, then updated)",
    );
    const at = (s: string) => lines.findIndex((l) => l.includes(s));
    assert.ok(
      at("1. prod-us-east-1 (primary, us-east-1)") < at("2. prod-eu-west-1 (recovery, eu-west-1)"),
    );
    assert.ok(
      lines.includes(
        "   policy config: role recovery, tier warm-standby, region eu-west-1, peer region us-east-1",
      ),
    );
    const preview = at("pulumi preview --stack prod-us-east-1 --policy-pack policy-pack");
    assert.ok(
      preview >= 0 && preview < at("pulumi up --yes --skip-preview --stack prod-us-east-1"),
    );
    assert.ok(
      lines.includes("   stop if the preview fails or a policy reports a mandatory violation"),
    );
  });

  it("previews and deploys the primary, then the recovery stack, each with the policy pack and its own config", () => {
    const r = deploy([]);
    assert.equal(r.status, 0, r.stderr);
    const sequence = r.calls.map(shortly);
    assert.equal(sequence[0], "version");
    const work = sequence.filter((s) => /^(stack select|preview|up) /.test(s));
    assert.deepEqual(work, [
      "stack select prod-us-east-1",
      "preview prod-us-east-1",
      "up prod-us-east-1",
      "stack select prod-eu-west-1",
      "preview prod-eu-west-1",
      "up prod-eu-west-1",
    ]);
    for (const c of r.calls.filter((c) => c.argv[0] === "preview" || c.argv[0] === "up")) {
      assert.equal(flagValue(c, "--policy-pack"), path.join(ROOT, "policy-pack"));
      const stack = flagValue(c, "--stack");
      const role = stack === "prod-us-east-1" ? "primary" : "recovery";
      // The config CI would write for the stack (policy-pack/policyConfig.ts): the role from the stack file, and the
      // facts of the tier (warm standby: the recovery region runs, at 1 or more) from the tier table.
      assert.deepEqual(c.policyConfig!["autoscaling-group-min-size"], {
        role,
        recoveryRuns: true,
        recoveryMinCapacity: 1,
      });
      assert.ok(c.argv.includes("--non-interactive"));
    }
    assert.ok(r.calls.filter((c) => c.argv[0] === "up").every((c) => c.argv.includes("--yes")));
  });

  it("stops on a mandatory violation in the recovery stack's preview: the primary deployed, the recovery stack not updated", () => {
    const r = deploy([], { FAKE_PULUMI_MANDATORY: "prod-eu-west-1" });
    assert.equal(r.status, 1);
    const work = r.calls.map(shortly).filter((s) => /^(preview|up) /.test(s));
    assert.deepEqual(work, [
      "preview prod-us-east-1",
      "up prod-us-east-1",
      "preview prod-eu-west-1",
    ]);
    assert.match(
      r.stderr,
      /deploy: stopped: the preview of prod-eu-west-1 failed on a mandatory policy violation/,
    );
    assert.match(
      r.stderr,
      /mandatory: securecart-dr\/rds-cluster-deletion-protection on urn:pulumi:prod-eu-west-1::/,
    );
  });

  it("stops on a failed preview of the primary before anything is updated", () => {
    const r = deploy([], { FAKE_PULUMI_FAIL_PREVIEW: "prod-us-east-1" });
    assert.equal(r.status, 1);
    assert.deepEqual(
      r.calls.map(shortly).filter((s) => /^(preview|up) /.test(s)),
      ["preview prod-us-east-1"],
    );
    assert.match(
      r.stderr,
      /deploy: stopped: the preview of prod-us-east-1 failed; it and every later stack were not updated/,
    );
    assert.match(r.stderr, /program failed/);
  });

  it("says so, and exits 2, when there is no usable pulumi CLI", () => {
    const r = deploy([], { FAKE_PULUMI_VERSION: "v2.0.0" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^deploy: no usable Pulumi CLI on PATH/);
  });
});
