/**
 * A short real drill (warm standby, a few seconds of load): two PostgreSQL clusters, two storefronts, the router,
 * a kill, the runbook, a failback. Needs /usr/lib/postgresql/15/bin and (as root) the `postgres` user.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DrillResult, runDrill } from "../../scripts/drill/drill";
import { readJournal } from "../../scripts/drill/journal";
import { passed, table, writeReport } from "../../scripts/drill/report";

const pgAvailable = existsSync("/usr/lib/postgresql/15/bin/initdb");

describe("npm run drill (warm standby, short)", function () {
  this.timeout(90_000);
  let result: DrillResult;
  let resultsDir: string;
  const lines: string[] = [];

  before(async function () {
    if (!pgAvailable) this.skip();
    resultsDir = mkdtempSync(path.join(os.tmpdir(), "drill-test-"));
    result = await runDrill({
      tier: "warm-standby",
      durationMs: 4000,
      rate: 20,
      resultsDir,
      failback: true,
      hardTimeoutMs: 80_000,
      log: (l) => lines.push(l),
    });
    writeReport(result);
  });

  after(() => {
    if (resultsDir) rmSync(resultsDir, { recursive: true, force: true });
  });

  it("completes the failover and the failback without error", () => {
    assert.equal(result.error, undefined, `${result.error}\n${lines.join("\n")}`);
    assert.deepEqual(
      result.measurements.map((m) => m.direction),
      ["failover", "failback"],
    );
  });

  it("stores no order twice and accounts for every acknowledged order", () => {
    for (const m of result.measurements) {
      assert.equal(m.duplicates, 0);
      const journal = readJournal(path.join(result.outDir, `journal-${m.direction}.jsonl`));
      assert.ok(journal.length > 0);
      assert.equal(m.rpo.acknowledged, new Set(journal.map((e) => e.key)).size);
      // Every acknowledged order is either found in the new primary or counted as lost.
      assert.equal(m.rpo.lostKeys.length, m.rpo.lostOrders);
      assert.ok(m.rpo.lostKeys.every((k) => journal.some((e) => e.key === k)));
    }
  });

  it("reports RTO parts that add up, and phases that add up to every attempt", () => {
    for (const m of result.measurements) {
      assert.ok(m.firstAckMs !== null && m.firstAckMs > 0);
      assert.equal(
        m.parts.detectionMs + m.parts.promotionMs + (m.parts.warmUpMs ?? 0),
        m.firstAckMs,
      );
      assert.equal(m.firstAckAt! - m.faultAt, m.firstAckMs);
      // Steady checkout comes at or after the first acknowledged order.
      assert.ok(m.rtoMs !== null && m.rtoMs >= m.firstAckMs, `${m.rtoMs} vs ${m.firstAckMs}`);
      const ph = m.phases;
      const total = m.series.reduce((n, b) => n + b.acks + b.errors, 0);
      assert.equal(ph.before.attempts + ph.during.attempts + ph.after.attempts, total);
      assert.ok(ph.after.acks > 0, "orders flow again after the failover");
    }
  });

  it("meets the warm-standby contract and the drill goal, and writes the report and charts", () => {
    assert.ok(passed(result), table(result));
    const doc = JSON.parse(readFileSync(path.join(result.outDir, "report.json"), "utf8"));
    assert.equal(doc.pass, true);
    assert.match(
      readFileSync(path.join(result.outDir, "timeline-failover.svg"), "utf8"),
      /^<\?xml[^>]*>\s*<svg /,
    );
  });

  it("leaves no process or data directory behind", () => {
    assert.deepEqual(result.leftovers, []);
    assert.deepEqual(result.cleanupErrors, []);
  });
});
