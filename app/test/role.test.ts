import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { Db } from "../src/orders/db";
import { runMigrationsWhenWritable } from "../src/orders/migrations";
import { RegionRole } from "../src/region/role";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";

describe("app: region role (recovery → promotion)", () => {
  let pg: PgFixture;
  let cat: CatalogFixture;
  let app: FastifyInstance;
  let role: RegionRole;
  let inRecovery = true;
  const logs: { event?: string; msg: string }[] = [];

  before(async () => {
    [pg, cat] = await Promise.all([createPgFixture(), createCatalogFixture()]);
    // auto mode, with the database's answer given by a switch we flip to simulate the database's promotion.
    role = new RegionRole({
      mode: "auto",
      probe: async () => (inRecovery ? "recovery" : "primary"),
      log: {
        info: (o: { event?: string }, msg: string) => logs.push({ event: o.event, msg }),
        warn: (o: { event?: string }, msg: string) => logs.push({ event: o.event, msg }),
      },
    });
    await role.start();
    app = buildTestApp({ db: pg.db, catalog: cat.catalog, role, region: "eu-west-1" }).app;
  });
  after(async () => {
    role?.stop();
    await app?.close();
    await cat?.close();
    await pg?.drop();
  });

  it("in recovery, order and cart writes get 503 + Retry-After before the body is validated", async () => {
    assert.equal(role.role, "recovery");
    const bad = await app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { "content-type": "application/json" },
      payload: "{broken",
    });
    assert.equal(bad.statusCode, 503);
    assert.equal(bad.headers["retry-after"], "5");
    assert.equal(bad.headers["x-served-region"], "eu-west-1");
    assert.match((bad.json() as { error: string }).error, /recovery/);
    const cart = await app.inject({
      method: "POST",
      url: "/api/carts/c1/items",
      payload: { productId: "p001", quantity: 1 },
    });
    assert.equal(cart.statusCode, 503);
    assert.ok(cart.headers["retry-after"]);
  });

  it("in recovery, reads are served and deep health reports the role", async () => {
    assert.equal((await app.inject("/api/products/p001")).statusCode, 200);
    assert.equal((await app.inject("/api/carts/c1")).statusCode, 200);
    const deep = await app.inject("/health/deep");
    assert.equal(deep.statusCode, 200);
    assert.equal((deep.json() as { role: string }).role, "recovery");
  });

  it("promotion of the database promotes the region: logged, in /topology, writes accepted", async () => {
    inRecovery = false;
    await role.refresh();
    assert.equal(role.role, "primary");
    assert.ok(
      logs.some((l) => l.event === "region-promoted"),
      JSON.stringify(logs),
    );
    const topo = (await app.inject("/topology")).json() as {
      role: string;
      roleStatus: { promotedAt?: string; changes: { from: string; to: string }[] };
    };
    assert.equal(topo.role, "primary");
    assert.ok(topo.roleStatus.promotedAt);
    assert.deepEqual(
      topo.roleStatus.changes.map((c) => `${c.from}->${c.to}`),
      ["recovery->primary"],
    );
    const r = await app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { "idempotency-key": `promo-${Date.now()}` },
      payload: orderBody(),
    });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal((r.json() as { region: string }).region, "eu-west-1");
  });

  it("explicit REGION_ROLE overrides the database", async () => {
    const fixed = new RegionRole({ mode: "recovery", probe: async () => "primary" });
    await fixed.start();
    assert.equal(await fixed.refresh(), "recovery");
    fixed.stop();
  });

  it("an unreachable database keeps the last known role", async () => {
    let fail = false;
    const r = new RegionRole({
      mode: "auto",
      probe: async () => {
        if (fail) throw new Error("down");
        return "primary";
      },
    });
    await r.refresh();
    fail = true;
    assert.equal(await r.refresh(), "primary");
    // Shown in /topology: a driver's text never is (errors.ts publicMessage).
    assert.equal(r.status().lastError, "the database's role could not be read");
  });

  it("migrations wait while the database is in recovery, then run once it is writable", async () => {
    let recovering = true;
    const calls: string[] = [];
    const fake: Db = {
      kind: "postgres",
      endpoint: "fake",
      isInRecovery: async () => recovering,
      query: async <T>(sql: string) => {
        calls.push(sql.trim().split(/\s+/).slice(0, 2).join(" "));
        return (sql.includes("to_regclass") ? [{ t: null }] : []) as T[];
      },
      close: async () => undefined,
    };
    const msgs: string[] = [];
    const done = runMigrationsWhenWritable(fake, { retryMs: 20, log: (m) => msgs.push(m) });
    await new Promise((r) => setTimeout(r, 70));
    assert.equal(calls.filter((c) => c.startsWith("DO")).length, 0, "no DDL while in recovery");
    assert.ok(msgs.some((m) => /in recovery/.test(m)));
    recovering = false;
    await done;
    assert.ok(
      calls.some((c) => c.startsWith("DO")),
      "migrations ran after promotion",
    );
  });
});
