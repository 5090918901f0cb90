import assert from "node:assert/strict";
import { CartStore } from "../src/orders/cartStore";
import { Db } from "../src/orders/db";
import { runMigrations } from "../src/orders/migrations";
import { NewOrder, OrderStore } from "../src/orders/orderStore";
import { createPgFixture, PgFixture } from "./support/pg";
import { sharedPglite } from "./support/pglite";

let n = 0;
function newOrder(overrides: Partial<NewOrder> = {}): NewOrder {
  n++;
  return {
    idempotencyKey: `key-${process.pid}-${n}-${Math.random()}`,
    requestHash: "h1",
    customerId: `c-${n}`,
    lines: [{ productId: "p001", quantity: 2, priceCents: 1236 }],
    totalCents: 2472,
    currency: "USD",
    shippingAddress: { name: "A", line1: "1", city: "X", postalCode: "1", country: "US" },
    region: "us-east-1",
    ...overrides,
  };
}

/** The same contract, run against each SQL backend. */
function storeSuite(
  name: string,
  open: () => Promise<{
    db: Db;
    count: (sql: string, p: unknown[]) => Promise<number>;
    close: () => Promise<void>;
  }>,
) {
  describe(`app: order and cart store on ${name}`, () => {
    let db: Db;
    let count: (sql: string, p: unknown[]) => Promise<number>;
    let close: () => Promise<void>;
    before(async () => ({ db, count, close } = await open()));
    after(async () => close());

    it("migrations are idempotent", async () => {
      assert.equal(await runMigrations(db), 0);
    });

    it("creates an order with its payment, then replays it for the same key", async () => {
      const store = new OrderStore(db);
      const o = newOrder();
      const first = await store.create(o);
      assert.equal(first.created, true);
      assert.match(first.order.id, /^ord_/);
      assert.equal(first.order.totalCents, 2472);
      const again = await store.create({ ...o, requestHash: "other" });
      assert.equal(again.created, false);
      assert.equal(again.order.id, first.order.id);
      assert.equal(again.requestHash, "h1", "the stored hash lets the route answer 409");
      assert.deepEqual(await store.get(first.order.id), first.order);
      assert.equal(
        await count(
          "SELECT count(*) AS n FROM payments WHERE order_id = $1 AND amount_cents = 2472",
          [first.order.id],
        ),
        1,
      );
    });

    it("50 concurrent creates with one key make exactly one order and one payment", async () => {
      const store = new OrderStore(db);
      const o = newOrder();
      const results = await Promise.all(Array.from({ length: 50 }, () => store.create(o)));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.order.id)).size, 1);
      assert.equal(
        await count("SELECT count(*) AS n FROM orders WHERE idempotency_key = $1", [
          o.idempotencyKey,
        ]),
        1,
      );
      assert.equal(
        await count("SELECT count(*) AS n FROM payments WHERE order_id = $1", [
          results[0]!.order.id,
        ]),
        1,
      );
    });

    it("counts a customer's recent orders for the velocity check", async () => {
      const store = new OrderStore(db);
      await store.create(newOrder({ customerId: "velo" }));
      await store.create(newOrder({ customerId: "velo" }));
      assert.equal(await store.recentOrderCount("velo", 10), 2);
      assert.equal(await store.recentOrderCount("nobody", 10), 0);
    });

    it("carts add to an existing line and cap it at 100", async () => {
      const carts = new CartStore(db);
      const cart = `cart-${n++}`;
      await carts.addItem(cart, "p001", 60, 1236);
      await carts.addItem(cart, "p002", 1, 1973);
      const c = await carts.addItem(cart, "p001", 60, 1236);
      assert.deepEqual(c.items, [
        { productId: "p001", quantity: 100, priceCents: 1236 },
        { productId: "p002", quantity: 1, priceCents: 1973 },
      ]);
      assert.equal(c.totalCents, 100 * 1236 + 1973);
      assert.deepEqual(await carts.get("empty-cart"), {
        id: "empty-cart",
        items: [],
        totalCents: 0,
      });
    });
  });
}

storeSuite("real PostgreSQL (schema per run)", async () => {
  const fx: PgFixture = await createPgFixture();
  return {
    db: fx.db,
    count: async (sql, p) => Number((await fx.admin.query(sql, p)).rows[0].n),
    close: () => fx.drop(),
  };
});

storeSuite("PGlite", async () => {
  const db = await sharedPglite();
  return {
    db,
    count: async (sql, p) => Number((await db.query<{ n: number }>(sql, p))[0]?.n),
    close: async () => undefined,
  };
});
