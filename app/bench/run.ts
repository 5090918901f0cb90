/**
 * Storefront benchmark (npm run bench -w app). Not part of npm test.
 *   1. GET /api/products on the storefront vs a bare Fastify static-JSON route: throughput ratio (goal ≥ 80 %).
 *   2. POST /api/orders at fixed rates (200 and 500 req/s) against real Postgres, unique Idempotency-Keys and
 *      customers (so the fraud velocity limit refuses nothing): p50/p99 (goal p99 ≤ 25 ms), 0 errors required.
 *      Each order is a checkout transaction serialized per customer (OrderStore.createChecked).
 * Both servers run as child processes on loopback; autocannon runs here. Each phase lasts BENCH_SECONDS (5).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { Pool } from "pg";
import { freePort, startServer } from "../test/support/server";
import { parseBenchArgs } from "./args";

// autocannon ships no types; this is the part of its API used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as (opts: Record<string, unknown>) => Promise<Result>;
interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Connections per order rate: enough to sustain the rate at a few ms per order, few enough to keep bursts small. */
const ORDER_RATES: { rate: number; connections: number }[] = [
  { rate: 200, connections: Number(process.env.BENCH_ORDER_CONNECTIONS ?? 2) },
  { rate: 500, connections: Number(process.env.BENCH_ORDER_CONNECTIONS_500 ?? 5) },
];
const RATIO_GOAL = 0.8;
const P99_GOAL_MS = 25;
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function startBare(port: number) {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "bare.ts")], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/products`)).ok) return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill("SIGKILL");
  throw new Error("bare server did not start");
}

async function main(): Promise<void> {
  parseBenchArgs(process.argv.slice(2));
  const schema = `sc_bench_${process.pid}`;
  const admin = new Pool({ connectionString: PG_URL, max: 1 });
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const barePort = await freePort();
  const appPort = await freePort();
  const bare = await startBare(barePort);
  const app = await startServer({ DATABASE_URL: PG_URL, DB_SCHEMA: schema, REGION: "us-east-1", DB_POOL_MAX: "20" }, appPort);
  let failed = false;
  try {
    const browse = { connections: 50, duration: SECONDS, pipelining: 1 };
    // Warm both up (JIT, connection pools, the catalog memo) so the measurement is steady state.
    await autocannon({ url: `http://127.0.0.1:${barePort}/api/products`, ...browse, duration: 1 });
    await autocannon({ url: `${app.url}/api/products`, ...browse, duration: 1 });
    const b = await autocannon({ url: `http://127.0.0.1:${barePort}/api/products`, ...browse });
    const s = await autocannon({ url: `${app.url}/api/products`, ...browse });
    const ratio = s.requests.average / b.requests.average;

    let n = 0;
    const order = (prefix: string, rate: number, connections: number) => ({
      url: `${app.url}/api/orders`,
      // autocannon spends each connection's per-second budget back to back from the start of every second, so
      // more connections means bigger bursts, not a steadier rate; a few connections keep it close to steady.
      connections,
      duration: SECONDS,
      overallRate: rate,
      // autocannon's coordinated-omission correction uses an expected interval of ceil(1/rate) = 1 ms here (it
      // mixes seconds and ms), which replays every response as dozens of synthetic samples. At a fixed, low
      // rate there is no omission to correct, so record the latencies as measured.
      ignoreCoordinatedOmission: true,
      requests: [
        {
          method: "POST",
          path: "/api/orders",
          setupRequest: (req: Record<string, unknown>) => {
            n++;
            return {
              ...req,
              headers: { "content-type": "application/json", "idempotency-key": `${prefix}-${process.pid}-${n}` },
              body: JSON.stringify({
                customerId: `bench-${n}`,
                items: [{ productId: `p0${String(1 + (n % 50)).padStart(2, "0")}`, quantity: 1 }],
                shippingAddress: { name: "Bench", line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" },
              }),
            };
          },
        },
      ],
    });
    await autocannon({ ...order("warm", 200, 2), duration: 1 });
    const runs: { rate: number; connections: number; o: Result; stored: number }[] = [];
    for (const { rate, connections } of ORDER_RATES) {
      const prefix = `bench${rate}`;
      const o = await autocannon(order(prefix, rate, connections));
      const rows = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.orders WHERE idempotency_key LIKE '${prefix}-%'`);
      runs.push({ rate, connections, o, stored: rows.rows[0].n });
    }

    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    console.log(`\nGET /api/products (${browse.connections} connections, ${SECONDS} s)`);
    console.log(`  bare Fastify static JSON : ${b.requests.average.toFixed(0)} req/s`);
    const sErrors = s.errors + s.non2xx;
    console.log(`  storefront (catalog)     : ${s.requests.average.toFixed(0)} req/s, p99 ${s.latency.p99} ms, errors ${sErrors}`);
    const ratioOk = ratio >= RATIO_GOAL;
    console.log(`  ratio storefront / bare  : ${pct(ratio)}  (goal ≥ ${pct(RATIO_GOAL)}) ${ratioOk ? "PASS" : "MISS"}`);
    for (const { rate, connections, o, stored } of runs) {
      const what = `${connections} connections (real Postgres, unique keys and customers)`;
      console.log(`\nPOST /api/orders at ${rate} req/s for ${SECONDS} s, ${what}`);
      const errors = `errors ${o.errors}, timeouts ${o.timeouts}, non-2xx ${o.non2xx}`;
      console.log(`  requests ${o.requests.total}, orders stored ${stored}, ${errors}`);
      const ok = o.latency.p99 <= P99_GOAL_MS;
      console.log(`  latency p50 ${o.latency.p50} ms, p99 ${o.latency.p99} ms  (goal p99 ≤ ${P99_GOAL_MS} ms) ${ok ? "PASS" : "MISS"}`);
      if (o.errors + o.timeouts + o.non2xx > 0) failed = true;
    }
    if (failed || s.errors + s.non2xx > 0) {
      console.log("  FAIL: the benchmark requires 0 errors");
      failed = true;
    }
  } finally {
    bare.kill("SIGTERM");
    app.child.kill("SIGTERM");
    await app.exited;
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
