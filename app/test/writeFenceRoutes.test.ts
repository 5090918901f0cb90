/** Write routes behind the role and the routing switch: who refuses, with what, and what /topology says. */
import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { Metrics } from "../src/metrics";
import { Role, RegionRole } from "../src/region/role";
import { SwitchFence } from "../src/region/switchFence";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";

const json = { "content-type": "application/json" };
let seq = 0;
const key = () => `wf-${process.pid}-${Date.now()}-${++seq}`;
const FENCED =
  "this region is fenced by the routing switch (writes have moved to the other region) and does not accept writes; retry shortly";
const RECOVERY = "this region is in the recovery role and does not accept writes; retry shortly";

describe("app: write routes behind the routing-switch fence", () => {
  let pg: PgFixture;
  let cat: CatalogFixture;
  let app: FastifyInstance;
  let metrics: Metrics;
  let fence: SwitchFence;
  let role: RegionRole;
  let dbRole: Role = "primary";
  let body: string | Error = "primary=on";

  before(async () => {
    [pg, cat] = await Promise.all([createPgFixture(), createCatalogFixture()]);
    metrics = new Metrics();
    role = new RegionRole({ mode: "auto", probe: async () => dbRole });
    await role.start();
    fence = new SwitchFence({
      read: async () => {
        if (body instanceof Error) throw body;
        return body;
      },
      allows: "primary=on",
      metrics,
    });
    app = buildTestApp({ db: pg.db, catalog: cat.catalog, role, fence, metrics }).app;
  });
  after(async () => {
    role?.stop();
    await app?.close();
    await cat?.close();
    await pg?.drop();
  });
  const set = async (b: string | Error, r: Role = "primary") => {
    body = b;
    dbRole = r;
    await Promise.all([fence.refresh(), role.refresh()]);
  };
  const order = () =>
    app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { ...json, "idempotency-key": key() },
      payload: orderBody(),
    });
  type Topology = { writable: boolean; fence: Record<string, unknown>; role: string };
  const topology = async () => (await app.inject("/topology")).json() as Topology;

  it("before the first read the primary takes writes, and /topology says open with nothing read", async () => {
    assert.deepEqual((await topology()).fence, { state: "open" });
    assert.equal((await order()).statusCode, 201);
  });

  it("primary=on: writes accepted; /topology writable with the body and the read time", async () => {
    await set("primary=on");
    assert.equal((await order()).statusCode, 201);
    const t = await topology();
    assert.equal(t.writable, true);
    const seen = [t.fence.state, t.fence.body, typeof t.fence.lastReadAt, t.fence.lastError];
    assert.deepEqual(seen, ["open", "primary=on", "string", undefined]);
  });

  it("primary=off: a primary's order and cart writes get 503 + Retry-After, naming the switch, before the body is read", async () => {
    await set("primary=off");
    const r = await app.inject({
      method: "POST",
      url: "/api/orders",
      headers: json,
      payload: "{broken",
    });
    assert.equal(r.statusCode, 503);
    assert.equal(r.headers["retry-after"], "5");
    assert.deepEqual(r.json(), { error: FENCED });
    const cart = await app.inject({
      method: "POST",
      url: "/api/carts/c1/items",
      payload: { productId: "p001", quantity: 1 },
    });
    assert.deepEqual(
      [cart.statusCode, cart.headers["retry-after"], cart.json()],
      [503, "5", { error: FENCED }],
    );
    const t = await topology();
    assert.deepEqual(
      [t.role, t.writable, t.fence.state, t.fence.body],
      ["primary", false, "closed", "primary=off"],
    );
    assert.equal((await app.inject("/api/products/p001")).statusCode, 200, "reads are served");
    assert.equal((await app.inject("/api/carts/c1")).statusCode, 200);
  });

  it("a read error keeps the fence closed, and says why in /topology", async () => {
    await set(new Error("getaddrinfo ENOTFOUND s3.eu-west-1.amazonaws.com"));
    assert.equal((await order()).statusCode, 503);
    const t = await topology();
    const seen = [t.writable, t.fence.state, t.fence.body, t.fence.lastError];
    // Says that the read failed, not the SDK's text (it names hosts): switchFence.ts logs that.
    assert.deepEqual(seen, [
      false,
      "closed",
      "primary=off",
      "the routing switch could not be read",
    ]);
  });

  it("the recovery role refuses with its own message, whatever the switch says", async () => {
    await set("primary=on", "recovery");
    const r = await order();
    assert.deepEqual(
      [r.statusCode, r.headers["retry-after"], r.json()],
      [503, "5", { error: RECOVERY }],
    );
    const t = await topology();
    assert.deepEqual([t.role, t.writable, t.fence.state], ["recovery", false, "open"]);
  });

  it("counts refusals by reason", async () => {
    const text = await metrics.registry.getSingleMetricAsString("writes_refused_total");
    assert.match(text, /^writes_refused_total\{reason="fenced"\} 3$/m);
    assert.match(text, /^writes_refused_total\{reason="recovery-role"\} 1$/m);
    const open = await metrics.registry.getSingleMetricAsString("write_fence_open");
    assert.match(open, /^write_fence_open\{allows="primary=on"\} 1$/m);
  });

  it("without a fence /topology says unconfigured", async () => {
    const t = buildTestApp({ db: pg.db, catalog: cat.catalog });
    try {
      const topo = (await t.app.inject("/topology")).json() as {
        writable: boolean;
        fence: unknown;
      };
      assert.deepEqual([topo.writable, topo.fence], [true, { state: "unconfigured" }]);
    } finally {
      await t.app.close();
    }
  });
});
