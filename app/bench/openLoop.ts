/**
 * An open-loop load generator: request i is due at start + i / rate, whatever happened to the ones before it,
 * and its latency is measured from when it was due, not from when it was sent. That is what "N req/s" means to a
 * shop (shoppers do not wait for each other), and it is the coordinated-omission-free measurement wrk2 makes:
 * a stall in the server shows up as latency of every request due during the stall.
 * (autocannon's rate limit is a per-connection budget per second, spent back to back from the start of each
 * second: autocannon/lib/httpClient.js, so its "500 req/s" is a burst of 500 followed by silence.)
 */
import { RawHttpClient, TimeoutError } from "./rawHttp";

export interface OpenLoopRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface OpenLoopOptions {
  url: string;
  rate: number;
  seconds: number;
  /** Sockets the generator may open; enough that it is never the bottleneck. */
  maxSockets: number;
  /** A request taking longer than this counts as a timeout. */
  timeoutMs: number;
  request: (i: number) => OpenLoopRequest;
}

export interface OpenLoopResult {
  due: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p99: number;
  max: number;
  /** How late the generator itself sent requests (p99): latency it adds that the server did not cause. */
  sendLagP99: number;
}

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const client = new RawHttpClient(opts.url, opts.maxSockets);
  const total = Math.round(opts.rate * opts.seconds);
  const interval = 1000 / opts.rate;
  const latencies: number[] = [];
  const lags: number[] = [];
  const tally = { ok: 0, non2xx: 0, errors: 0, timeouts: 0 };
  const pending: Promise<void>[] = [];
  const start = performance.now();

  const fire = async (i: number, dueAt: number) => {
    lags.push(performance.now() - dueAt);
    const r = opts.request(i);
    try {
      const { status } = await client.request(
        RawHttpClient.encode(r.method, r.path, r.headers, r.body),
        opts.timeoutMs,
      );
      latencies.push(performance.now() - dueAt);
      if (status >= 200 && status < 300) tally.ok++;
      else tally.non2xx++;
    } catch (err) {
      if (err instanceof TimeoutError) tally.timeouts++;
      else tally.errors++;
    }
  };

  await new Promise<void>((done) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      for (; i < total && start + i * interval <= now; i++)
        pending.push(fire(i, start + i * interval));
      if (i >= total) return done();
      setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  client.close();
  const p99 = quantile(lags, 0.99);
  return {
    due: total,
    ...tally,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: quantile(latencies, 1),
    sendLagP99: p99,
  };
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
