/**
 * Which region holds the writer, as the global database itself reports it (REGION_ROLE=auto).
 *
 * On Aurora every instance, reader or writer, answers `aurora_global_db_instance_status()` with one row per
 * instance of the global cluster; the writer's row has `session_id = 'MASTER_SESSION_ID'` and its `aws_region`
 * ("aurora_global_db_instance_status", https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora_global_db_instance_status.html;
 * "Monitoring Aurora PostgreSQL-based global databases",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-monitoring.html).
 * So this region is primary iff that row names this region. Asking the topology, not `pg_is_in_recovery()` of
 * one server, keeps the answer right when the endpoint and the writer are in different regions, and after a
 * global failover demotes an old writer that is still reachable.
 *
 * It asks through the reader pool: the local endpoint, answering while the writer's region is down.
 * Plain PostgreSQL (tests, local runs, PGlite) has no such function (SQLSTATE 42883, undefined_function); there
 * the fallback is `pg_is_in_recovery()` on the same pool, one server's view, which is all a single server has.
 */
import { Db } from "../orders/db";
import type { Role } from "./role";

export type TopologyMethod = "aurora_global_db_instance_status" | "pg_is_in_recovery";

const UNDEFINED_FUNCTION = "42883";
const WRITER_REGION_SQL = `SELECT aws_region FROM aurora_global_db_instance_status() WHERE session_id = 'MASTER_SESSION_ID'`;

export interface GlobalTopologyOptions {
  /** The reader pool (DbEndpoints.reader). */
  readonly db: Db;
  /** This task's region (REGION). */
  readonly region: string;
  readonly log?: { info(obj: object, msg: string): void };
}

export class GlobalTopology {
  private chosen?: TopologyMethod;

  constructor(private readonly opts: GlobalTopologyOptions) {}

  /** Undefined until the database has answered once. */
  get method(): TopologyMethod | undefined {
    return this.chosen;
  }

  /** This region's role; throws when the database cannot say (RegionRole then keeps the last known role). */
  async role(): Promise<Role> {
    if (this.chosen !== "pg_is_in_recovery") {
      try {
        const rows = await this.opts.db.query<{ aws_region: string }>(WRITER_REGION_SQL);
        this.choose("aurora_global_db_instance_status");
        // No writer row (mid-failover, or a stand-in without the other region): not primary, so refuse writes.
        return rows.some((r) => r.aws_region === this.opts.region) ? "primary" : "recovery";
      } catch (err) {
        if ((err as { code?: unknown }).code !== UNDEFINED_FUNCTION) throw err;
        this.choose("pg_is_in_recovery");
      }
    }
    return (await this.opts.db.isInRecovery()) ? "recovery" : "primary";
  }

  private choose(method: TopologyMethod): void {
    if (this.chosen === method) return;
    this.chosen = method;
    this.opts.log?.info(
      { event: "region-role-method", method },
      method === "pg_is_in_recovery"
        ? "no aurora_global_db_instance_status() (not Aurora): the region role follows pg_is_in_recovery() of the reader"
        : "the region role follows the global writer's region in aurora_global_db_instance_status()",
    );
  }
}
