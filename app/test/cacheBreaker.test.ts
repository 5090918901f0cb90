/**
 * The cache's circuit breaker: unit rules with a fake clock, then a real Redis behind a TCP proxy that goes
 * silent. Recommendations keep answering from the source, fast once the breaker is open, /health/deep says
 * `degraded` (cause circuit-open), and everything comes back by itself when Redis answers again.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { FastifyInstance } from "fastify";
import { BreakerOpenError, CircuitBreaker } from "../src/cache/breaker";
import { BreakerCache } from "../src/cache/breakerCache";
import { RedisCache } from "../src/cache/redisCache";
import { buildTestApp } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";
import { startTcpProxy, TcpProxy } from "./support/tcpProxy";

const REDIS = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");

describe("app: cache circuit breaker", () => {
  describe("rules (fake clock)", () => {
    let now = 0;
    const fail = () => Promise.reject(new Error("Command timed out"));
    const ok = () => Promise.resolve("v");

    it("opens after 3 consecutive failures, fails fast while cooling down, lets one trial through after", async () => {
      let opened = 0;
      const b = new CircuitBreaker("cache", {
        threshold: 3,
        cooldownMs: 1000,
        now: () => now,
        onOpen: () => opened++,
      });
      for (let i = 0; i < 2; i++) await assert.rejects(b.run(fail), /timed out/);
      assert.equal(b.state(), "closed");
      await assert.rejects(b.run(fail), /timed out/);
      assert.equal(b.state(), "open");
      assert.equal(opened, 1);
      let called = false;
      await assert.rejects(
        b.run(async () => (called = true)),
        BreakerOpenError,
      );
      assert.equal(called, false, "an open breaker does not call the backend");
      now += 1000;
      assert.equal(b.state(), "half-open");
      await assert.rejects(b.run(fail), /timed out/, "the failed trial re-opens it");
      assert.equal(b.state(), "open");
      assert.equal(opened, 2);
      now += 1000;
      assert.equal(await b.run(ok), "v");
      assert.equal(b.state(), "closed");
    });

    it("a success resets the count: failures must be consecutive", async () => {
      const b = new CircuitBreaker("cache", { threshold: 3, now: () => now });
      await assert.rejects(b.run(fail));
      await assert.rejects(b.run(fail));
      await b.run(ok);
      await assert.rejects(b.run(fail));
      await assert.rejects(b.run(fail));
      assert.equal(b.state(), "closed");
    });

    it("half-open admits one trial at a time; the others fail fast", async () => {
      const b = new CircuitBreaker("cache", { threshold: 1, cooldownMs: 10, now: () => now });
      await assert.rejects(b.run(fail));
      now += 10;
      let release!: () => void;
      const trial = b.run(() => new Promise<string>((r) => (release = () => r("v"))));
      await assert.rejects(b.run(ok), BreakerOpenError);
      release();
      assert.equal(await trial, "v");
      assert.equal(b.state(), "closed");
    });
  });

  describe("real Redis behind a proxy that goes silent", function () {
    this.timeout(30_000);
    let proxy: TcpProxy;
    let redis: RedisCache;
    let pg: PgFixture;
    let cat: CatalogFixture;
    let app: FastifyInstance;
    const COOLDOWN_MS = 500;

    before(async () => {
      [pg, cat] = await Promise.all([createPgFixture(), createCatalogFixture()]);
      proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
      redis = new RedisCache({
        url: `redis://127.0.0.1:${proxy.port}`,
        keyPrefix: `sc_test_${process.pid}_${randomBytes(3).toString("hex")}:`,
      });
      await redis.ready();
      const cache = new BreakerCache(redis, { threshold: 3, cooldownMs: COOLDOWN_MS });
      app = buildTestApp({ db: pg.db, catalog: cat.catalog, cache }).app;
      await app.ready();
    });
    after(async () => {
      await proxy?.setMode("forward");
      await app?.close();
      await redis?.close();
      await proxy?.close();
      await cat?.close();
      await pg?.drop();
    });

    const recs = async (id: string) => {
      const started = performance.now();
      const r = await app.inject(`/api/products/${id}/recommendations`);
      return { r, ms: performance.now() - started };
    };
    type Deep = { status: string; checks: { cache: { ok: boolean; cause?: string } } };
    const deep = async () => (await app.inject("/health/deep")).json() as Deep;

    it("serves from the source, skips the cache after 3 timeouts, reports degraded, and recovers", async () => {
      assert.equal((await recs("p001")).r.headers["x-cache"], "miss");
      await new Promise((r) => setTimeout(r, 50));
      assert.equal((await recs("p001")).r.headers["x-cache"], "hit");
      assert.equal((await deep()).status, "ok");

      await proxy.setMode("blackhole");
      const during = [];
      for (let i = 0; i < 8; i++) during.push(await recs(`p00${1 + (i % 5)}`));
      for (const { r } of during) {
        assert.equal(r.statusCode, 200);
        assert.equal(r.headers["x-cache"], "miss");
        assert.equal(
          (r.json() as { items: unknown[] }).items.length,
          5,
          "recommendations from the catalog",
        );
      }
      // Each request before the breaker opens pays ioredis' commandTimeout (250 ms) once for its GET; the SET is
      // not awaited. After 3 failures the breaker is open and requests do not touch Redis at all.
      const slow = during.slice(0, 2).map((d) => d.ms);
      const fast = during.slice(3).map((d) => d.ms);
      assert.ok(
        slow.every((ms) => ms >= 240),
        `before the breaker opens: ${slow.map(Math.round)}`,
      );
      // Bounded by the command timeout rather than a wall-clock guess, so a loaded machine does not fail it: a
      // request that still asked Redis would take at least the 250 ms.
      assert.ok(
        fast.every((ms) => ms < 240),
        `once open, from the source at once: ${fast.map(Math.round)} ms`,
      );
      const degraded = await deep();
      assert.equal(degraded.status, "degraded");
      assert.deepEqual(
        [degraded.checks.cache.ok, degraded.checks.cache.cause],
        [false, "circuit-open"],
      );

      await proxy.setMode("forward");
      // After the cool-down a trial goes through (the breaker dropped the silent connection when it opened, and a
      // failed trial drops the next one), so the cache comes back within a few cool-downs.
      const deadline = Date.now() + 10_000;
      let status = "";
      while (Date.now() < deadline && (status = (await deep()).status) !== "ok")
        await new Promise((r) => setTimeout(r, 100));
      assert.equal(status, "ok", "the cache recovered");
      await recs("p002");
      await new Promise((r) => setTimeout(r, 50));
      assert.equal((await recs("p002")).r.headers["x-cache"], "hit", "cache hits again");
    });
  });
});
