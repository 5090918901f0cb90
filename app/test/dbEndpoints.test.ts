/**
 * Writer vs reader endpoint, per query (DESIGN.md decision 16). The "writer" and the "reader" are two schemas of
 * the real PostgreSQL, so which one answered shows in the data: a row only the reader has is a replica that a
 * query should (or must not) have read.
 */
import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { DbEndpoints } from "../src/orders/dbEndpoints";
import { OrderStore } from "../src/orders/orderStore";
import { PgDb } from "../src/orders/pgDb";
import { Role, RegionRole } from "../src/region/role";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";

const json = { "content-type": "application/json" };
let seq = 0;
const key = () => `ep-${process.pid}-${Date.now()}-${++seq}`;

describe("app: writer and reader endpoints", () => {
  let writer: PgFixture;
  let reader: PgFixture;
  let cat: CatalogFixture;
  let app: FastifyInstance;
  let role: RegionRole;
  let dbRole: Role = "primary";

  const setRole = async (r: Role) => {
    dbRole = r;
    assert.equal(await role.refresh(), r);
  };
  const count = async (fx: PgFixture, sql: string, params: unknown[]) =>
    Number(
      (await fx.admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n,
    );

  before(async () => {
    [writer, reader, cat] = await Promise.all([
      createPgFixture(),
      createPgFixture(),
      createCatalogFixture(),
    ]);
    role = new RegionRole({ mode: "auto", probe: async () => dbRole });
    await role.start();
    app = buildTestApp({
      db: (r) => new DbEndpoints(writer.db, reader.db, () => r.writable),
      catalog: cat.catalog,
      role,
      region: "eu-west-1",
    }).app;
  });
  after(async () => {
    role?.stop();
    await app?.close();
    await cat?.close();
    await Promise.all([writer?.drop(), reader?.drop()]);
  });
  afterEach(async () => setRole("primary"));
  const order = (k = key()) =>
    app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { ...json, "idempotency-key": k },
      payload: orderBody(),
    });

  it("a checkout writes to the writer only, and the primary reads it back from the writer", async () => {
    const r = await order();
    assert.equal(r.statusCode, 201, r.body);
    const id = (r.json() as { id: string }).id;
    assert.equal(await count(writer, "orders WHERE id = $1", [id]), 1);
    assert.equal(await count(reader, "orders WHERE id = $1", [id]), 0);
    assert.equal(await count(writer, "payments WHERE order_id = $1", [id]), 1);
    const got = await app.inject(`/api/orders/${id}`);
    assert.equal(got.statusCode, 200, "read-your-write: a primary reads from the writer");
    assert.deepEqual(got.json(), r.json());
  });

  it("a recovery region reads orders from its reader, and only from it", async () => {
    const r = await order();
    const id = (r.json() as { id: string }).id;
    await setRole("recovery");
    assert.equal(
      (await app.inject(`/api/orders/${id}`)).statusCode,
      404,
      "not replicated yet: the reader does not have it",
    );
    await reader.admin.query(
      `INSERT INTO ${reader.schema}.orders SELECT * FROM ${writer.schema}.orders WHERE id = $1`,
      [id],
    );
    const got = await app.inject(`/api/orders/${id}`);
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), r.json());
  });

  it("the idempotency lookup asks the writer: a key only the reader holds does not replay", async () => {
    const k = key();
    const first = await order(k);
    assert.equal(first.statusCode, 201);
    const writerId = (first.json() as { id: string }).id;
    // The reader holds another order under a second key: a lookup there would answer 200 with it.
    const k2 = key();
    await reader.admin.query(
      `INSERT INTO ${reader.schema}.orders SELECT 'ord_reader_only', $1, request_hash, customer_id, status, total_cents, currency, items,
         shipping_address, billing_address, region, created_at FROM ${writer.schema}.orders WHERE id = $2`,
      [k2, writerId],
    );
    const body = orderBody();
    const created = await app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { ...json, "idempotency-key": k2 },
      payload: body,
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.notEqual((created.json() as { id: string }).id, "ord_reader_only");
    const replay = await app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { ...json, "idempotency-key": k2 },
      payload: body,
    });
    assert.equal(replay.statusCode, 200);
    assert.equal((replay.json() as { id: string }).id, (created.json() as { id: string }).id);
  });

  it("the velocity count feeds a write, so it counts on the writer even in the recovery role", async () => {
    const customerId = `velo-${key()}`;
    await reader.admin.query(
      `INSERT INTO ${reader.schema}.orders (id, idempotency_key, request_hash, customer_id, status, total_cents, currency, items,
         shipping_address, region) VALUES ('ord_r1', $1, 'h', $2, 'confirmed', 1, 'USD', '[]', '{}', 'eu-west-1')`,
      [key(), customerId],
    );
    const store = new OrderStore(new DbEndpoints(writer.db, reader.db, () => false));
    assert.equal(await store.recentOrderCount(customerId, 10), 0);
    assert.equal(
      await new OrderStore(reader.db).recentOrderCount(customerId, 10),
      1,
      "the row is there to be miscounted",
    );
  });

  it("adding a cart item writes to the writer and answers from it; a recovery region shows its reader's cart", async () => {
    const cartId = `cart-${key()}`;
    const r = await app.inject({
      method: "POST",
      url: `/api/carts/${cartId}/items`,
      payload: { productId: "p001", quantity: 3 },
    });
    assert.equal(r.statusCode, 200, r.body);
    const cart = r.json() as { id: string; items: { productId: string; quantity: number }[] };
    assert.deepEqual(
      cart.items.map((i) => [i.productId, i.quantity]),
      [["p001", 3]],
      "read right after the write: the writer",
    );
    assert.equal(await count(reader, "cart_items WHERE cart_id = $1", [cartId]), 0);
    assert.deepEqual(
      (await app.inject(`/api/carts/${cartId}`)).json(),
      r.json(),
      "a primary reads its cart from the writer",
    );
    await setRole("recovery");
    assert.deepEqual((await app.inject(`/api/carts/${cartId}`)).json(), {
      id: cartId,
      items: [],
      totalCents: 0,
    });
  });

  describe("/health/deep checks what the region can do in its role", () => {
    let dead: PgDb;
    before(() => {
      dead = new PgDb({
        connectionString: "postgres://postgres@127.0.0.1:1/test",
        connectionTimeoutMillis: 300,
      });
    });
    after(async () => dead?.close());

    const deep = async (w: PgDb, rd: PgDb, r: Role) => {
      const fixed = new RegionRole({ mode: r, probe: async () => r });
      const t = buildTestApp({
        db: (ro) => new DbEndpoints(w, rd, () => ro.writable),
        catalog: cat.catalog,
        role: fixed,
      });
      try {
        const res = await t.app.inject("/health/deep");
        const body = res.json() as {
          status: string;
          role: string;
          checks: { orders: { ok: boolean } };
        };
        return [res.statusCode, body.status, body.role, body.checks.orders.ok];
      } finally {
        await t.app.close();
      }
    };

    it("a recovery region with its reader up is ok, even with the writer's region down", async () => {
      assert.deepEqual(await deep(dead, reader.db, "recovery"), [200, "ok", "recovery", true]);
    });

    it("a recovery region whose reader is down fails", async () => {
      assert.deepEqual(await deep(writer.db, dead, "recovery"), [503, "fail", "recovery", false]);
    });

    it("a primary must reach the writer: down is fail, whatever its reader does", async () => {
      assert.deepEqual(await deep(dead, reader.db, "primary"), [503, "fail", "primary", false]);
      assert.deepEqual(await deep(writer.db, dead, "primary"), [200, "ok", "primary", true]);
    });
  });

  it("/topology names both endpoints", async () => {
    const topo = (await app.inject("/topology")).json() as {
      backends: { orders: Record<string, string> };
    };
    assert.deepEqual(topo.backends.orders, {
      kind: "postgres",
      endpoint: "127.0.0.1:5432/test",
      readerEndpoint: "127.0.0.1:5432/test",
    });
  });
});
