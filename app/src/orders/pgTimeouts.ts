/**
 * Every wait on PostgreSQL is bounded, so that a write against a database that is down or silent answers 503
 * within 5 s (DESIGN.md, Storefront, "Failing backends"). The budget of one failing step is
 * connectionTimeoutMillis (open a connection, or wait for a pool slot) + queryTimeoutMillis = 4 s; the first
 * step that fails ends the request, so a request pays it at most once.
 *
 * - statement_timeout (server side) is below query_timeout (client side): a server that is alive but slow
 *   cancels the statement itself (SQLSTATE 57014) and the connection stays usable; query_timeout only fires
 *   when the server does not answer at all, and then the connection is destroyed
 *   (https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT;
 *   node-postgres client options, https://node-postgres.com/apis/client).
 * - idle_in_transaction_session_timeout ends a server session whose client vanished mid-transaction, which
 *   would otherwise hold its row and advisory locks until the server's own TCP keepalive notices (hours with the
 *   Linux defaults that RDS/Aurora keep unless tcp_keepalives_idle is set).
 * - TCP keepalive starts probing an idle connection after 10 s, so a pooled connection to a server that vanished
 *   (failover, security group change) is found dead by the kernel rather than by the next checkout.
 */
export interface PgTimeouts {
  readonly connectionTimeoutMillis: number;
  readonly statementTimeoutMillis: number;
  readonly queryTimeoutMillis: number;
  readonly idleInTransactionMillis: number;
  readonly keepAliveInitialDelayMillis: number;
}

export const PG_TIMEOUTS: PgTimeouts = {
  connectionTimeoutMillis: 1500,
  statementTimeoutMillis: 2000,
  queryTimeoutMillis: 2500,
  idleInTransactionMillis: 10_000,
  keepAliveInitialDelayMillis: 10_000,
};
