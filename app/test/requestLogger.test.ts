/**
 * Request loggers made on first use (src/http/requestLogger.ts): no pino child for a request that writes nothing,
 * and the same lines as pino's child (reqId included) for one that does.
 */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import Fastify, { FastifyBaseLogger } from "fastify";
import { Catalog } from "../src/catalog/catalog";
import { requestLogger } from "../src/http/requestLogger";
import { Db } from "../src/orders/db";
import { buildTestApp } from "./support/app";

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  [key: string]: unknown;
}

function capture(): { stream: Writable; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split("\n")) if (l.trim()) lines.push(JSON.parse(l) as Line);
      cb();
    },
  });
  return { stream, lines };
}

/** Fastify's own pino instance (the parent Fastify hands the factory), with its child() calls counted. */
function parentAt(level: string) {
  const out = capture();
  const parent = Fastify({ logger: { level, stream: out.stream } }).log;
  const made: FastifyBaseLogger[] = [];
  // pino's children inherit from their parent, so the count must call the original on whichever logger it is.
  const child = parent.child;
  parent.child = function (this: FastifyBaseLogger, bindings, options) {
    const c = child.call(this, bindings, options);
    made.push(c);
    return c;
  };
  return { parent, lines: out.lines, made };
}

describe("request loggers: a pino child only for a request that writes a line", () => {
  it("lines below the level make no child and write nothing", () => {
    const { parent, lines, made } = parentAt("warn");
    const log = requestLogger(parent, { reqId: "r-1" }, {});
    log.info({ a: 1 }, "quiet");
    log.debug("quieter");
    log.trace("quietest");
    assert.equal(made.length, 0);
    assert.deepEqual(lines, []);
    assert.equal(log.level, "warn");
  });

  it("a line at an enabled level carries the bindings, like pino's child, and one child serves the rest", () => {
    const { parent, lines, made } = parentAt("warn");
    const log = requestLogger(parent, { reqId: "r-2" }, {});
    log.warn({ orderId: "o-1" }, "first");
    log.error(new Error("boom"), "second");
    log.info("below the level");
    assert.equal(made.length, 1);
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l.reqId, l.orderId ?? null]),
      [
        [40, "first", "r-2", "o-1"],
        [50, "second", "r-2", null],
      ],
    );
    assert.equal((lines[1]!.err as { message: string }).message, "boom");
  });

  it("child() of a request logger has the request's bindings and its own", () => {
    const { parent, lines } = parentAt("info");
    requestLogger(parent, { reqId: "r-3" }, {}).child({ step: "pay" }).info("nested");
    assert.deepEqual(
      lines.map((l) => [l.msg, l.reqId, l.step]),
      [["nested", "r-3", "pay"]],
    );
  });

  it("a level changed on the request logger applies to it alone", () => {
    const { parent, lines } = parentAt("warn");
    const log = requestLogger(parent, { reqId: "r-4" }, {});
    log.level = "debug";
    log.debug("now written");
    parent.debug("parent still at warn");
    assert.deepEqual(
      lines.map((l) => [l.msg, l.reqId]),
      [["now written", "r-4"]],
    );
  });

  it("a route with its own level gets pino's child at once (the parent cannot judge that level)", () => {
    const { parent, lines, made } = parentAt("warn");
    const log = requestLogger(parent, { reqId: "r-5" }, { level: "debug" });
    assert.equal(made.length, 1);
    log.debug("route-level debug");
    assert.deepEqual(
      lines.map((l) => [l.msg, l.reqId]),
      [["route-level debug", "r-5"]],
    );
  });

  it("a parent without pino's level check gets every line, through its child", () => {
    const seen: unknown[][] = [];
    const plain: FastifyBaseLogger = {
      level: "info",
      fatal: () => undefined,
      error: () => undefined,
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      trace: () => undefined,
      silent: () => undefined,
      child: (bindings) => ({
        ...plain,
        info: (...args: unknown[]) => seen.push([bindings, ...args]),
      }),
    };
    requestLogger(plain, { reqId: "r-6" }, {}).info("hello");
    assert.deepEqual(seen, [[{ reqId: "r-6" }, "hello"]]);
  });

  it("in the app, Fastify's own request lines carry the id the response returns", async () => {
    const out = capture();
    const db: Db = {
      kind: "pglite",
      endpoint: "unused",
      query: async () => [],
      isInRecovery: async () => false,
      close: async () => undefined,
    };
    const { app } = buildTestApp({
      db,
      catalog: {} as Catalog, // /healthz reads no backend
      logger: { level: "info", stream: out.stream },
    });
    try {
      const r = await app.inject("/healthz");
      assert.equal(r.statusCode, 200, r.body);
      const id = r.headers["x-request-id"] as string;
      const mine = out.lines.filter((l) => l.reqId === id).map((l) => l.msg);
      assert.deepEqual(mine, ["incoming request", "request completed"]);
    } finally {
      await app.close();
    }
  });
});
