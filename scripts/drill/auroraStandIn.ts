/**
 * A stand-in of Aurora PostgreSQL's `aurora_global_db_instance_status()` in each drill cluster, so that the
 * storefront's REGION_ROLE=auto takes its Aurora path (app/src/region/globalTopology.ts) here too.
 *
 * Same name and columns as Aurora's ("aurora_global_db_instance_status",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora_global_db_instance_status.html): a server
 * that is not in recovery returns one row with `session_id = 'MASTER_SESSION_ID'` (Aurora's mark of the writer)
 * and `aws_region` from the cluster's `securecart.region` setting; a standby returns its own non-writer row.
 *
 * What it does not model: on Aurora every instance lists *all* instances of the global cluster, so a reader in
 * the recovery region also returns the writer's row (with the primary's region). Here a standby knows only
 * itself, so the storefront sees "no writer row", which it reads as recovery, as it reads the real one.
 * Nor does it model the LSN and feedback columns (NULL) beyond a replay-lag estimate on a standby.
 */

/** The custom setting each cluster's server is started with (cluster.ts). */
export const REGION_SETTING = "securecart.region";

export const AURORA_STAND_IN_SQL = `
CREATE OR REPLACE FUNCTION public.aurora_global_db_instance_status()
RETURNS TABLE (server_id text, session_id text, aws_region text, durable_lsn numeric, highest_lsn_rcvd numeric,
               feedback_epoch integer, feedback_xmin integer, oldest_read_view_lsn numeric, visibility_lag_in_msec numeric)
LANGUAGE sql STABLE AS $$
  SELECT 'drill-' || current_setting('${REGION_SETTING}'),
         CASE WHEN pg_is_in_recovery() THEN 'standby-' || pg_backend_pid() ELSE 'MASTER_SESSION_ID' END,
         -- No default: a cluster started without the setting fails the storefront's check loudly.
         current_setting('${REGION_SETTING}'),
         NULL::numeric, NULL::numeric, NULL::integer, NULL::integer, NULL::numeric,
         CASE WHEN pg_is_in_recovery()
              THEN round(1000 * extract(epoch FROM now() - pg_last_xact_replay_timestamp()))::numeric END
$$`;

/** Installs the stand-in on a writable cluster; standbys and restored backups inherit it with the catalog. */
export async function installAuroraStandIn(db: {
  query(sql: string): Promise<unknown>;
}): Promise<void> {
  await db.query(AURORA_STAND_IN_SQL);
}
