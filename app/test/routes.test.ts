import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { Cache } from "../src/cache/cache";
import { RedisCache } from "../src/cache/redisCache";
import { buildTestApp, orderBody, TestApp } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";

const json = { "content-type": "application/json" };
let keySeq = 0;
const key = () => `k-${process.pid}-${Date.now()}-${++keySeq}`;

describe("app: HTTP routes (fastify.inject, real PostgreSQL + dynalite)", () => {
  let pg: PgFixture;
  let cat: CatalogFixture;
  let t: TestApp;
  let app: FastifyInstance;

  before(async () => {
    [pg, cat] = await Promise.all([createPgFixture(), createCatalogFixture()]);
    t = buildTestApp({ db: pg.db, catalog: cat.catalog });
    app = t.app;
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await cat?.close();
    await pg?.drop();
  });

  /** `idem: null` sends no Idempotency-Key at all. */
  const postOrder = (body: unknown, idem: string | null = key()) =>
    app.inject({
      method: "POST",
      url: "/api/orders",
      headers: idem === null ? json : { ...json, "idempotency-key": idem },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });

  describe("browse", () => {
    it("lists products with limit and cursor", async () => {
      const r1 = await app.inject("/api/products?limit=10");
      assert.equal(r1.statusCode, 200);
      assert.equal(r1.headers["x-served-region"], "us-east-1");
      const page = r1.json() as { items: { id: string; priceCents: number }[]; nextCursor: string };
      assert.equal(page.items.length, 10);
      assert.ok(page.nextCursor);
      const r2 = await app.inject(`/api/products?limit=10&cursor=${page.nextCursor}`);
      const ids2 = (r2.json() as { items: { id: string }[] }).items.map((p) => p.id);
      assert.equal(ids2.length, 10);
      assert.ok(ids2.every((id) => !page.items.some((p) => p.id === id)));
    });

    it("shows one product and 404s an unknown one", async () => {
      const r = await app.inject("/api/products/p002");
      assert.deepEqual(Object.keys(r.json() as object).sort(), [
        "category",
        "currency",
        "description",
        "id",
        "name",
        "priceCents",
        "stock",
      ]);
      const missing = await app.inject("/api/products/p999");
      assert.equal(missing.statusCode, 404);
      assert.match((missing.json() as { error: string }).error, /p999/);
    });

    it("recommendations are cached (miss, then hit)", async () => {
      const a = await app.inject("/api/products/p011/recommendations");
      assert.equal(a.statusCode, 200);
      assert.equal(a.headers["x-cache"], "miss");
      const b = await app.inject("/api/products/p011/recommendations");
      assert.equal(b.headers["x-cache"], "hit");
      assert.deepEqual(b.json(), a.json());
      assert.equal((a.json() as { items: unknown[] }).items.length, 5);
    });
  });

  describe("carts", () => {
    it("adds items with catalog prices; re-adding sums and caps at 100", async () => {
      const add = (quantity: number) =>
        app.inject({
          method: "POST",
          url: "/api/carts/cart-r1/items",
          headers: json,
          payload: { productId: "p003", quantity },
        });
      assert.equal((await add(70)).statusCode, 200);
      const r = await add(70);
      const cart = r.json() as {
        id: string;
        items: { productId: string; quantity: number; priceCents: number }[];
        totalCents: number;
      };
      const price = ((await app.inject("/api/products/p003")).json() as { priceCents: number })
        .priceCents;
      assert.deepEqual(cart, {
        id: "cart-r1",
        items: [{ productId: "p003", quantity: 100, priceCents: price }],
        totalCents: 100 * price,
      });
      assert.deepEqual((await app.inject("/api/carts/cart-r1")).json(), cart);
    });
  });

  describe("orders", () => {
    it("201 first, 200 identical replay, 409 same key with another body; prices from the catalog", async () => {
      const k = key();
      const body = orderBody({ items: [{ productId: "p004", quantity: 3, priceCents: 1 }] });
      const first = await postOrder(body, k);
      assert.equal(first.statusCode, 201, first.body);
      const order = first.json() as {
        id: string;
        totalCents: number;
        items: { priceCents: number }[];
        region: string;
        status: string;
      };
      const price = ((await app.inject("/api/products/p004")).json() as { priceCents: number })
        .priceCents;
      assert.equal(order.totalCents, 3 * price, "the client's price is ignored");
      assert.equal(order.region, "us-east-1");
      const replay = await postOrder(body, k);
      assert.equal(replay.statusCode, 200);
      assert.deepEqual(replay.json(), order);
      const conflict = await postOrder({ ...body, items: [{ productId: "p004", quantity: 4 }] }, k);
      assert.equal(conflict.statusCode, 409);
      assert.match((conflict.json() as { error: string }).error, /Idempotency-Key/);
      const got = await app.inject(`/api/orders/${order.id}`);
      assert.deepEqual(got.json(), order);
      assert.equal((await app.inject("/api/orders/ord_nope")).statusCode, 404);
    });

    it("50 concurrent identical requests create exactly one order", async () => {
      const k = key();
      const body = orderBody();
      const replies = await Promise.all(Array.from({ length: 50 }, () => postOrder(body, k)));
      const codes = replies.map((r) => r.statusCode).sort();
      assert.equal(codes.filter((c) => c === 201).length, 1, codes.join(","));
      assert.equal(codes.filter((c) => c === 200).length, 49);
      assert.equal(new Set(replies.map((r) => (r.json() as { id: string }).id)).size, 1);
      const rows = await pg.admin.query(
        "SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1",
        [k],
      );
      assert.equal(rows.rows[0].n, 1);
      const pays = await pg.admin.query(
        "SELECT count(*)::int AS n FROM payments p JOIN orders o ON o.id = p.order_id WHERE o.idempotency_key = $1",
        [k],
      );
      assert.equal(pays.rows[0].n, 1);
    });

    it("422 with reasons for unknown product, stock and fraud; counts rejections", async () => {
      const unknown = await postOrder(orderBody({ items: [{ productId: "p999", quantity: 1 }] }));
      assert.equal(unknown.statusCode, 422);
      assert.deepEqual(
        (unknown.json() as { reasons: { code: string }[] }).reasons.map((r) => r.code),
        ["UNKNOWN_PRODUCT"],
      );

      const customerId = `fraudster-${Date.now()}`;
      for (let i = 0; i < 5; i++)
        assert.equal((await postOrder(orderBody({ customerId }))).statusCode, 201);
      const mismatch = orderBody({
        customerId,
        billingAddress: {
          name: "B",
          line1: "2 Rd",
          city: "NYC",
          postalCode: "10001",
          country: "US",
        },
      });
      const fraud = await postOrder(mismatch);
      assert.equal(fraud.statusCode, 422);
      const body = fraud.json() as { error: string; reasons: { code: string; message: string }[] };
      assert.ok(body.error);
      assert.deepEqual(
        body.reasons.map((r) => r.code),
        ["FRAUD_VELOCITY", "FRAUD_ADDRESS_MISMATCH"],
      );
      const metrics = await app.inject("/metrics");
      assert.match(metrics.body, /order_validation_rejections_total\{code="FRAUD_VELOCITY"\} 1/);
      assert.match(metrics.body, /orders_created_total\{region="us-east-1"\} \d+/);
      assert.match(metrics.body, /http_request_duration_seconds_bucket\{.*route="\/api\/orders"/);
    });
  });

  describe("bad input is a 4xx JSON {error}, never a 5xx", () => {
    const big = "x".repeat(70 * 1024);
    const cases: [
      string,
      () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>,
      number,
    ][] = [
      ["malformed JSON", () => postOrder("{not json"), 400],
      ["empty JSON body", () => postOrder(""), 400],
      ["array body", () => postOrder([]), 400],
      ["missing Idempotency-Key", () => postOrder(orderBody(), null), 400],
      ["Idempotency-Key over 128", () => postOrder(orderBody(), "k".repeat(129)), 400],
      [
        "quantity as string",
        () => postOrder(orderBody({ items: [{ productId: "p001", quantity: "2" }] })),
        400,
      ],
      [
        "negative quantity",
        () => postOrder(orderBody({ items: [{ productId: "p001", quantity: -1 }] })),
        400,
      ],
      [
        "zero quantity",
        () => postOrder(orderBody({ items: [{ productId: "p001", quantity: 0 }] })),
        400,
      ],
      [
        "huge quantity",
        () => postOrder(orderBody({ items: [{ productId: "p001", quantity: 1e20 }] })),
        400,
      ],
      [
        "fractional quantity",
        () => postOrder(orderBody({ items: [{ productId: "p001", quantity: 1.5 }] })),
        400,
      ],
      ["no items", () => postOrder(orderBody({ items: [] })), 400],
      ["customerId over 64", () => postOrder(orderBody({ customerId: "c".repeat(65) })), 400],
      [
        "name over 200",
        () =>
          postOrder(
            orderBody({
              shippingAddress: {
                name: "n".repeat(201),
                line1: "1",
                city: "x",
                postalCode: "1",
                country: "US",
              },
            }),
          ),
        400,
      ],
      [
        "country not alpha-2",
        () =>
          postOrder(
            orderBody({
              shippingAddress: {
                name: "n",
                line1: "1",
                city: "x",
                postalCode: "1",
                country: "USA",
              },
            }),
          ),
        400,
      ],
      [
        "missing address",
        () => postOrder({ customerId: "c", items: [{ productId: "p001", quantity: 1 }] }),
        400,
      ],
      [
        "unknown product",
        () => postOrder(orderBody({ items: [{ productId: "nope", quantity: 1 }] })),
        422,
      ],
      ["oversized body", () => postOrder({ ...orderBody(), pad: big }), 413],
      [
        "text/plain body",
        () =>
          app.inject({
            method: "POST",
            url: "/api/orders",
            headers: { "content-type": "text/plain", "idempotency-key": key() },
            payload: "hi",
          }),
        400,
      ],
      [
        "cart: productId over 64",
        () =>
          app.inject({
            method: "POST",
            url: "/api/carts/c1/items",
            headers: json,
            payload: { productId: "p".repeat(65), quantity: 1 },
          }),
        400,
      ],
      [
        "cart: quantity 101",
        () =>
          app.inject({
            method: "POST",
            url: "/api/carts/c1/items",
            headers: json,
            payload: { productId: "p001", quantity: 101 },
          }),
        400,
      ],
      [
        "cart: malformed JSON",
        () =>
          app.inject({ method: "POST", url: "/api/carts/c1/items", headers: json, payload: "{" }),
        400,
      ],
      [
        "cart: unknown product",
        () =>
          app.inject({
            method: "POST",
            url: "/api/carts/c1/items",
            headers: json,
            payload: { productId: "zzz", quantity: 1 },
          }),
        404,
      ],
      ["cart: cartId over 64", () => app.inject(`/api/carts/${"c".repeat(65)}`), 400],
      [
        "cart: oversized body",
        () =>
          app.inject({
            method: "POST",
            url: "/api/carts/c1/items",
            headers: json,
            payload: JSON.stringify({ productId: "p001", quantity: 1, pad: big }),
          }),
        413,
      ],
      ["products: limit not a number", () => app.inject("/api/products?limit=ten"), 400],
      ["products: limit 0", () => app.inject("/api/products?limit=0"), 400],
      ["products: limit 1000", () => app.inject("/api/products?limit=1000"), 400],
      ["products: forged cursor", () => app.inject("/api/products?cursor=bm9wZQ"), 400],
      ["products: id over 64", () => app.inject(`/api/products/${"p".repeat(65)}`), 400],
      ["orders: id over 64", () => app.inject(`/api/orders/${"o".repeat(65)}`), 400],
      ["unknown route", () => app.inject("/api/nothing"), 404],
      ["proto poisoning", () => postOrder('{"__proto__":{"x":1},"customerId":"c"}'), 400],
    ];
    for (const [name, send, status] of cases) {
      it(`${name} → ${status}`, async () => {
        const r = await send();
        assert.equal(r.statusCode, status, r.body);
        const body = JSON.parse(r.body) as { error?: unknown };
        assert.equal(typeof body.error, "string");
        assert.equal(r.headers["x-served-region"], "us-east-1");
      });
    }
  });

  describe("health and topology", () => {
    it("/healthz is shallow", async () => {
      const r = await app.inject("/healthz");
      assert.equal(r.statusCode, 200);
      assert.equal((r.json() as { status: string }).status, "ok");
    });

    it("/health/deep is ok with every backend up", async () => {
      const r = await app.inject("/health/deep");
      const body = r.json() as {
        status: string;
        region: string;
        role: string;
        checks: Record<string, { ok: boolean; ms: number }>;
      };
      assert.equal(r.statusCode, 200);
      assert.equal(body.status, "ok");
      assert.equal(body.role, "primary");
      assert.deepEqual(Object.keys(body.checks).sort(), ["cache", "catalog", "orders"]);
      assert.ok(Object.values(body.checks).every((c) => c.ok && typeof c.ms === "number"));
    });

    it("/health/deep is 200 degraded when only the cache is down (real unreachable Redis)", async () => {
      const cache: Cache = new RedisCache({ url: "redis://127.0.0.1:1", connectTimeoutMs: 200 });
      const d = buildTestApp({ db: pg.db, catalog: cat.catalog, cache });
      try {
        const r = await d.app.inject("/health/deep");
        assert.equal(r.statusCode, 200);
        const body = r.json() as { status: string; checks: { cache: { ok: boolean } } };
        assert.equal(body.status, "degraded");
        assert.equal(body.checks.cache.ok, false);
        const recs = await d.app.inject("/api/products/p001/recommendations");
        assert.equal(recs.statusCode, 200, "a cache outage degrades to the catalog");
      } finally {
        await d.app.close();
        await cache.close();
      }
    });

    it("/health/deep is 503 fail, and writes 503 (not 500), when the orders database is down", async () => {
      const { PgDb } = await import("../src/orders/pgDb");
      const dead = new PgDb({
        connectionString: "postgres://postgres@127.0.0.1:1/test",
        connectionTimeoutMillis: 300,
      });
      const d = buildTestApp({ db: dead, catalog: cat.catalog });
      try {
        const r = await d.app.inject("/health/deep");
        assert.equal(r.statusCode, 503);
        assert.equal((r.json() as { status: string }).status, "fail");
        const w = await d.app.inject({
          method: "POST",
          url: "/api/orders",
          headers: { ...json, "idempotency-key": key() },
          payload: orderBody(),
        });
        assert.equal(w.statusCode, 503, w.body);
        assert.ok(w.headers["retry-after"]);
        assert.match((w.json() as { error: string }).error, /orders database unavailable/);
      } finally {
        await d.app.close();
        await dead.close();
      }
    });

    it("/topology names the backends without credentials", async () => {
      const r = await app.inject("/topology");
      const body = r.json() as {
        region: string;
        role: string;
        version: string;
        backends: Record<string, { kind: string; endpoint?: string }>;
      };
      assert.equal(body.region, "us-east-1");
      assert.equal(body.role, "primary");
      assert.equal(body.backends.orders?.kind, "postgres");
      assert.equal(body.backends.orders?.endpoint, "127.0.0.1:5432/test");
      assert.equal(body.backends.catalog?.kind, "dynalite");
      assert.equal(body.backends.cache?.kind, "memory");
      assert.doesNotMatch(r.body, /password|postgres@/);
    });
  });
});
