/** The runbook's dry run with ARC routing control on (`--config arcRoutingControl=true`): data-plane calls only. */
import assert from "node:assert/strict";
import * as fs from "fs";
import { ArgError, main, parseArgs } from "../../scripts/failover/cli";
import { EU, stackOutputs, tmpDir, writeOutputs } from "./fakeAws";

async function dryRun(argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(argv, { log: (l) => lines.push(l), cliAvailable: () => false });
  return { code, lines };
}

/** The printed API calls: the indented lines under each step. */
const callsOf = (lines: string[]) => lines.filter((l) => /^\s{5}\S/.test(l)).map((l) => l.trim());

describe("failover dry run with ARC routing control", function () {
  this.timeout(120_000);

  it("warm-standby: plans with the key on, then sets routing controls through ARC's data plane, never Route 53's API", async () => {
    const { code, lines } = await dryRun([
      "--to",
      EU,
      "--dry-run",
      "--tier",
      "warm-standby",
      "--config",
      "arcRoutingControl=true",
    ]);
    assert.equal(code, 0, lines.join("\n"));
    assert.ok(lines.includes("inputs: the offline plan (mock ids)"));
    const calls = callsOf(lines);
    const arc = calls.filter((c) => c.startsWith("route53-recovery-cluster@"));
    assert.equal(arc.length, 2, calls.join("\n"));
    // The plan's five endpoints, the failing region's last.
    const order = "us-west-2|eu-west-1|ap-northeast-1|ap-southeast-2|us-east-1";
    assert.ok(
      arc[0].startsWith(`route53-recovery-cluster@${order} GetRoutingControlState `),
      arc[0],
    );
    assert.match(arc[0], /→ skip if already eu-west-1=On us-east-1=Off$/);
    const control =
      "arn:aws:route53-recovery-control::\\d{12}:controlpanel/[0-9a-f]+/routingcontrol/[0-9a-f]+";
    const update =
      `^route53-recovery-cluster@\\S+ UpdateRoutingControlStates ${control}=On ${control}=Off ` +
      "\\(data plane, endpoints tried in turn\\)$";
    assert.match(arc[1], new RegExp(update));
    assert.ok(!calls.some((c) => /^route53@/.test(c)), "no call to Route 53's API");
    // The switch object is written too: with ARC on it no longer gates a record, but it is the write fence.
    assert.deepEqual(
      calls
        .filter((c) => /^s3@/.test(c))
        .map((c) => c.replace(/securecart-routing-bucket-[0-9a-f]+/, "BUCKET")),
      [
        "s3@eu-west-1 GetObject BUCKET/routing/primary → skip if it already says primary=off",
        's3@eu-west-1 PutObject BUCKET/routing/primary "primary=off" (data plane: the storefronts\' write fence)',
      ],
    );
  });

  it("a failback sets both controls On again, the steady state", async () => {
    const dir = tmpDir();
    try {
      const file = writeOutputs(dir, stackOutputs("warm-standby", { arc: true }));
      const { code, lines } = await dryRun([
        "--to",
        EU,
        "--failback",
        "--dry-run",
        "--outputs",
        file,
      ]);
      assert.equal(code, 0, lines.join("\n"));
      const arc = callsOf(lines).filter((c) => c.startsWith("route53-recovery-cluster@"));
      // The fake outputs' two endpoints; eu-west-1, the region given up, is tried last.
      const at = "route53-recovery-cluster@us-west-2|eu-west-1";
      assert.deepEqual(arc, [
        `${at} GetRoutingControlState arn:rc/us arn:rc/eu → skip if already us-east-1=On eu-west-1=On`,
        `${at} UpdateRoutingControlStates arn:rc/us=On arn:rc/eu=On (data plane, endpoints tried in turn)`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes --config only for an offline dry run, and reports a bad value as a config error", async () => {
    assert.throws(
      () => parseArgs(["--to", EU, "--config", "arcRoutingControl=true"]),
      (e: unknown) =>
        e instanceof ArgError && /--config plans offline, so it needs --dry-run/.test(e.message),
    );
    assert.throws(
      () => parseArgs(["--to", EU, "--dry-run", "--config", "arcRoutingControl"]),
      /--config takes KEY=VALUE/,
    );
    const inline = parseArgs(["--to", EU, "--dry-run", "--config=arcRoutingControl=true"]);
    assert.deepEqual(inline.config, { "securecart:arcRoutingControl": "true" });
    const { code, lines } = await dryRun([
      "--to",
      EU,
      "--dry-run",
      "--config",
      "arcRoutingControl=maybe",
    ]);
    assert.equal(code, 2);
    assert.equal(
      lines[0],
      "failover: offline plan: prod-us-east-1: invalid stack configuration:\n" +
        '  - securecart:arcRoutingControl must be true or false (got "maybe")',
    );
  });
});
