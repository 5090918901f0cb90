import assert from "node:assert/strict";
import {
  TargetHealth,
  UNKNOWN,
  followerDrains,
  healthPathOf,
  observe,
  pickTargets,
} from "../../scripts/drill/routerHealth";

const fold = (oks: boolean[], threshold = 3, start: TargetHealth = UNKNOWN) =>
  oks.reduce((s, ok, i) => observe(s, ok, threshold, i), start);

describe("drill router health (Route 53 semantics)", () => {
  it("takes its first state from the first probe", () => {
    assert.equal(fold([true]).healthy, true);
    assert.equal(fold([false]).healthy, false);
  });

  it("fails a target only after `threshold` consecutive failures", () => {
    assert.equal(fold([true, false, false]).healthy, true);
    const down = fold([true, false, false, false]);
    assert.equal(down.healthy, false);
    assert.equal(down.changedAt, 3);
  });

  it("a success in between resets the streak", () => {
    assert.equal(fold([true, false, false, true, false, false]).healthy, true);
  });

  it("a failed target needs `threshold` consecutive successes to come back", () => {
    assert.equal(fold([false, true, true]).healthy, false);
    assert.equal(fold([false, true, true, true]).healthy, true);
  });

  const h = (healthy: boolean | undefined): TargetHealth => ({ healthy, streak: 0 });

  it("failover routing answers the PRIMARY while its deep check and the switch pass, else a healthy SECONDARY", () => {
    assert.deepEqual(pickTargets("failover", ["a", "b"], { a: h(true), b: h(true) }), ["a"]);
    assert.deepEqual(pickTargets("failover", ["a", "b"], { a: h(false), b: h(true) }), ["b"]);
    // The switch off takes a healthy PRIMARY out (a failover the runbook made), without inverting anything.
    assert.deepEqual(
      pickTargets("failover", ["a", "b"], { a: h(true), b: h(true) }, new Set(), false),
      ["b"],
    );
    // With both records failing, Route 53 answers with the PRIMARY.
    assert.deepEqual(
      pickTargets("failover", ["a", "b"], { a: h(true), b: h(false) }, new Set(), false),
      ["a"],
    );
  });

  it("switch-gated routing (a region rebuilt from backups) keeps the PRIMARY while the switch is on, however it is", () => {
    // The deep check only alerts: a dead PRIMARY is not left for a SECONDARY that nobody has rebuilt yet.
    assert.deepEqual(pickTargets("switch-gated", ["a", "b"], { a: h(false), b: h(false) }), ["a"]);
    assert.deepEqual(pickTargets("switch-gated", ["a", "b"], { a: h(false), b: h(true) }), ["a"]);
    // The operator's switch moves it to the rebuilt SECONDARY once that passes its check through the accelerator.
    assert.deepEqual(
      pickTargets("switch-gated", ["a", "b"], { a: h(false), b: h(true) }, new Set(), false),
      ["b"],
    );
    assert.deepEqual(
      pickTargets("switch-gated", ["a", "b"], { a: h(false), b: h(false) }, new Set(), false),
      ["a"],
    );
    assert.equal(healthPathOf("switch-gated"), "/health/deep");
  });

  it("all-healthy routing spreads over every healthy target and skips drained ones", () => {
    assert.deepEqual(pickTargets("all-healthy", ["a", "b"], { a: h(true), b: h(true) }), [
      "a",
      "b",
    ]);
    assert.deepEqual(
      pickTargets("all-healthy", ["a", "b"], { a: h(true), b: h(true) }, new Set(["a"])),
      ["b"],
    );
  });

  it("fails open when nothing is healthy (like Route 53), but never to a drained target", () => {
    assert.deepEqual(pickTargets("failover", ["a", "b"], { a: h(false), b: h(false) }), ["a"]);
    assert.deepEqual(
      pickTargets("all-healthy", ["a", "b"], { a: h(false), b: h(undefined) }, new Set(["a"])),
      ["b"],
    );
  });
});

describe("drill router as Global Accelerator (ELB target health, and the dial follower)", () => {
  const h = (healthy: boolean | undefined): TargetHealth => ({ healthy, streak: 0 });

  it("probes what each front door probes: Route 53 the deep check, GA the target group's shallow /healthz", () => {
    assert.equal(healthPathOf("failover"), "/health/deep");
    assert.equal(healthPathOf("all-healthy"), "/healthz");
  });

  it("drains the one region whose deep check fails while another serves; never the last, never both", () => {
    assert.equal(followerDrains({ us: h(false), eu: h(true) }, new Set()), "us");
    assert.equal(followerDrains({ us: h(false), eu: h(false) }, new Set()), undefined);
    assert.equal(
      followerDrains({ us: h(false), eu: h(true) }, new Set(["us"])),
      undefined,
      "already drained",
    );
    assert.equal(
      followerDrains({ us: h(false), eu: h(true) }, new Set(["eu"])),
      undefined,
      "the healthy one takes no traffic",
    );
    assert.equal(
      followerDrains({ us: h(undefined), eu: h(true) }, new Set()),
      undefined,
      "not yet probed",
    );
  });
});
