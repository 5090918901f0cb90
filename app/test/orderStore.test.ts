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

/** Checkout with a decision that accepts every order: what the store itself guarantees, apart from validation. */
async function place(store: OrderStore, o: NewOrder) {
  const out = await store.createChecked(o.idempotencyKey, o.customerId, 10, async () => ({
    ok: true as const,
    order: o,
  }));
  if (out.kind === "rejected") throw new Error("an accept-all decision was refused");
  return { ...out.stored, created: out.kind === "created" };
}

/** A Db that records what each statement was, to check how many round trips checkout takes. */
function recording(inner: Db): { db: Db; log: string[] } {
  const log: string[] = [];
  const name = (sql: string) =>
    /place_order\(/.test(sql) ? "place_order" : /count\(\*\)/.test(sql) ? "lookup+count" : sql;
  const db: Db = {
    kind: inner.kind,
    endpoint: inner.endpoint,
    query: <T>(sql: string, params?: unknown[]) => {
      log.push(name(sql));
      return inner.query<T>(sql, params);
    },
    transaction: (fn, opts) => {
      log.push("transaction");
      return inner.transaction!(fn, opts);
    },
    isInRecovery: () => inner.isInRecovery(),
    close: () => inner.close(),
  };
  return { db, log };
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
      const first = await place(store, o);
      assert.equal(first.created, true);
      assert.match(first.order.id, /^ord_/);
      assert.equal(first.order.totalCents, 2472);
      const again = await place(store, { ...o, requestHash: "other" });
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
      const results = await Promise.all(Array.from({ length: 50 }, () => place(store, o)));
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
      await place(store, newOrder({ customerId: "velo" }));
      await place(store, newOrder({ customerId: "velo" }));
      assert.equal(await store.recentOrderCount("velo", 10), 2);
      assert.equal(await store.recentOrderCount("nobody", 10), 0);
    });

    it("a customer's first order of the window is one statement, place_order, with no open transaction", async () => {
      const { db: recorded, log } = recording(db);
      const out = await place(new OrderStore(recorded), newOrder());
      assert.equal(out.created, true);
      assert.deepEqual(log, ["place_order"]);
    });

    it("a customer with recent orders is counted first, and decided on that count", async () => {
      const customerId = `repeat-${n}`;
      await place(new OrderStore(db), newOrder({ customerId }));
      const { db: recorded, log } = recording(db);
      const seen: number[] = [];
      const out = await new OrderStore(recorded).createChecked(
        `repeat-key-${n}`,
        customerId,
        10,
        async (recent) => {
          seen.push(recent);
          return { ok: true, order: newOrder({ customerId }) };
        },
      );
      assert.equal(out.kind, "created");
      assert.deepEqual(seen, [0, 1], "the first-order guess, then the real count");
      assert.deepEqual(log, ["place_order", "lookup+count", "place_order"]);
      assert.equal(await new OrderStore(db).recentOrderCount(customerId, 10), 2);
    });

    it("a replay is answered from the database even when its decision now refuses or fails", async () => {
      const original = newOrder({ customerId: `replay-${n}` });
      const stored = await place(new OrderStore(db), original);
      const key = original.idempotencyKey;
      const refuse = await new OrderStore(db).createChecked(key, `replay-${n}`, 10, async () => ({
        ok: false as const,
        rejection: "out of stock now",
      }));
      assert.equal(refuse.kind, "replayed");
      assert.equal(refuse.kind === "replayed" && refuse.stored.order.id, stored.order.id);
      const fail = await new OrderStore(db).createChecked(key, `replay-${n}`, 10, async () => {
        throw new Error("validator down");
      });
      assert.equal(fail.kind === "replayed" && fail.stored.order.id, stored.order.id);
    });

    it("a new order whose decision fails is not inserted, and the failure is the caller's", async () => {
      const customerId = `failing-${n}`;
      await assert.rejects(
        new OrderStore(db).createChecked(`failing-key-${n}`, customerId, 10, async () => {
          throw new Error("validator down");
        }),
        /validator down/,
      );
      assert.equal(await new OrderStore(db).recentOrderCount(customerId, 10), 0);
    });

    it("an order landing between the count and the insert makes checkout decide again under the lock", async () => {
      const store = new OrderStore(db);
      const customerId = `raced-${n}`;
      const seen: number[] = [];
      const out = await store.createChecked(`raced-key-${n}`, customerId, 10, async (recent) => {
        seen.push(recent);
        // The first decision is overtaken: another order of the customer commits before this one is placed.
        if (seen.length === 1)
          assert.equal((await place(store, newOrder({ customerId }))).created, true);
        return { ok: true, order: newOrder({ customerId }) };
      });
      assert.equal(out.kind, "created");
      assert.deepEqual(
        seen,
        [0, 1],
        "decided with the stale count, then again with the one under the lock",
      );
      assert.equal(await store.recentOrderCount(customerId, 10), 2);
    });

    it("a limit of one holds when a second order overtakes the first decision", async () => {
      const store = new OrderStore(db);
      const customerId = `limit-one-${n}`;
      let overtaken = false;
      const out = await store.createChecked(
        `limit-one-key-${n}`,
        customerId,
        10,
        async (recent) => {
          if (!overtaken) {
            overtaken = true;
            await place(store, newOrder({ customerId }));
          }
          return recent < 1
            ? { ok: true, order: newOrder({ customerId }) }
            : { ok: false, rejection: `count ${recent}` };
        },
      );
      assert.deepEqual(out, { kind: "rejected", rejection: "count 1" });
      assert.equal(await store.recentOrderCount(customerId, 10), 1);
    });

    it("one key sent for 20 customers at once makes one order; the others are answered with it", async () => {
      const store = new OrderStore(db);
      const key = `shared-key-${process.pid}-${n}`;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          place(store, newOrder({ idempotencyKey: key, customerId: `shared-${n}-${i}` })),
        ),
      );
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.order.id)).size, 1);
      assert.equal(
        await count("SELECT count(*) AS n FROM orders WHERE idempotency_key = $1", [key]),
        1,
      );
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
