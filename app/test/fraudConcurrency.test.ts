/**
 * The fraud velocity limit under concurrency: orders of one customer sent all at once, with distinct
 * Idempotency-Keys, are counted one after the other (one transaction per order, serialized per customer by an
 * advisory lock), so exactly `velocityMaxOrders` are accepted, on the real PostgreSQL and on PGlite.
 * Velocity alone scores 60 (< 70), so the orders carry a billing postal code that differs from the shipping one
 * (+20): below the limit they pass, at the limit they are refused with FRAUD_VELOCITY.
 */
import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { Db } from "../src/orders/db";
import { DEFAULT_LIMITS } from "../src/validation/validateOrder";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";
import { sharedPglite } from "./support/pglite";

const LIMIT = DEFAULT_LIMITS.velocityMaxOrders;
let seq = 0;

interface Sent {
  key: string;
  status: number;
  body: { id?: string; reasons?: { code: string }[] };
}

async function burst(
  app: FastifyInstance,
  customerId: string,
  n: number,
): Promise<{ sent: Sent[]; body: string }> {
  const body = JSON.stringify(
    orderBody({
      customerId,
      billingAddress: {
        name: "Ada Lovelace",
        line1: "1 Main St",
        city: "London",
        postalCode: "EC1 1AA",
        country: "GB",
      },
    }),
  );
  const sent = await Promise.all(
    Array.from({ length: n }, async () => {
      const key = `burst-${process.pid}-${++seq}`;
      const r = await app.inject({
        method: "POST",
        url: "/api/orders",
        headers: { "content-type": "application/json", "idempotency-key": key },
        payload: body,
      });
      return { key, status: r.statusCode, body: r.json() as Sent["body"] };
    }),
  );
  return { sent, body };
}

function assertLimitHeld(sent: Sent[], n: number): Sent[] {
  const accepted = sent.filter((s) => s.status === 201);
  const refused = sent.filter((s) => s.status === 422);
  assert.equal(
    accepted.length,
    LIMIT,
    `accepted ${accepted.length} of ${n}: ${JSON.stringify(sent.map((s) => s.status))}`,
  );
  assert.equal(refused.length, n - LIMIT);
  for (const r of refused)
    assert.ok(
      r.body.reasons?.some((x) => x.code === "FRAUD_VELOCITY"),
      JSON.stringify(r.body),
    );
  return accepted;
}

interface Fixture {
  db: Db;
  count: (customerId: string) => Promise<number>;
  close(): Promise<void>;
}

function suite(name: string, open: () => Promise<Fixture>, n: number) {
  describe(`app: fraud velocity limit under ${n} concurrent orders of one customer (${name})`, function () {
    this.timeout(60_000);
    let cat: CatalogFixture;
    let fx: Awaited<ReturnType<typeof open>>;
    let app: FastifyInstance;

    before(async () => {
      [cat, fx] = await Promise.all([createCatalogFixture(), open()]);
      app = buildTestApp({ db: fx.db, catalog: cat.catalog }).app;
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await cat?.close();
      await fx?.close();
    });

    it(`accepts exactly ${LIMIT}; the rest get 422 FRAUD_VELOCITY; a replay is answered, not counted`, async () => {
      const customer = `burst-cust-${process.pid}-${Date.now()}`;
      const { sent, body } = await burst(app, customer, n);
      const accepted = assertLimitHeld(sent, n);
      assert.equal(await fx.count(customer), LIMIT, "stored orders of the customer");

      // Replays of accepted orders, concurrently: the same orders with 200, nothing new stored or refused.
      const replays = await Promise.all(
        accepted.map((a) =>
          app.inject({
            method: "POST",
            url: "/api/orders",
            headers: { "content-type": "application/json", "idempotency-key": a.key },
            payload: body,
          }),
        ),
      );
      assert.deepEqual(
        replays.map((r) => [r.statusCode, (r.json() as { id: string }).id]),
        accepted.map((a) => [200, a.body.id]),
      );
      assert.equal(await fx.count(customer), LIMIT);
    });

    it("another customer is not held up by the first one's limit", async () => {
      const { sent } = await burst(app, `other-${process.pid}-${Date.now()}`, LIMIT);
      assert.deepEqual(
        sent.map((s) => s.status),
        Array(LIMIT).fill(201),
      );
    });
  });
}

let pg: PgFixture;
suite(
  "real PostgreSQL",
  async () => {
    pg = await createPgFixture();
    const count = async (c: string) =>
      (
        await pg.admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM orders WHERE customer_id = $1",
          [c],
        )
      ).rows[0]!.n;
    return { db: pg.db, count, close: () => pg.drop() };
  },
  30,
);

suite(
  "PGlite",
  async () => {
    const db = await sharedPglite();
    const count = async (c: string) =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM orders WHERE customer_id = $1",
          [c],
        )
      )[0]!.n;
    return { db, count, close: async () => undefined };
  },
  12,
);
