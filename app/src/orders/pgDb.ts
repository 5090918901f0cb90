/**
 * node-postgres behind the Db interface.
 *
 * - Connection-level failures become BackendUnavailableError (503), never a crash or a 500.
 * - Every wait is bounded (pgTimeouts.ts), so a database that is down or silent costs a request seconds, not
 *   minutes, and a connection that timed out is destroyed instead of going back to the pool.
 * - Configuration problems (unknown database, bad credentials, missing grants) are remembered in `problem()` so
 *   health checks and write refusals can name them (dbProblem.ts); the next success clears them.
 * - With a credential source, the pool reads the password for each new connection; on an authentication failure
 *   (28P01) the credentials are invalidated, the pool is rebuilt with the fresh user, and the query retried once.
 */
import { Pool, PoolClient, PoolConfig } from "pg";
import { BackendUnavailableError } from "../errors";
import { CredentialSource } from "../secrets";
import { clientInputError } from "./clientInput";
import { Db, Query, TransactionOptions, lockStatement } from "./db";
import { classifyDbProblem, DbConfigurationError, DbProblem } from "./dbProblem";
import { PG_TIMEOUTS, PgTimeouts } from "./pgTimeouts";
import { PreparedStatements } from "./preparedStatements";

export interface PgDbOptions {
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  ssl?: boolean;
  schema?: string;
  max?: number;
  credentials?: CredentialSource;
  /** Fail fast when the server is unreachable so requests get a 503 instead of hanging. Defaults: pgTimeouts.ts. */
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  queryTimeoutMillis?: number;
  onError?: (err: Error) => void;
  /** Distinct parameterized statements prepared per connection. Defaults to `MAX_PREPARED_STATEMENTS` (200). */
  maxPreparedStatements?: number;
}

/** SQLSTATE classes that mean "the database is not usable right now", not "your SQL is wrong". */
// 57014 query_canceled is what statement_timeout raises (https://www.postgresql.org/docs/current/runtime-config-client.html).
const UNAVAILABLE_SQLSTATES = [/^08/, /^57P0[1-4]$/, /^57014$/, /^53/, /^25006$/, /^40001$/];
const AUTH_FAILED = "28P01";

export class PgDb implements Db {
  readonly kind = "postgres" as const;
  readonly endpoint: string;
  /** The database name, the only part of the endpoint that error messages may show. */
  readonly database: string;
  private pool: Pool;
  private username?: string;
  private usernameKnown: boolean;
  private lastProblem?: DbProblem;
  private readonly timeouts: PgTimeouts;
  private readonly statements: PreparedStatements;

  constructor(private readonly opts: PgDbOptions) {
    this.endpoint = describeEndpoint(opts);
    this.database = databaseName(opts);
    this.usernameKnown = !opts.credentials;
    this.timeouts = {
      connectionTimeoutMillis: opts.connectionTimeoutMillis ?? PG_TIMEOUTS.connectionTimeoutMillis,
      statementTimeoutMillis: opts.statementTimeoutMillis ?? PG_TIMEOUTS.statementTimeoutMillis,
      queryTimeoutMillis: opts.queryTimeoutMillis ?? PG_TIMEOUTS.queryTimeoutMillis,
      idleInTransactionMillis: PG_TIMEOUTS.idleInTransactionMillis,
      keepAliveInitialDelayMillis: PG_TIMEOUTS.keepAliveInitialDelayMillis,
    };
    this.statements = new PreparedStatements(opts.maxPreparedStatements);
    this.pool = this.createPool();
  }

