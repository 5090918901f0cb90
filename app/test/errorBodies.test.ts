/**
 * Error bodies reveal nothing internal (DESIGN.md, Storefront): no host, port, SQL text or driver code in any body.
 * The details go to the log line of the request, under the same request id the response carries (x-request-id and
 * `requestId`). Real PostgreSQL (a closed port for the dead one, the live server for data exceptions), PGlite and
 * dynalite.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { FastifyInstance, LightMyRequestResponse } from "fastify";
import { Catalog } from "../src/catalog/catalog";
import { DynamoCatalog } from "../src/catalog/dynamoCatalog";
import { HttpError } from "../src/errors";
import { PgDb } from "../src/orders/pgDb";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { PG_URL } from "./support/pg";
import { sharedPglite } from "./support/pglite";
import { freePort } from "./support/server";

/** Internal detail a body must never carry. */
const INTERNAL = new RegExp(
  [
    /127\.0\.0\.1|localhost|[A-Za-z0-9\]]:\d{2,5}\b/, // hosts and ports
    /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|\bE[A-Z]{4,}\b/, // errno codes
    /SQLSTATE|\b\d{2}[0-9A-Z]{3}\b|SELECT|INSERT|at .*\.ts/, // SQL codes and text, stack frames
  ]
    .map((re) => re.source)
    .join("|"),
);

interface LogLine {
  reqId?: string;
  level: number;
  msg: string;
  err?: { message?: string; type?: string; code?: string; stack?: string };
}

function capture(): { stream: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split("\n"))
        if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      cb();
    },
  });
  return { stream, lines };
}

/** The body has exactly `{error, requestId}` with the given error, the id matches the header, and nothing internal. */
function assertPublic(r: LightMyRequestResponse, status: number, error: string): string {
  assert.equal(r.statusCode, status, r.body);
  const requestId = r.headers["x-request-id"] as string;
  assert.ok(requestId);
  assert.deepEqual(r.json(), { error, requestId });
  assert.doesNotMatch(r.body, INTERNAL);
  return requestId;
}

