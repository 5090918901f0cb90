/**
 * A Cache behind a circuit breaker. A Redis that silently drops traffic would otherwise add its full command
 * timeout to every recommendation; with the breaker, after a few timeouts the cache is skipped (a miss, served
 * from the source) until a trial call after the cool-down finds it back. /health/deep reports the cache
 * `degraded` while the breaker is open: its ping fails at once with the breaker's error.
 */
import { BreakerOptions, CircuitBreaker } from "./breaker";
import { BreakerState, Cache } from "./cache";

export class BreakerCache implements Cache {
  readonly kind: Cache["kind"];
  readonly endpoint: string;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly inner: Cache & { reset?(): void },
    opts: BreakerOptions = {},
  ) {
    this.kind = inner.kind;
    this.endpoint = inner.endpoint;
    // When it opens, drop the connection: commands that timed out may still be queued on it (see RedisCache.reset).
    this.breaker = new CircuitBreaker("cache", {
      ...opts,
      onOpen: () => (inner.reset?.(), opts.onOpen?.()),
    });
  }

  get(key: string): Promise<string | null> {
    return this.breaker.run(() => this.inner.get(key));
  }

  set(key: string, value: string, ttlSeconds: number): Promise<void> {
    return this.breaker.run(() => this.inner.set(key, value, ttlSeconds));
  }

  ping(): Promise<void> {
    return this.breaker.run(() => this.inner.ping());
  }

  state(): BreakerState {
    return this.breaker.state();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