  private createPool(): Pool {
    const creds = this.opts.credentials;
    const config: PoolConfig = {
      connectionString: this.opts.connectionString,
      host: this.opts.host,
      port: this.opts.port,
      database: this.opts.database,
      user: this.username ?? this.opts.user,
      ssl: this.opts.ssl ? { rejectUnauthorized: false } : undefined,
      max: this.opts.max ?? 10,
      // pg-pool applies connectionTimeoutMillis both to opening a connection (TCP + start-up + auth, cleared on
      // the first ReadyForQuery in pg/lib/client.js) and to waiting for a free slot when the pool is full
      // (pg-pool/index.js connect(): "timeout exceeded when trying to connect"), so it is also the acquire timeout.
      connectionTimeoutMillis: this.timeouts.connectionTimeoutMillis,
      // Server side: the server cancels a statement running longer (SQLSTATE 57014) and the connection stays good.
      statement_timeout: this.timeouts.statementTimeoutMillis,
      // Client side, for a server that does not answer at all: pg rejects with "Query read timeout"
      // (pg/lib/client.js). pool.query() then releases the client with that error, and pg-pool removes a client
      // released with an error (_release → _remove → client.end(), which destroys the socket while a query is
      // active); transaction() does the same with release(err).
      query_timeout: this.timeouts.queryTimeoutMillis,
      // A client destroyed mid-transaction leaves its server session holding locks (the per-customer advisory
      // lock) until the server notices; this bounds it.
      idle_in_transaction_session_timeout: this.timeouts.idleInTransactionMillis,
      // TCP keepalive (pg: keepAlive / keepAliveInitialDelayMillis → socket.setKeepAlive) so an idle connection
      // to a vanished server is detected by the kernel instead of looking alive until the next query.
      keepAlive: true,
      keepAliveInitialDelayMillis: this.timeouts.keepAliveInitialDelayMillis,
      idleTimeoutMillis: 30_000,
      // search_path as a startup option, so every pooled connection has it before its first query.
      options: this.opts.schema ? `-c search_path=${this.opts.schema}` : undefined,
      password: creds ? async () => (await creds.get()).password : undefined,
    };
    const pool = new Pool(config);
    // An idle client losing its connection emits here; unhandled it would kill the process.
    pool.on("error", (err) => this.opts.onError?.(err));
    return pool;
  }

  /**
   * Reads the credentials once before first use, so the pool knows which user the secret names. A secret that
   * cannot be read now does not fail start-up: the process must stay up (DESIGN.md, Storefront), and the next
   * query tries again.
   */
  async init(): Promise<this> {
    await this.resolveUser().catch((err: Error) => this.opts.onError?.(err));
    return this;
  }

  private async resolveUser(): Promise<void> {
    if (this.usernameKnown) return;
    try {
      this.username = (await this.opts.credentials!.get()).username;
    } catch (err) {
      throw new BackendUnavailableError("orders", "orders database credentials are unavailable", {
        retryAfterSeconds: 5,
        cause: err,
      });
    }
    this.usernameKnown = true;
    const old = this.pool;
    this.pool = this.createPool();
    void old.end().catch(() => undefined);
  }

  problem(): DbProblem | undefined {
    return this.lastProblem;
  }

  /** Pool counters (pg-pool totalCount / idleCount / waitingCount): tests check that no client is stuck. */
  stats(): { total: number; idle: number; waiting: number } {
    return {
      total: this.pool.totalCount,
      idle: this.pool.idleCount,
      waiting: this.pool.waitingCount,
    };
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.observe(async () => {
      await this.resolveUser();
      try {
        return (await this.pool.query(this.statements.config(sql, params))).rows as T[];
      } catch (err) {
        if (sqlState(err) !== AUTH_FAILED || !this.opts.credentials) throw err;
        await this.refreshCredentials();
        return (await this.pool.query(this.statements.config(sql, params))).rows as T[];
      }
    });
  }

  /**
   * One transaction on one checked-out client. On a connection-level failure (timeout, reset) the client is
   * released with the error, which makes pg-pool destroy it instead of reusing a connection in an unknown
   * state; ROLLBACK is only sent on a healthy connection (a SQL error), and a failed ROLLBACK evicts it too.
   */
  async transaction<T>(
    fn: (query: Query) => Promise<T>,
    opts: TransactionOptions = {},
  ): Promise<T> {
    return this.observe(async () => {
      await this.resolveUser();
      const client = await this.checkout();
      let evict: Error | undefined;
      // A checked-out client has no pool listener (pg-pool removes its idle listener on checkout), and pg's
      // Client emits 'error' when its socket fails (a reset between two queries): unheard, that event would be an
      // uncaught exception that kills the process. pool.query() guards the same way (client.once('error')).
      const onError = (err: Error) => (evict = err);
      client.on("error", onError);
      try {
        // One simple-protocol round trip for BEGIN and the lock (the key is two checked integers, not text).
        await client.query(opts.lock ? `BEGIN; ${lockStatement(opts.lock)}` : "BEGIN");
        const out = await fn(
          async <R>(sql: string, params: unknown[] = []) =>
            (await client.query(this.statements.config(sql, params))).rows as R[],
        );
        await client.query("COMMIT");
        return out;
      } catch (err) {
        if (isConnectionLevel(err)) evict = err as Error;
        else await client.query("ROLLBACK").catch((rollbackErr: Error) => (evict = rollbackErr));
        throw err;
      } finally {
        client.removeListener("error", onError);
        client.release(evict);
      }
    });
  }

