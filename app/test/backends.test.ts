/**
 * createBackends wiring, from environment variables to behaviour: the role is asked of the reader endpoint
 * (DB_READER_HOST), writes go to the writer (DB_HOST), and the fence polls the switch at S3_ENDPOINT.
 * The reader is a TCP forwarder to the real PostgreSQL that the test opens late, so which pool asked shows.
 */
import assert from "node:assert/strict";
import Fastify from "fastify";
import net from "node:net";
import { Pool } from "pg";
import { registerRoutes } from "../src/app";
import { Backends, createBackends } from "../src/backends";
import { loadConfig } from "../src/config";
import { orderBody } from "./support/app";
import { newSchemaName, PG_URL } from "./support/pg";
import { S3Stub, startS3Stub } from "./support/s3Stub";
import { freePort } from "./support/server";

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("app: backends from the environment (reader, writer, fence)", () => {
  const schema = newSchemaName();
  const switchKey = "securecart-routing-test/routing/primary";
  let s3: S3Stub;
  let readerPort: number;
  let forwarder: net.Server | undefined;
  let backends: Backends | undefined;
  const app = Fastify({ logger: false });

  before(async () => {
    s3 = await startS3Stub();
    s3.objects.set(switchKey, "primary=off");
    readerPort = await freePort();
    const config = loadConfig({
      REGION: "eu-west-1",
      REGION_ROLE: "auto",
      ROLE_POLL_MS: "100",
      DB_HOST: "127.0.0.1",
      DB_PORT: "5432",
      DB_READER_HOST: "127.0.0.1",
      DB_READER_PORT: String(readerPort),
      DB_NAME: "test",
      DB_USER: "postgres",
      DB_PASSWORD: "unused-with-trust",
      DB_SSL: "false",
      DB_SCHEMA: schema,
      WRITE_FENCE_S3_URI: `s3://${switchKey}`,
      WRITE_FENCE_REGION: "eu-west-1",
      WRITE_FENCE_ALLOWS: "primary=on",
      WRITE_FENCE_POLL_MS: "100",
      S3_ENDPOINT: s3.endpoint,
    });
    backends = await createBackends(config, app.log);
    registerRoutes(app, { ...backends.deps, logger: false });
    await backends.migrated;
  });
  after(async () => {
    await app.close();
    await backends?.close();
    forwarder?.close();
    await s3?.close();
    const admin = new Pool({ connectionString: PG_URL, max: 1 });
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  const order = () =>
    app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { "idempotency-key": `be-${Date.now()}` },
      payload: orderBody(),
    });
  const topology = async () =>
    (await app.inject("/topology")).json() as {
      role: string;
      writable: boolean;
      roleStatus: { lastError?: string; method?: string };
      fence: { state: string; body?: string };
      backends: { orders: { endpoint: string; readerEndpoint: string } };
    };

  it("starts in recovery while only the reader is unreachable, with the switch read at start", async () => {
    const t = await topology();
    assert.equal(t.role, "recovery", "the writer answers, but the role is the reader's to tell");
    assert.match(t.roleStatus.lastError ?? "", /orders database unavailable/);
    assert.deepEqual([t.fence.state, t.fence.body], ["closed", "primary=off"]);
    assert.deepEqual(t.backends.orders, {
      kind: "postgres",
      endpoint: "127.0.0.1:5432/test",
      readerEndpoint: `127.0.0.1:${readerPort}/test`,
    });
    assert.ok(s3.requests.length >= 1);
    assert.ok(
      s3.requests.every((r) => r.method === "GET" && r.url.split("?")[0] === `/${switchKey}`),
    );
  });

  it("turns primary once the reader answers (plain PostgreSQL: pg_is_in_recovery() false), yet stays fenced", async () => {
    forwarder = net.createServer((c) => {
      const up = net.connect(5432, "127.0.0.1");
      c.on("error", () => up.destroy());
      up.on("error", () => c.destroy());
      c.pipe(up).pipe(c);
    });
    await new Promise<void>((r) => forwarder!.listen(readerPort, "127.0.0.1", r));
    await until("role primary", async () => (await topology()).role === "primary");
    const t = await topology();
    assert.deepEqual(
      [t.writable, t.fence.state, t.roleStatus.method],
      [false, "closed", "pg_is_in_recovery"],
    );
    const r = await order();
    assert.equal(r.statusCode, 503);
    assert.match((r.json() as { error: string }).error, /fenced by the routing switch/);
  });

  it("opens when the switch says primary=on, and the order lands in the writer's schema", async () => {
    s3.objects.set(switchKey, "primary=on");
    await until("fence open", async () => (await topology()).writable);
    const r = await order();
    assert.equal(r.statusCode, 201, r.body);
    const admin = new Pool({ connectionString: PG_URL, max: 1 });
    try {
      const rows = await admin.query(`SELECT region FROM ${schema}.orders WHERE id = $1`, [
        (r.json() as { id: string }).id,
      ]);
      assert.deepEqual(rows.rows, [{ region: "eu-west-1" }]);
    } finally {
      await admin.end();
    }
  });
});
