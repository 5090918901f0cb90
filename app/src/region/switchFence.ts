/**
 * The write fence the failover runbook flips (DESIGN.md decision 15, "Fencing").
 *
 * The routing switch (an S3 object in the recovery region, body `primary=on` or `primary=off`) says which
 * stack's region holds the writer role. The runbook flips it *before* promoting the database, so the old
 * region must stop taking writes on the flip itself, while its database still accepts them: its storefront polls
 * the object and lets writes through only while the last body read equals WRITE_FENCE_ALLOWS (`primary=on` on
 * the primary stack, `primary=off` on the recovery stack). The region role still gates as well.
 *
 * Trade-offs, chosen on purpose:
 * - **A read error keeps the last known state** (and reports it). The switch lives in another region; a blip in
 *   its S3 must not stop the primary's checkouts. The flip that matters is a successful write the runbook
 *   makes in that healthy region, so a task that can reach S3 at all sees it within one poll.
 * - **Before the first successful read, writes are allowed.** Refusing would make every cold start (and every
 *   task started while S3 is unreachable) depend on another region's S3. Until then the database role alone
 *   gates, as it did before the fence existed: a task in a demoted region still refuses writes by its role.
 * - **A missing object allows no one**: it is neither body, and not a state the runbook writes.
 */
import type { Metrics } from "../metrics";
import type { SwitchReader } from "./s3Switch";
import { Poller } from "./poll";

export type FenceState = "open" | "closed" | "unconfigured";

export interface FenceStatus {
  state: FenceState;
  /** The body last read; absent before the first read, or when the object was missing. */
  body?: string;
  lastReadAt?: string;
  /** The last read's error, cleared by the next successful read. */
  lastError?: string;
}

/** What the write routes and /topology need from a fence. */
export interface Fence {
  readonly open: boolean;
  status(): FenceStatus;
}

/** No WRITE_FENCE_S3_URI: only the region role gates writes. */
export const NO_FENCE: Fence = { open: true, status: () => ({ state: "unconfigured" }) };

export interface SwitchFenceOptions {
  readonly read: SwitchReader;
  /** The body that lets this region write. */
  readonly allows: string;
  /** Defaults to `5000`. */
  readonly pollMs?: number;
  readonly metrics?: Metrics;
  readonly log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export class SwitchFence implements Fence {
  private current: FenceStatus = { state: "open" };
  private readonly poller: Poller;
  private inFlight?: Promise<FenceStatus>;

  constructor(private readonly opts: SwitchFenceOptions) {
    opts.metrics?.writeFenceOpen.set({ allows: opts.allows }, 1);
    this.poller = new Poller(() => this.refresh(), opts.pollMs ?? 5000);
  }

  get open(): boolean {
    return this.current.state === "open";
  }

  status(): FenceStatus {
    return { ...this.current };
  }

  /** Reads the switch now. Concurrent callers share one read, so polls never pile up behind a slow S3. */
  refresh(): Promise<FenceStatus> {
    this.inFlight ??= this.readOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** First read, then polling. */
  start(): Promise<void> {
    return this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  private async readOnce(): Promise<FenceStatus> {
    let body: string | undefined;
    try {
      // Trimmed: a body uploaded from a file often ends in a newline, which says nothing else.
      body = (await this.opts.read())?.trim();
    } catch (err) {
      const message = (err as Error).message || (err as Error).name || String(err);
      this.opts.metrics?.writeFenceReadErrors.inc();
      if (this.current.lastError === undefined) {
        this.opts.log?.warn(
          { event: "write-fence-read-failed", err: message },
          "cannot read the routing switch; keeping its last state",
        );
      }
      this.current = { ...this.current, lastError: message.slice(0, 200) };
      return this.status();
    }
    const state: FenceState = body === this.opts.allows ? "open" : "closed";
    if (state !== this.current.state || this.current.lastReadAt === undefined) {
      const msg =
        state === "open"
          ? "routing switch lets this region write"
          : "routing switch fences this region: writes refused";
      this.opts.log?.[state === "open" ? "info" : "warn"](
        { event: `write-fence-${state}`, body: body ?? null },
        msg,
      );
    }
    this.current = { state, body, lastReadAt: new Date().toISOString() };
    this.opts.metrics?.writeFenceOpen.set({ allows: this.opts.allows }, state === "open" ? 1 : 0);
    return this.status();
  }
}