  /** pool.connect(), with the same one retry after fresh credentials as query() on an authentication failure. */
  private async checkout(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      if (sqlState(err) !== AUTH_FAILED || !this.opts.credentials) throw err;
      await this.refreshCredentials();
      return this.pool.connect();
    }
  }

  /** Translates failures and tracks configuration problems: set by one, cleared by the next success. */
  private async observe<T>(run: () => Promise<T>): Promise<T> {
    try {
      const out = await run();
      this.lastProblem = undefined;
      return out;
    } catch (err) {
      const translated = translate(err, this.database);
      if (translated instanceof DbConfigurationError) {
        // Keep the first `since` while the same problem persists.
        if (this.lastProblem?.kind !== translated.problem.kind)
          this.lastProblem = translated.problem;
      }
      throw translated;
    }
  }

  private async refreshCredentials(): Promise<void> {
    const creds = this.opts.credentials!;
    creds.invalidate();
    const fresh = await creds.get();
    if (fresh.username !== this.username) {
      // Alternating-user rotation changes the user too; a pool's user is fixed, so replace the pool.
      this.username = fresh.username;
      const old = this.pool;
      this.pool = this.createPool();
      void old.end().catch(() => undefined);
    }
  }

  async isInRecovery(): Promise<boolean> {
    const rows = await this.query<{ r: boolean }>("SELECT pg_is_in_recovery() AS r");
    return rows[0]?.r === true;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

/** Errors after which a connection's state is unknown: it must not be reused. */
function isConnectionLevel(err: unknown): boolean {
  const code = sqlState(err);
  const message = err instanceof Error ? err.message : String(err);
  return (
    (code !== undefined && (/^E[A-Z]+$/.test(code) || /^08/.test(code))) ||
    NETWORK_MESSAGES.test(message)
  );
}

const NETWORK_MESSAGES = new RegExp(
  [
    "Connection terminated",
    "timeout exceeded",
    "Query read timeout",
    "connect ECONNREFUSED",
    "Client has encountered a connection error",
    "Connection ended",
    "not queryable",
  ].join("|"),
  "i",
);

/**
 * Maps driver and network errors to BackendUnavailableError, a value the server refuses to a 400, and a
 * configuration problem to DbConfigurationError; SQL logic errors pass through unchanged (a 500). Public messages
 * name no host, port or code: the driver's error is the cause. `database` (the name only) lets configuration
 * problems name the database they are about.
 */
export function translate(err: unknown, database = "securecart"): unknown {
  if (err instanceof BackendUnavailableError) return err;
  const code = sqlState(err);
  const message = err instanceof Error ? err.message : String(err);
  const refused = clientInputError(err);
  if (refused) return refused;
  const problem = classifyDbProblem(code, database);
  if (problem) return new DbConfigurationError(problem, message, err);
  if (code === "25006") {
    return new BackendUnavailableError(
      "orders",
      "this region's database is read-only (recovery); retry shortly",
      { cause: err },
    );
  }
  const network = (code !== undefined && /^E[A-Z]+$/.test(code)) || NETWORK_MESSAGES.test(message);
  if (network || (code !== undefined && UNAVAILABLE_SQLSTATES.some((re) => re.test(code)))) {
    return new BackendUnavailableError("orders", "orders database unavailable", { cause: err });
  }
  return err;
}

function databaseName(opts: PgDbOptions): string {
  if (opts.connectionString) {
    try {
      return (
        decodeURIComponent(new URL(opts.connectionString).pathname.slice(1)) ||
        opts.database ||
        "postgres"
      );
    } catch {
      return opts.database ?? "postgres";
    }
  }
  return opts.database ?? "postgres";
}

function describeEndpoint(opts: PgDbOptions): string {
  if (opts.connectionString) {
    try {
      const u = new URL(opts.connectionString);
      return `${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return "postgres";
    }
  }
  return `${opts.host ?? "localhost"}:${opts.port ?? 5432}/${opts.database ?? ""}`;
}
