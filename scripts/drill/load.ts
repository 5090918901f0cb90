/**
 * A steady stream of real checkouts through the front door. Each logical order has its own Idempotency-Key (and
 * its own customer, so fraud velocity limits never fire); a failed attempt is retried with backoff and the SAME
 * key, which is what makes a retry after a failover safe.
 */
import { Journal, JournalEntry } from "./journal";

export interface Attempt {
  /** Start of the attempt (epoch ms). */
  readonly t: number;
  readonly ms: number;
  /** HTTP status, or 0 for a network error / timeout. */
  readonly status: number;
  readonly key: string;
  /** Region that served it (x-served-region), if any answered. */
  readonly region?: string;
}

export interface OrderOutcome {
  readonly key: string;
  readonly firstSentAt: number;
  ackAt?: number;
  id?: string;
  region?: string;
  attempts: number;
  /** A 4xx other than a retryable one: the order was refused, not lost. */
  rejected?: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly rate: number;
  readonly keyPrefix: string;
  readonly journal: Journal;
  readonly attemptTimeoutMs?: number;
  /** Backoff cap. The storefront's Retry-After is 5 s; the drill client retries sooner so RTO measures the system. */
  readonly maxBackoffMs?: number;
  readonly maxInFlight?: number;
}

export class LoadGenerator {
  readonly attempts: Attempt[] = [];
  readonly orders: OrderOutcome[] = [];
  /** The same entries the journal holds, kept in memory so the drill can watch for the first recovery ack. */
  readonly acked: JournalEntry[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();
  private giveUpAt = Infinity;
  private seq = 0;
  shed = 0;

  constructor(private readonly opts: LoadOptions) {}

  start(): void {
    const started = Date.now();
    // A 10 ms tick issues whatever the rate says is due, so a slow event loop catches up instead of drifting.
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) * this.opts.rate) / 1000);
      while (this.seq < due) {
        this.seq++;
        if (this.inFlight.size >= (this.opts.maxInFlight ?? 5000)) {
          this.shed++;
          continue;
        }
        const p = this.order(`${this.opts.keyPrefix}-${this.seq}`).finally(() =>
          this.inFlight.delete(p),
        );
        this.inFlight.add(p);
      }
    }, 10);
  }

  /** Stops issuing new orders; the ones in flight keep retrying until `drain`'s deadline. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Stops everything: in-flight orders give up at their next retry (used when the drill fails). */
  abandon(): void {
    this.stop();
    this.giveUpAt = 0;
  }

  async drain(timeoutMs: number): Promise<void> {
    this.stop();
    this.giveUpAt = Date.now() + timeoutMs;
    while (this.inFlight.size > 0) await Promise.race([...this.inFlight]);
  }

  private async order(key: string): Promise<void> {
    const o: OrderOutcome = { key, firstSentAt: Date.now(), attempts: 0 };
    this.orders.push(o);
    const body = JSON.stringify({
      customerId: key,
      items: [{ productId: "p001", quantity: 1 }],
      shippingAddress: {
        name: "Drill",
        line1: "1 Failover Way",
        city: "Dublin",
        postalCode: "D01",
        country: "IE",
      },
    });
    for (let n = 0; Date.now() < this.giveUpAt; n++) {
      o.attempts++;
      const t = Date.now();
      let status: number;
      let region: string | undefined;
      try {
        const r = await fetch(`${this.opts.url}/api/orders`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": key },
          body,
          signal: AbortSignal.timeout(this.opts.attemptTimeoutMs ?? 3000),
        });
        status = r.status;
        region = r.headers.get("x-served-region") ?? undefined;
        const json = (await r.json().catch(() => ({}))) as { id?: string; region?: string };
        if (r.ok && json.id) {
          const ackAt = Date.now();
          this.attempts.push({ t, ms: ackAt - t, status, key, region });
          Object.assign(o, { ackAt, id: json.id, region: json.region ?? region });
          const entry: JournalEntry = {
            key,
            id: json.id,
            region: o.region!,
            sentAt: t,
            ackAt,
            attempts: o.attempts,
          };
          this.opts.journal.append(entry);
          this.acked.push(entry);
          return;
        }
      } catch {
        status = 0;
      }
      this.attempts.push({ t, ms: Date.now() - t, status, key, region });
      if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        o.rejected = status;
        return;
      }
      const backoff =
        Math.min(this.opts.maxBackoffMs ?? 500, 50 * 2 ** n) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, backoff));
    }
  }
}
