/**
 * A small circuit breaker (DESIGN.md, Storefront, "Failing backends"): after `threshold` consecutive failures
 * it opens and every call fails at once for `cooldownMs`; then one trial call is let through (half-open): success
 * closes it, failure opens it again. Written here rather than taken from a library (opossum is the usual one)
 * because this is all the cache needs, ~40 lines, with no timers of its own: opossum adds its own per-call
 * timeout on top of ioredis' commandTimeout, rolling statistics and an event emitter, none of which the cache uses.
 */
import type { BreakerState } from "./cache";

export class BreakerOpenError extends Error {
  constructor(what: string) {
    super(`${what} skipped: circuit open after repeated failures`);
    this.name = "BreakerOpenError";
  }
}

export interface BreakerOptions {
  threshold?: number;
  cooldownMs?: number;
  /** Called when the breaker opens (e.g. to drop a connection whose state is unknown). */
  onOpen?: () => void;
  now?: () => number;
}

export class CircuitBreaker {
  private failures = 0;
  private openedAt?: number;
  private trial = false;
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(
    private readonly what: string,
    private readonly opts: BreakerOptions = {},
  ) {
    this.threshold = opts.threshold ?? 3;
    this.cooldownMs = opts.cooldownMs ?? 5000;
    this.now = opts.now ?? Date.now;
  }

  state(): BreakerState {
    if (this.openedAt === undefined) return "closed";
    return this.now() - this.openedAt >= this.cooldownMs && !this.trial ? "half-open" : "open";
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const state = this.state();
    if (state === "open") throw new BreakerOpenError(this.what);
    if (state === "half-open") this.trial = true;
    try {
      const out = await call();
      this.failures = 0;
      this.openedAt = undefined;
      return out;
    } catch (err) {
      this.failures++;
      if (state === "half-open" || (this.openedAt === undefined && this.failures >= this.threshold))
        this.open();
      throw err;
    } finally {
      if (state === "half-open") this.trial = false;
    }
  }

  private open(): void {
    this.openedAt = this.now();
    this.opts.onOpen?.();
  }
}
