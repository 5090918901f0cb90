/**
 * A PostgreSQL that goes silent (a TCP proxy that keeps sockets open and drops every byte) or refuses
 * connections, under real node-postgres: writes get 503 + Retry-After within 5 s, timed-out connections are
 * evicted instead of going back to the pool, and once the database answers again the pool recovers by itself.
 */
import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { BackendUnavailableError } from "../src/errors";
import { PgDb } from "../src/orders/pgDb";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";
import { startTcpProxy, TcpProxy } from "./support/tcpProxy";

/** The contract's bound (DESIGN.md, Storefront, "Failing backends"). */
const BOUND_MS = 5000;
const POOL_MAX = 4;
let seq = 0;

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("app: a database that goes silent or refuses (TCP proxy in front of real PostgreSQL)", function () {
  this.timeout(60_000);
  let pg: PgFixture;
  let cat: CatalogFixture;
  let proxy: TcpProxy;
  let db: PgDb;
  let app: FastifyInstance;

  before(async () => {
    [pg, cat] = await Promise.all([createPgFixture(), createCatalogFixture()]);
    proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
    db = new PgDb({
      connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
      schema: pg.schema,
      max: POOL_MAX,
    });
    app = buildTestApp({ db, catalog: cat.catalog }).app;
    await app.ready();
  });
  after(async () => {
    await proxy?.setMode("forward");
    await app?.close();
    await db?.close();
    await proxy?.close();
    await cat?.close();
    await pg?.drop();
  });

  const postOrder = async () => {
    const started = performance.now();
    const r = await app.inject({
      method: "POST",
      url: "/api/orders",
      headers: {
        "content-type": "application/json",
        "idempotency-key": `silent-${process.pid}-${++seq}`,
      },
      payload: JSON.stringify(orderBody()),
    });
    return { r, ms: performance.now() - started };
  };

  it("silent mid-transaction: the query times out, and the client is destroyed, not returned to the pool", async () => {
    const started = performance.now();
    const tx = db.transaction(async (q) => {
      await q("SELECT 1");
      await proxy.setMode("blackhole");
      await q("SELECT count(*) FROM orders");
    });
    // The public message is generic (no driver text in bodies); the driver's error is the cause, for the log.
    await assert.rejects(
      tx,
      (err: Error) =>
        err instanceof BackendUnavailableError &&
        /Query read timeout/.test(String((err.cause as Error | undefined)?.message)),
    );
    const ms = performance.now() - started;
    assert.ok(ms >= 2000 && ms < 3500, `failed after ${Math.round(ms)} ms; query_timeout is 2.5 s`);
    assert.deepEqual(
      db.stats(),
      { total: 0, idle: 0, waiting: 0 },
      "the timed-out client left the pool",
    );
    await proxy.setMode("forward");
    assert.deepEqual(await db.query("SELECT 1 AS one"), [{ one: 1 }]);
  });

  it("silent: every write (more than the pool holds) gets 503 + Retry-After within 5 s; then the pool recovers", async () => {
    const warm = await postOrder();
    assert.equal(warm.r.statusCode, 201, warm.r.body);
    await proxy.setMode("blackhole");
    const pending = Promise.all(Array.from({ length: POOL_MAX * 2 }, () => postOrder()));
    // More writes than the pool holds: some wait for a slot, and the acquire timeout (connectionTimeoutMillis)
    // bounds that wait too.
    await until("writes waiting for a pool slot", () => db.stats().waiting > 0, 1000);
    const results = await pending;
    for (const { r, ms } of results) {
      assert.equal(r.statusCode, 503, r.body);
      assert.equal(r.headers["retry-after"], "2");
      assert.ok(ms < BOUND_MS, `a write took ${Math.round(ms)} ms against a silent database`);
      const { error } = r.json() as { error: string };
      assert.match(error, /^orders database unavailable/);
      assert.doesNotMatch(error, /127\.0\.0\.1|:\d{2,5}\b/, "no host or port in the body");
    }
    await until(
      "the pool to shed the stuck clients",
      () => db.stats().total === 0 && db.stats().waiting === 0,
    );

    await proxy.setMode("forward");
    const after = await Promise.all(Array.from({ length: POOL_MAX * 2 }, () => postOrder()));
    for (const { r } of after) assert.equal(r.statusCode, 201, r.body);
    const stats = db.stats();
    assert.equal(stats.waiting, 0);
    assert.ok(
      stats.total <= POOL_MAX && stats.idle === stats.total,
      `no client stuck: ${JSON.stringify(stats)}`,
    );
  });

  it("a reset under a pooled connection, then a write at once: 503, and the process survives it", async () => {
    assert.equal((await postOrder()).r.statusCode, 201);
    assert.ok(db.stats().idle >= 1, "an idle client to be reset");
    // Reset every socket and write before the pool has heard of it: the checkout may get the dead client, whose
    // 'error' event must be handled (an unheard one would be an uncaught exception and fail this test).
    await proxy.setMode("refuse");
    const writes = await Promise.all(Array.from({ length: 3 }, () => postOrder()));
    for (const { r } of writes) assert.equal(r.statusCode, 503, r.body);
    await new Promise((r) => setTimeout(r, 100));
    await proxy.setMode("forward");
    assert.equal((await postOrder()).r.statusCode, 201);
  });

  it("refusing: writes get 503 + Retry-After at once; /health/deep fails; both recover when it listens again", async () => {
    await proxy.setMode("refuse");
    await until("idle clients to notice the reset", () => db.stats().total === 0, 5000);
    const { r, ms } = await postOrder();
    assert.equal(r.statusCode, 503, r.body);
    assert.equal(r.headers["retry-after"], "2");
    assert.ok(ms < 1000, `a refused connection took ${Math.round(ms)} ms`);
    const deep = await app.inject("/health/deep");
    assert.equal(deep.statusCode, 503);
    assert.equal((deep.json() as { checks: { orders: { ok: boolean } } }).checks.orders.ok, false);

    await proxy.setMode("forward");
    assert.equal((await postOrder()).r.statusCode, 201);
    assert.equal((await app.inject("/health/deep")).statusCode, 200);
    assert.equal(db.stats().waiting, 0);
  });
});
