import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Journal, JournalEntry, reconcile } from "../../scripts/drill/journal";
import { measure, MeasureInput, p99, perSecond, steadyAt } from "../../scripts/drill/measure";

const entry = (n: number, ackAt: number, region = "us-east-1"): JournalEntry => ({
  key: `k-${n}`,
  id: `ord-${n}`,
  region,
  sentAt: ackAt - 10,
  ackAt,
  attempts: 1,
});
const row = (n: number) => ({ id: `ord-${n}`, idempotencyKey: `k-${n}`, customerId: `k-${n}` });

describe("drill journal and reconciliation", () => {
  it("round-trips entries through the file", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "journal-"));
    try {
      const j = new Journal(path.join(dir, "j.jsonl"));
      j.append(entry(1, 1000));
      j.append(entry(2, 2000));
      assert.deepEqual(j.read(), [entry(1, 1000), entry(2, 2000)]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("counts acknowledged orders missing from the database as lost, with their time window", () => {
    const r = reconcile([entry(1, 1000), entry(2, 2000), entry(3, 3000)], [row(1)]);
    assert.equal(r.acknowledged, 3);
    assert.equal(r.found, 1);
    assert.deepEqual(
      r.missing.map((m) => m.key),
      ["k-2", "k-3"],
    );
    assert.deepEqual(r.lostWindow, { from: 2000, to: 3000 });
    assert.deepEqual(r.duplicates, []);
  });

  it("ignores stored orders the client never saw acknowledged (they are not lost)", () => {
    const r = reconcile([entry(1, 1000)], [row(1), row(9)]);
    assert.equal(r.missing.length, 0);
    assert.equal(r.lostWindow, null);
  });

  it("finds duplicates: two rows for one logical order, or two ids for one key", () => {
    const r = reconcile(
      [entry(1, 1000), { ...entry(1, 1500), id: "ord-1b" }],
      [row(1), { ...row(2), customerId: "k-1" }],
    );
    assert.deepEqual(r.duplicates, ["k-1"]);
  });
});

/** A us-east-1 → eu-west-1 kill at 1 s, detected at 3 s, promoted at 3.5 s, with the given records. */
function measureFault(recorded: Pick<MeasureInput, "attempts" | "journal" | "reconciliation">) {
  return measure({
    direction: "failover",
    from: "us-east-1",
    to: "eu-west-1",
    faultKind: "kill",
    faultAt: 1_000,
    detectedAt: 3_000,
    promotedAt: 3_500,
    loadStart: 0,
    unacknowledged: 0,
    rejected: 0,
    steps: [],
    ...recorded,
  });
}

describe("drill measurements", () => {
  it("p99 is the nearest rank", () => {
    assert.equal(p99([]), null);
    assert.equal(p99(Array.from({ length: 100 }, (_, i) => i + 1)), 99);
    assert.equal(p99([5]), 5);
  });

  it("the first ack runs from the fault to the first recovery ack sent after it, and its parts add up", () => {
    const journal = [
      entry(1, 900),
      entry(2, 1_050, "us-east-1"),
      entry(3, 4_000, "eu-west-1"),
      entry(4, 4_500, "eu-west-1"),
    ];
    const attempts = [
      { t: 100, ms: 20, status: 201, key: "k-1" },
      { t: 1_500, ms: 5, status: 502, key: "k-3" },
      { t: 3_990, ms: 10, status: 201, key: "k-3" },
    ];
    const m = measureFault({
      attempts,
      journal,
      reconciliation: reconcile(journal, [row(1), row(3), row(4)]),
    });
    assert.equal(m.firstAckMs, 3_000);
    assert.equal(m.parts.detectionMs + m.parts.promotionMs + (m.parts.warmUpMs ?? 0), m.firstAckMs);
    // One ack is not checkout working again: three steady seconds never follow here.
    assert.equal(m.rtoMs, null);
    assert.deepEqual(m.parts, { detectionMs: 2_000, promotionMs: 500, warmUpMs: 500 });
    // k-2 was sent before the fault and acknowledged just after it by the old primary, then lost with it.
    assert.equal(m.rpo.lostOrders, 1);
    assert.equal(m.rpo.lostWindowMs, 0);
    // The recovery ack's attempt started before the first ack landed, so it belongs to "during".
    assert.deepEqual(
      [
        m.phases.before.attempts,
        m.phases.during.attempts,
        m.phases.during.errors,
        m.phases.after.attempts,
      ],
      [1, 2, 1, 0],
    );
    assert.deepEqual(perSecond(attempts, 0), [
      { second: 0, acks: 1, errors: 0 },
      { second: 1, acks: 0, errors: 1 },
      { second: 2, acks: 0, errors: 0 },
      { second: 3, acks: 0, errors: 0 },
      { second: 4, acks: 1, errors: 0 },
    ]);
  });

  it("RTO ends at the first ack of the first 3 consecutive seconds with ≥ 99% of attempts acknowledged", () => {
    // Fault at 1 s. Second 1: all fail; 2: 1 of 2 ok; 3, 4, 5: all ok except 1 of 100 in second 4.
    const at = (t: number, ok: boolean) => ({ t, ms: 10, status: ok ? 201 : 503, key: `k-${t}` });
    const attempts = [
      at(1_100, false),
      at(1_500, false),
      at(2_100, true),
      at(2_500, false),
      at(3_100, true),
      at(3_500, true),
      ...Array.from({ length: 99 }, (_, i) => at(4_000 + i, true)),
      at(4_900, false),
      at(5_100, true),
    ];
    // The window starts at second 2 (3.0 s); checkout works from its first acknowledgement, answered at 3.11 s.
    assert.equal(steadyAt(attempts, 1_000), 3_110);
    const m = measureFault({ attempts, journal: [], reconciliation: reconcile([], []) });
    assert.equal(m.rtoMs, 2_110);
    // Below 99% in the middle second restarts the window: no three steady seconds remain.
    assert.equal(steadyAt([...attempts, at(4_950, false)], 1_000), null);
  });

  it("RPO window reaches back from the fault to the earliest lost acknowledgement", () => {
    const journal = [entry(1, 200), entry(2, 700)];
    const m = measureFault({ attempts: [], journal, reconciliation: reconcile(journal, [row(1)]) });
    assert.equal(m.rtoMs, null);
    assert.equal(m.rpo.lostWindowMs, 300);
  });
});
