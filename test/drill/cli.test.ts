import assert from "node:assert/strict";
import { parseArgs, parseDuration } from "../../scripts/drill/cli";

describe("npm run drill arguments", () => {
  it("defaults to a 30 s warm-standby drill at 100 orders/s with failback and a hard timeout", () => {
    const a = parseArgs([]);
    assert.deepEqual(
      [a.tier, a.durationMs, a.rate, a.resultsDir, a.failback, a.hardTimeoutMs],
      ["warm-standby", 30_000, 100, "drill-results", true, 300_000],
    );
  });

  it("reads flags in both --flag value and --flag=value forms", () => {
    const a = parseArgs([
      "--tier",
      "active-active",
      "--duration=4s",
      "--rate",
      "20",
      "--no-failback",
      "--timeout",
      "1m",
    ]);
    assert.deepEqual(
      [a.tier, a.durationMs, a.rate, a.failback, a.hardTimeoutMs],
      ["active-active", 4000, 20, false, 60_000],
    );
  });

  it("rejects unknown tiers, flags and bad values", () => {
    assert.throws(() => parseArgs(["--tier", "gold"]), /--tier must be/);
    assert.throws(() => parseArgs(["--rate", "0"]), /--rate/);
    assert.throws(() => parseArgs(["--bogus"]), /unknown option --bogus/);
    assert.throws(() => parseDuration("soon"), /not a duration/);
    assert.equal(parseDuration("500ms"), 500);
  });
});
