/**
 * Crash safety: kill -9 the storefront in the middle of order load, restart it on the same Postgres, and prove
 * that every order acknowledged with a 2xx exists exactly once (with exactly one payment), and that clients
 * retrying their unacknowledged requests with the same Idempotency-Key never create a second order.
 */
import assert from "node:assert/strict";
import { createPgFixture, PG_URL, PgFixture } from "./support/pg";
import { freePort, ServerProcess, startServer } from "./support/server";

const WORKERS = 16;
const KILL_AFTER_MS = 1200;

describe("app: kill -9 under order load loses no acknowledged order", function () {
  this.timeout(90_000);
  let pg: PgFixture;
  let server: ServerProcess | undefined;

  before(async () => {
    pg = await createPgFixture({ migrate: false });
  });
  after(async () => {
    if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
    await pg?.drop();
  });

  it("every 2xx order survives exactly once; retries of the rest stay idempotent", async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: PG_URL,
      DB_SCHEMA: pg.schema,
      REGION: "us-east-1",
      ROLE_POLL_MS: "1000",
    };
    server = await startServer(env, port);

    const acked = new Map<string, string>(); // idempotency key → order id
    const unknown = new Map<string, string>(); // key → body, sent but never acknowledged
    let stop = false;
    let seq = 0;
    const worker = async (w: number) => {
      while (!stop) {
        const key = `crash-${w}-${++seq}`;
        const body = JSON.stringify({
          customerId: `crash-cust-${key}`,
          items: [{ productId: `p00${1 + (seq % 9)}`, quantity: 1 }],
          shippingAddress: { name: "A", line1: "1 St", city: "X", postalCode: "1", country: "US" },
        });
        try {
          const r = await fetch(`${server!.url}/api/orders`, {
            method: "POST",
            headers: { "content-type": "application/json", "idempotency-key": key },
            body,
          });
          const json = (await r.json()) as { id?: string };
          if (r.status === 201 || r.status === 200) acked.set(key, json.id!);
          else unknown.set(key, body);
        } catch {
          unknown.set(key, body);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    await new Promise((r) => setTimeout(r, KILL_AFTER_MS));
    server.child.kill("SIGKILL");
    const exit = await server.exited;
    assert.equal(exit.signal, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    stop = true;
    await load;
    assert.ok(acked.size > 20, `load was too light to prove anything (${acked.size} acked)`);

    server = await startServer(env, port);
    const rows = await pg.admin.query<{ idempotency_key: string; id: string; payments: number }>(
      `SELECT o.idempotency_key, o.id, (SELECT count(*)::int FROM payments p WHERE p.order_id = o.id) AS payments
         FROM orders o`,
    );
    const byKey = new Map(rows.rows.map((r) => [r.idempotency_key, r]));
    for (const [key, id] of acked) {
      const row = byKey.get(key);
      assert.ok(row, `acknowledged order ${key} is missing`);
      assert.equal(row.id, id, `acknowledged order ${key} changed id`);
      assert.equal(row.payments, 1, `order ${key} must have exactly one payment`);
    }
    assert.ok(
      rows.rows.every((r) => r.payments === 1),
      "no order without its payment (one transaction)",
    );
    const sample = [...acked.values()].slice(0, 5);
    for (const id of sample)
      assert.equal((await fetch(`${server.url}/api/orders/${id}`)).status, 200);

    // Clients retry what they never saw acknowledged: same key, same body → at most one order each.
    for (const [key, body] of unknown) {
      const r = await fetch(`${server.url}/api/orders`, {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body,
      });
      assert.ok(r.status === 201 || r.status === 200, `retry of ${key} got ${r.status}`);
      await r.arrayBuffer();
    }
    const dupes = await pg.admin.query(
      `SELECT idempotency_key FROM orders GROUP BY 1 HAVING count(*) > 1`,
    );
    assert.equal(dupes.rowCount, 0);
    const total = await pg.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM orders`);
    assert.equal(
      total.rows[0]!.n,
      acked.size + unknown.size,
      "each request is exactly one order after retries",
    );

    // And a graceful stop drains and exits cleanly.
    server.child.kill("SIGTERM");
    const stopped = await server.exited;
    assert.equal(stopped.code, 0, server.output());
  });
});
