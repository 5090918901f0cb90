import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { cachedJson } from "../src/cache/cache";
import { MemoryCache } from "../src/cache/memoryCache";
import { RedisCache } from "../src/cache/redisCache";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("app: recommendations cache", () => {
  describe("against real Redis", () => {
    let cache: RedisCache;
    const prefix = `sc_test_${process.pid}_${randomBytes(3).toString("hex")}:`;
    before(async () => {
      cache = new RedisCache({ url: REDIS_URL, keyPrefix: prefix });
      await cache.ready();
    });
    after(async () => {
      try {
        const keys = await cache.client.keys(`${prefix}*`);
        // keys() returns prefixed names; del() would prefix again, so strip it.
        if (keys.length) await cache.client.del(...keys.map((k) => k.slice(prefix.length)));
      } finally {
        await cache.close();
      }
    });

    it("cache-aside: the first read loads from the source, the second is a hit with a TTL", async () => {
      let loads = 0;
      const load = async () => ({ n: ++loads });
      const a = await cachedJson(cache, "recs:x", 60, load);
      assert.deepEqual(a, { value: { n: 1 }, hit: false });
      await new Promise((r) => setTimeout(r, 20)); // the set is fire-and-forget
      const b = await cachedJson(cache, "recs:x", 60, load);
      assert.deepEqual(b, { value: { n: 1 }, hit: true });
      const ttl = await cache.client.ttl("recs:x");
      assert.ok(ttl > 0 && ttl <= 60, `ttl ${ttl}`);
    });
  });

  describe("with Redis unreachable", () => {
    let cache: RedisCache;
    before(() => {
      cache = new RedisCache({ url: "redis://127.0.0.1:1", connectTimeoutMs: 200 });
    });
    after(async () => cache.close());

    it("commands fail fast instead of queueing", async () => {
      const started = Date.now();
      await assert.rejects(cache.get("k"));
      assert.ok(Date.now() - started < 300, "must not wait for a reconnect");
    });

    it("cache-aside degrades to the source, never an error", async () => {
      const errors: unknown[] = [];
      const out = await cachedJson(
        cache,
        "recs:y",
        60,
        async () => ["from-source"],
        (e) => errors.push(e),
      );
      assert.deepEqual(out, { value: ["from-source"], hit: false });
      await new Promise((r) => setTimeout(r, 20));
      assert.ok(errors.length >= 1, "the failure is reported for logs/metrics");
    });
  });

  it("in-memory cache expires entries after their TTL", async () => {
    const c = new MemoryCache();
    await c.set("k", "v", 0.05);
    assert.equal(await c.get("k"), "v");
    await new Promise((r) => setTimeout(r, 70));
    assert.equal(await c.get("k"), null);
  });
});
