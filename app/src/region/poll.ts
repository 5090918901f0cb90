/**
 * A poller for the region's run-time state (its role, its write fence): `refresh` once, then every `ms`. The
 * timer is unref'd so it never holds the process open; `stop` ends it.
 */
export class Poller {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly refresh: () => Promise<unknown>,
    private readonly ms: number,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.ms);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
