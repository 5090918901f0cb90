import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { openLoop } from "../bench/openLoop";
import { RawHttpClient } from "../bench/rawHttp";
import { freePort } from "./support/server";

/** A server whose answer each test sets; it counts the TCP connections it accepted. */
async function server(handler: http.RequestListener) {
  const s = http.createServer(handler);
  let connections = 0;
  s.on("connection", () => connections++);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return {
    url,
    connections: () => connections,
    close: () => {
      s.closeAllConnections();
      return new Promise<void>((r) => s.close(() => r()));
    },
  };
}

/** Fastify frames every reply with Content-Length; these servers do the same (Node alone would chunk). */
const send = (res: http.ServerResponse, status: number, body: string, headers = {}) =>
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) }).end(body);

const load = (url: string, over: Partial<Parameters<typeof openLoop>[0]> = {}) =>
  openLoop({
    url,
    rate: 200,
    seconds: 0.25,
    maxSockets: 4,
    timeoutMs: 1000,
    request: (i) => ({ method: "POST", path: "/api/orders", headers: {}, body: `{"i":${i}}` }),
    ...over,
  });

describe("bench: the open-loop generator and its HTTP client", () => {
  it("sends every request due, with its body, on at most maxSockets keep-alive connections", async () => {
    const bodies: string[] = [];
    const s = await server((req, res) => {
      let b = "";
      req.on("data", (d) => (b += d));
      req.on("end", () => {
        bodies.push(`${req.method} ${req.url} ${b}`);
        send(res, 201, '{"ok":true}', { "content-type": "application/json" });
      });
    });
    try {
      const r = await load(s.url);
      assert.deepEqual([r.due, r.ok, r.non2xx, r.errors, r.timeouts], [50, 50, 0, 0, 0]);
      assert.equal(bodies.length, 50);
      assert.ok(bodies.includes('POST /api/orders {"i":49}'));
      assert.ok(s.connections() >= 1 && s.connections() <= 4, `${s.connections()} connections`);
    } finally {
      await s.close();
    }
  });

  it("counts statuses outside 2xx as non-2xx", async () => {
    const s = await server((_req, res) => send(res, 503, "busy"));
    try {
      const r = await load(s.url);
      assert.deepEqual([r.ok, r.non2xx, r.errors], [0, 50, 0]);
    } finally {
      await s.close();
    }
  });

  it("times latency from the due time: a stalled first answer delays every request queued behind it", async () => {
    let first = true;
    const s = await server((_req, res) => {
      const delay = first ? 200 : 0;
      first = false;
      setTimeout(() => send(res, 200, "{}"), delay);
    });
    try {
      const r = await load(s.url, { rate: 100, seconds: 0.5, maxSockets: 1 });
      assert.equal(r.ok, 50);
      // Requests due during the stall waited for the one socket: ~20 of 50 are over 100 ms, so p50 is not.
      assert.ok(r.max >= 190, `max ${r.max}`);
      assert.ok(r.p99 >= 150, `p99 ${r.p99}`);
      assert.ok(r.p50 < 100, `p50 ${r.p50}`);
    } finally {
      await s.close();
    }
  });

  it("a server that never answers is a timeout, on time", async () => {
    const s = await server(() => undefined);
    try {
      const t = performance.now();
      const r = await load(s.url, { rate: 40, seconds: 0.1, timeoutMs: 150 });
      assert.deepEqual([r.due, r.ok, r.timeouts], [4, 0, 4]);
      assert.ok(performance.now() - t < 1500);
    } finally {
      await s.close();
    }
  });

  it("follows Connection: close by opening a new connection", async () => {
    const s = await server((_req, res) => send(res, 200, "{}", { connection: "close" }));
    try {
      const r = await load(s.url, { rate: 100, seconds: 0.1 });
      assert.deepEqual([r.ok, r.errors], [10, 0]);
      assert.equal(s.connections(), 10);
    } finally {
      await s.close();
    }
  });

  it("refuses to guess the end of a response with no Content-Length (chunked)", async () => {
    const s = await server((_req, res) => {
      res.writeHead(200);
      res.write("part");
      res.end();
    });
    try {
      const r = await load(s.url, { rate: 40, seconds: 0.1 });
      assert.deepEqual([r.ok, r.errors], [0, 4]);
    } finally {
      await s.close();
    }
  });

  it("a server that is not there is an error per request", async () => {
    const r = await load(`http://127.0.0.1:${await freePort()}`, { rate: 40, seconds: 0.1 });
    assert.deepEqual([r.ok, r.errors], [0, 4]);
  });

  it("encodes a request with its Content-Length in bytes", () => {
    const req = RawHttpClient.encode("POST", "/x", { a: "1" }, "é").toString("latin1");
    assert.equal(req, "POST /x HTTP/1.1\r\nhost: bench\r\na: 1\r\ncontent-length: 2\r\n\r\nÃ©");
  });
});
