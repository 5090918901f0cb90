/**
 * The region's role at run time (decision 4 of DESIGN.md).
 *
 * - `primary` / `recovery`: fixed by REGION_ROLE (active-active sets `primary` in both regions).
 * - `auto`: follows the database. The region is `primary` while the global database's writer is in this region
 *   (globalTopology.ts: Aurora's instance status, or `pg_is_in_recovery()` on plain PostgreSQL). It is re-checked
 *   every few seconds, so promoting the database promotes every task with no redeploy, and a global failover
 *   demotes the old region's tasks: the database is the fence, and no task can take writes its database would
 *   refuse.
 *
 * Until the first successful check an `auto` region reports `recovery`: when in doubt, refuse writes. It is not
 * *in* the recovery role then (`resolved` is false), and the write fence says why it refuses: a database that is
 * unreachable or misconfigured (an unknown database name used to show up as "recovery role" here).
 */
import { publicMessage } from "../errors";
import { Poller } from "./poll";
export type Role = "primary" | "recovery";
export type RoleModeSetting = "auto" | "primary" | "recovery";

export interface RoleChange {
  from: Role;
  to: Role;
  at: string;
}

export interface RoleOptions {
  mode: RoleModeSetting;
  /** This region's role as the database reports it (GlobalTopology.role); only used in auto mode. */
  probe: () => Promise<Role>;
  /** How the probe decides (GlobalTopology.method), shown in /topology; undefined until it knows. */
  method?: () => string | undefined;
  pollMs?: number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export class RegionRole {
  private current: Role;
  private readonly poller: Poller;
  private lastCheckAt?: string;
  private lastError?: string;
  /** The first answer in auto mode sets the role; only later flips are promotions or demotions. */
  private isResolved: boolean;
  readonly changes: RoleChange[] = [];

  constructor(private readonly opts: RoleOptions) {
    this.current = opts.mode === "primary" ? "primary" : "recovery";
    this.isResolved = opts.mode !== "auto";
    this.poller = new Poller(() => this.refresh(), opts.pollMs ?? 5000);
  }

  get role(): Role {
    return this.current;
  }
  get mode(): RoleModeSetting {
    return this.opts.mode;
  }
  /** False in auto mode until the database has answered once: the role shown is a guess (recovery). */
  get resolved(): boolean {
    return this.isResolved;
  }
  get writable(): boolean {
    return this.current === "primary";
  }
  /** The latest promotion, if any; shown in /topology. */
  get promotedAt(): string | undefined {
    return [...this.changes].reverse().find((c) => c.to === "primary")?.at;
  }

  status() {
    return {
      role: this.current,
      mode: this.opts.mode,
      resolved: this.isResolved,
      method: this.opts.mode === "auto" ? this.opts.method?.() : undefined,
      lastCheckAt: this.lastCheckAt,
      lastError: this.lastError,
      promotedAt: this.promotedAt,
      changes: this.changes.slice(-10),
    };
  }

  /** Re-reads the database's role now (auto mode); keeps the last known role when the database is unreachable. */
  async refresh(): Promise<Role> {
    if (this.opts.mode !== "auto") return this.current;
    try {
      const next = await this.opts.probe();
      this.lastCheckAt = new Date().toISOString();
      this.lastError = undefined;
      this.set(next);
    } catch (err) {
      // lastError is shown in /topology, so it holds the public message; the driver's detail goes to the log, once
      // per run of failures rather than every poll.
      if (this.lastError === undefined) {
        this.opts.log?.warn(
          { event: "region-role-check-failed", err },
          "cannot read the region role; keeping the last one",
        );
      }
      this.lastError = publicMessage(err, "the database's role could not be read");
    }
    return this.current;
  }

  /** Starts polling (auto mode only). */
  async start(): Promise<void> {
    if (this.opts.mode !== "auto") return;
    await this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  private set(next: Role): void {
    if (!this.isResolved) {
      this.isResolved = true;
      this.current = next;
      this.opts.log?.info(
        { event: "region-role", role: next },
        `region role resolved from the database: ${next}`,
      );
      return;
    }
    if (next === this.current) return;
    const change = { from: this.current, to: next, at: new Date().toISOString() };
    this.changes.push(change);
    this.current = next;
    if (next === "primary") {
      this.opts.log?.info(
        { event: "region-promoted", ...change },
        "the database's writer is in this region: promoted to primary",
      );
    } else {
      this.opts.log?.warn(
        { event: "region-demoted", ...change },
        "the database's writer is not in this region: now refusing writes",
      );
    }
  }
}
