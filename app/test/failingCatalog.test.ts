/**
 * A DynamoDB endpoint that goes silent (the TCP proxy in front of dynalite, dropping every byte): the SDK's
 * bounded handler (connect 1 s, request 1.5 s, 2 attempts) turns it into 503 + Retry-After within 5 s for reads
 * and for checkout, and the client works again once the endpoint answers (timed-out sockets are destroyed).
 */
import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { DynamoCatalog, createDynamoClient } from "../src/catalog/dynamoCatalog";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";
import { startTcpProxy, TcpProxy } from "./support/tcpProxy";

describe("app: a catalog endpoint that goes silent (TCP proxy in front of dynalite)", function () {
  this.timeout(60_000);
  let pg: PgFixture;
  let cat: CatalogFixture;
  let proxy: TcpProxy;
  let catalog: DynamoCatalog;
  let app: FastifyInstance;

  before(async () => {
    [pg, cat] = await Promise.all([createPgFixture(), createCatalogFixture()]);
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(cat.endpoint).port) });
    const opts = {
      table: "catalog-test",
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${proxy.port}`,
      kind: "dynalite" as const,
    };
    catalog = new DynamoCatalog(opts, createDynamoClient(opts));
    app = buildTestApp({ db: pg.db, catalog }).app;
    await app.ready();
  });
  after(async () => {
    await app?.close();
    catalog?.client.destroy();
    await proxy?.close();
    await cat?.close();
    await pg?.drop();
  });

  const timed = async (
    run: () => Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>,
  ) => {
    const started = performance.now();
    const r = await run();
    return { r, ms: performance.now() - started };
  };

  it("reads and checkout get 503 + Retry-After within 5 s; the client recovers when the endpoint answers", async () => {
    assert.equal(
      (await app.inject("/api/products/p001")).statusCode,
      200,
      "warm: a keep-alive socket to reuse",
    );
    await proxy.setMode("blackhole");
    const [read, write] = await Promise.all([
      timed(() => app.inject("/api/products/p001")),
      timed(() =>
        app.inject({
          method: "POST",
          url: "/api/orders",
          headers: {
            "content-type": "application/json",
            "idempotency-key": `cat-silent-${process.pid}`,
          },
          payload: JSON.stringify(orderBody()),
        }),
      ),
    ]);
    for (const { r, ms } of [read, write]) {
      assert.equal(r.statusCode, 503, r.body);
      assert.equal(r.headers["retry-after"], "2");
      assert.match((JSON.parse(r.body) as { error: string }).error, /^catalog unavailable/);
      // Two attempts of 1.5 s each plus the SDK's retry backoff.
      assert.ok(ms >= 1500 && ms < 5000, `took ${Math.round(ms)} ms`);
    }
    await proxy.setMode("forward");
    assert.equal((await app.inject("/api/products/p001")).statusCode, 200);
  });
});
