/**
 * A database that is down at start: the real server process (src/server.ts) with its DATABASE_URL on a TCP proxy
 * that black-holes or refuses. It must listen, answer /healthz, refuse writes with 503 + Retry-After, stay alive,
 * and once the database is reachable run its migrations and take orders (DESIGN.md, Storefront: "the process
 * never exits because its database is unreachable, whatever REGION_ROLE says").
 */
import assert from "node:assert/strict";
import { MIGRATIONS } from "../src/orders/migrations";
import { PG_URL, newSchemaName } from "./support/pg";
import { freePort, ServerProcess, startServer } from "./support/server";
import { ProxyMode, startTcpProxy, TcpProxy } from "./support/tcpProxy";
import { Pool } from "pg";

const ORDER = {
  customerId: "cust-startup",
  items: [{ productId: "p001", quantity: 1 }],
  shippingAddress: {
    name: "Ada",
    line1: "1 Main St",
    city: "London",
    postalCode: "N1",
    country: "GB",
  },
};
let seq = 0;

interface Posted {
  status: number;
  retryAfter: string | null;
  body: { error?: string; id?: string };
  ms: number;
}

async function postOrder(url: string): Promise<Posted> {
  const started = performance.now();
  const r = await fetch(`${url}/api/orders`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "idempotency-key": `startup-${process.pid}-${++seq}`,
    },
    body: JSON.stringify({ ...ORDER, customerId: `cust-startup-${seq}` }),
  });
  const body = (await r.json()) as Posted["body"];
  return {
    status: r.status,
    retryAfter: r.headers.get("retry-after"),
    body,
    ms: performance.now() - started,
  };
}

const CASES: { role: string; mode: ProxyMode; refusal: RegExp }[] = [
  { role: "primary", mode: "blackhole", refusal: /not ready yet \(schema migrations pending\)/ },
  { role: "auto", mode: "refuse", refusal: /orders database cannot be reached/ },
];

for (const c of CASES) {
  describe(`app: database down at start (REGION_ROLE=${c.role}, proxy ${c.mode})`, function () {
    this.timeout(60_000);
    const schema = newSchemaName();
    let proxy: TcpProxy;
    let server: ServerProcess | undefined;
    const admin = new Pool({ connectionString: PG_URL, max: 1 });

    before(async () => {
      proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 }, c.mode);
    });
    after(async () => {
      if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
      await proxy?.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });

    it("listens, serves /healthz, 503s writes, stays alive, then migrates and takes orders once the database is back", async () => {
      const env = {
        DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/test`,
        DB_SCHEMA: schema,
        REGION_ROLE: c.role,
        REGION: "us-east-1",
        ROLE_POLL_MS: "500",
      };
      const started = Date.now();
      server = await startServer(env, await freePort());
      const listenedAfter = Date.now() - started;
      const healthz = await fetch(`${server.url}/healthz`);
      assert.equal(healthz.status, 200);

      const refused = await postOrder(server.url);
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.equal(refused.retryAfter, "5");
      assert.match(refused.body.error ?? "", c.refusal);
      assert.doesNotMatch(refused.body.error ?? "", /recovery role/);
      assert.ok(refused.ms < 5000, `a write took ${Math.round(refused.ms)} ms`);
      assert.equal(
        (await fetch(`${server.url}/api/products?limit=2`)).status,
        200,
        "reads that need no database are served",
      );

      // Several retry rounds later it is still up: nothing lets the event loop empty or the process give up.
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(server.child.exitCode, null, `the process exited:\n${server.output()}`);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

      await proxy.setMode("forward");
      const deadline = Date.now() + 20_000;
      let last = refused;
      while (Date.now() < deadline && (last = await postOrder(server.url)).status !== 201)
        await new Promise((r) => setTimeout(r, 250));
      assert.equal(
        last.status,
        201,
        `never accepted an order: ${JSON.stringify(last.body)}\n${server.output()}`,
      );
      const tables = await admin.query(
        `SELECT count(*)::int AS n FROM ${schema}.schema_migrations`,
      );
      assert.equal(tables.rows[0].n, MIGRATIONS.length, "migrations ran");
      assert.equal((await fetch(`${server.url}/health/deep`)).status, 200);

      server.child.kill("SIGTERM");
      assert.equal((await server.exited).code, 0, server.output());
      // Recorded for the report: how long start-up took with the database down.
      assert.ok(listenedAfter < 30_000);
    });
  });
}