describe("app: error bodies reveal nothing internal; the log has it, under the request id", () => {
  let cat: CatalogFixture;
  let deadPort: number;
  let dead: PgDb;
  let app: FastifyInstance;
  let log: ReturnType<typeof capture>;

  before(async () => {
    cat = await createCatalogFixture("catalog-errors");
    deadPort = await freePort(); // nothing listens there: ECONNREFUSED
    dead = new PgDb({
      connectionString: `postgres://postgres@127.0.0.1:${deadPort}/test`,
      connectionTimeoutMillis: 500,
    });
    log = capture();
    app = buildTestApp({
      db: dead,
      catalog: cat.catalog,
      logger: { level: "info", stream: log.stream },
    }).app;
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await dead?.close();
    await cat?.close();
  });

  const logOf = (requestId: string) => log.lines.filter((l) => l.reqId === requestId);

  it("a dead database: 503 {error, requestId}, no host/port/driver code; the log line has the driver's error", async () => {
    const r = await app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { "content-type": "application/json", "idempotency-key": "dead-db-1" },
      payload: orderBody(),
    });
    const requestId = assertPublic(r, 503, "orders database unavailable");
    assert.equal(r.headers["retry-after"], "2");
    const lines = logOf(requestId);
    const warn = lines.find((l) => l.msg === "backend unavailable: orders database unavailable");
    assert.ok(warn, JSON.stringify(lines));
    assert.equal(warn.level, 40);
    assert.match(warn.err?.message ?? "", new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${deadPort}`));
    assert.ok(warn.err?.stack, "the stack goes to the log");

    for (const url of ["/api/orders/o-1", "/api/carts/c-1"])
      assertPublic(await app.inject(url), 503, "orders database unavailable");
    const add = await app.inject({
      method: "POST",
      url: "/api/carts/c-1/items",
      payload: { productId: "p001", quantity: 1 },
    });
    assertPublic(add, 503, "orders database unavailable");
  });

  it("/health/deep and /topology name the failing backend without its driver's text", async () => {
    const r = await app.inject("/health/deep");
    assert.equal(r.statusCode, 503);
    const body = r.json() as { checks: { orders: { ok: boolean; error?: string } } };
    assert.deepEqual(
      [body.checks.orders.ok, body.checks.orders.error],
      [false, "orders database unavailable"],
    );
    assert.doesNotMatch(JSON.stringify(body.checks), INTERNAL);
    const warn = logOf(r.headers["x-request-id"] as string).find(
      (l) => l.msg === "deep health: orders check failed",
    );
    assert.match(warn?.err?.message ?? "", /ECONNREFUSED/);
    const topo = (await app.inject("/topology")).json() as {
      roleStatus: { lastError?: string };
      fence: { lastError?: string };
    };
    assert.equal(topo.roleStatus.lastError, undefined);
    assert.equal(topo.fence.lastError, undefined);
  });

  it("a dead catalog: 503 {error, requestId} without the SDK's text", async () => {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const deadCatalog = new DynamoCatalog({
      table: "t",
      region: "us-east-1",
      endpoint,
      kind: "dynalite",
      requestTimeoutMs: 300,
    });
    const t = buildTestApp({ db: await sharedPglite(), catalog: deadCatalog });
    try {
      assertPublic(await t.app.inject("/api/products"), 503, "catalog unavailable");
      assertPublic(await t.app.inject("/api/products/p001"), 503, "catalog unavailable");
    } finally {
      await t.app.close();
      deadCatalog.client.destroy();
    }
  });

  it("an unexpected error: 500 {error: 'internal error', requestId}; its message and stack only in the log", async () => {
    const get = async () => {
      throw new Error("db.internal.example:5432 said no");
    };
    const broken = { kind: "dynalite", endpoint: "x", get } as unknown as Catalog;
    const l = capture();
    const t = buildTestApp({
      db: await sharedPglite(),
      catalog: broken,
      logger: { level: "info", stream: l.stream },
    });
    try {
      const r = await t.app.inject("/api/products/p001");
      const requestId = assertPublic(r, 500, "internal error");
      const line = l.lines.find((x) => x.reqId === requestId && x.msg === "unhandled error");
      assert.match(line?.err?.message ?? "", /db\.internal\.example:5432/);
    } finally {
      await t.app.close();
    }
  });

  it("request ids: an ALB trace id is joined; anything else (log forging, huge) gets a fresh UUID", async () => {
    const trace =
      "Self=1-67891234-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678;Sampled=1";
    const joined = await app.inject({ url: "/healthz", headers: { "x-amzn-trace-id": trace } });
    assert.equal(joined.headers["x-request-id"], trace);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [
      'Root=1-x"} {"level":60,"msg":"forged',
      "Root=1-a b",
      "\u00e9t\u00e9",
      `Root=${"a".repeat(201)}`,
      "",
    ]) {
      const r = await app.inject({ url: "/healthz", headers: { "x-amzn-trace-id": bad } });
      assert.match(String(r.headers["x-request-id"]), uuid, bad);
    }
    assert.match(String((await app.inject("/healthz")).headers["x-request-id"]), uuid);
  });

  it("PostgreSQL data exceptions (SQLSTATE class 22) from a value are a 400, on the server and on PGlite", async () => {
    const live = new PgDb({ connectionString: PG_URL });
    try {
      for (const db of [live, await sharedPglite()]) {
        for (const [sql, value, code] of [
          ["SELECT $1::text AS v", "a\u0000b", "22021"], // character_not_in_repertoire: NUL in UTF-8 text
          ["SELECT $1::int AS v", "x", "22P02"], // invalid_text_representation
          ["SELECT $1::smallint AS v", "99999", "22003"], // numeric_value_out_of_range
        ] as const) {
          const err = await db.query(sql, [value]).then(
            () => undefined,
            (e: unknown) => e,
          );
          assert.ok(err instanceof HttpError, `${db.kind} ${code}: ${String(err)}`);
          assert.equal(err.statusCode, 400);
          assert.equal(err.message, "a value in this request cannot be stored");
          assert.equal((err.cause as { code?: string }).code, code);
        }
      }
    } finally {
      await live.close();
    }
  });
});
