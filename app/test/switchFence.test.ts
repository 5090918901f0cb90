/** The routing switch's write fence as a state machine, fed by a fake reader (no S3). */
import assert from "node:assert/strict";
import { Metrics } from "../src/metrics";
import { NO_FENCE, SwitchFence } from "../src/region/switchFence";

/** A reader whose next answer the test sets: a body, `undefined` (no object), or an Error. */
function fakeSwitch(initial: string | undefined | Error) {
  const s = { next: initial, reads: 0 };
  const read = async () => {
    s.reads++;
    if (s.next instanceof Error) throw s.next;
    return s.next;
  };
  return { s, read };
}

const metricLines = async (m: Metrics, name: string) =>
  (await m.registry.getSingleMetricAsString(name)).split("\n").filter((l) => l.startsWith(name));

describe("app: write fence (routing switch)", () => {
  it("before the first successful read it is open, with nothing read", () => {
    const f = new SwitchFence({ read: fakeSwitch("primary=off").read, allows: "primary=on" });
    assert.equal(f.open, true);
    assert.deepEqual(f.status(), { state: "open" });
  });

  it("opens on the body it allows and closes on the other", async () => {
    const { s, read } = fakeSwitch("primary=on");
    const f = new SwitchFence({ read, allows: "primary=on" });
    const first = await f.refresh();
    assert.equal(first.state, "open");
    assert.equal(first.body, "primary=on");
    assert.ok(first.lastReadAt && Date.parse(first.lastReadAt) > Date.now() - 5000);
    assert.equal(first.lastError, undefined);
    s.next = "primary=off";
    assert.deepEqual(
      [(await f.refresh()).state, f.status().body, f.open],
      ["closed", "primary=off", false],
    );
  });

  it("the recovery stack's fence is the mirror image", async () => {
    const { s, read } = fakeSwitch("primary=on");
    const f = new SwitchFence({ read, allows: "primary=off" });
    assert.equal((await f.refresh()).state, "closed");
    s.next = "primary=off\n";
    assert.deepEqual(
      [(await f.refresh()).state, f.status().body],
      ["open", "primary=off"],
      "a trailing newline says nothing else",
    );
  });

  it("a read error keeps the last state, open or closed, and reports the error until a read succeeds", async () => {
    const { s, read } = fakeSwitch("primary=on");
    const f = new SwitchFence({ read, allows: "primary=on" });
    await f.refresh();
    const readAt = f.status().lastReadAt;
    s.next = new Error("connect ETIMEDOUT 52.95.1.1:443");
    const kept = {
      state: "open",
      body: "primary=on",
      lastReadAt: readAt,
      lastError: "connect ETIMEDOUT 52.95.1.1:443",
    };
    assert.deepEqual(await f.refresh(), kept);
    assert.equal(f.open, true, "a blip in the switch's S3 must not stop the primary's writes");
    s.next = "primary=off";
    await f.refresh();
    s.next = new Error("socket hang up");
    assert.deepEqual(
      [(await f.refresh()).state, f.status().lastError],
      ["closed", "socket hang up"],
    );
    s.next = "primary=off";
    assert.equal((await f.refresh()).lastError, undefined);
  });

  it("a failing first read leaves it open (the database role still gates)", async () => {
    const f = new SwitchFence({
      read: fakeSwitch(new Error("AccessDenied")).read,
      allows: "primary=off",
    });
    assert.deepEqual(await f.refresh(), { state: "open", lastError: "AccessDenied" });
  });

  it("a missing object allows no one", async () => {
    for (const allows of ["primary=on", "primary=off"]) {
      const f = new SwitchFence({ read: fakeSwitch(undefined).read, allows });
      const st = await f.refresh();
      assert.deepEqual([st.state, st.body], ["closed", undefined], allows);
    }
  });

  it("concurrent refreshes share one read", async () => {
    const { s, read } = fakeSwitch("primary=on");
    const f = new SwitchFence({ read, allows: "primary=on" });
    await Promise.all([f.refresh(), f.refresh(), f.refresh()]);
    assert.equal(s.reads, 1);
  });

  it("polls every pollMs once started, and stops", async () => {
    const { s, read } = fakeSwitch("primary=on");
    const f = new SwitchFence({ read, allows: "primary=on", pollMs: 20 });
    await f.start();
    try {
      assert.equal(f.open, true);
      s.next = "primary=off";
      const deadline = Date.now() + 2000;
      while (f.open && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.equal(f.open, false, "the flip is seen within a few polls");
    } finally {
      f.stop();
    }
    const reads = s.reads;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(s.reads, reads, "no reads after stop()");
  });

  it("exports write_fence_open per allowed body and counts read errors; no fence, no series", async () => {
    const m = new Metrics();
    const { s, read } = fakeSwitch("primary=on");
    const f = new SwitchFence({ read, allows: "primary=on", metrics: m });
    assert.deepEqual(await metricLines(m, "write_fence_open"), [
      'write_fence_open{allows="primary=on"} 1',
    ]);
    s.next = "primary=off";
    await f.refresh();
    assert.deepEqual(await metricLines(m, "write_fence_open"), [
      'write_fence_open{allows="primary=on"} 0',
    ]);
    s.next = new Error("x");
    await f.refresh();
    await f.refresh();
    assert.deepEqual(await metricLines(m, "write_fence_read_errors_total"), [
      "write_fence_read_errors_total 2",
    ]);
    assert.deepEqual(await metricLines(new Metrics(), "write_fence_open"), []);
  });

  it("NO_FENCE is open and unconfigured", () => {
    assert.equal(NO_FENCE.open, true);
    assert.deepEqual(NO_FENCE.status(), { state: "unconfigured" });
  });
});
