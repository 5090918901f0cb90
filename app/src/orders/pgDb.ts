/**
 * node-postgres behind the Db interface.
 *
 * - Connection-level failures become BackendUnavailableError (503), never a crash or a 500.
 * - With a credential source, the pool reads the password for each new connection; on an authentication failure
 *   (28P01) the credentials are invalidated, the pool is rebuilt with the fresh user, and the query retried once.
 */
import { Pool, PoolConfig } from "pg";
import { BackendUnavailableError } from "../errors";
import { CredentialSource } from "../secrets";
import { clientInputError } from "./clientInput";
import { Db } from "./db";

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
  /** Fail fast when the server is unreachable so requests get a 503 instead of hanging. */
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  onError?: (err: Error) => void;
}

/** SQLSTATE classes that mean "the database is not usable right now", not "your SQL is wrong". */
const UNAVAILABLE_SQLSTATES = [/^08/, /^57P0[1-4]$/, /^53/, /^25006$/, /^40001$/];
const AUTH_FAILED = "28P01";

export class PgDb implements Db {
  readonly kind = "postgres" as const;
  readonly endpoint: string;
  private pool: Pool;
  private username?: string;

  constructor(private readonly opts: PgDbOptions) {
    this.endpoint = describeEndpoint(opts);
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
      connectionTimeoutMillis: this.opts.connectionTimeoutMillis ?? 2000,
      statement_timeout: this.opts.statementTimeoutMillis ?? 5000,
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

  /** Reads the credentials once before the pool exists, so the pool knows which user the secret names. */
  async init(): Promise<this> {
    if (this.opts.credentials) {
      this.username = (await this.opts.credentials.get()).username;
      const old = this.pool;
      this.pool = this.createPool();
      await old.end();
    }
    return this;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query(sql, params)).rows as T[];
    } catch (err) {
      if (sqlState(err) === AUTH_FAILED && this.opts.credentials) {
        await this.refreshCredentials();
        try {
          return (await this.pool.query(sql, params)).rows as T[];
        } catch (retryErr) {
          throw translate(retryErr);
        }
      }
      throw translate(err);
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

/**
 * Maps driver and network errors to BackendUnavailableError, and a value the server refuses to a 400; SQL logic
 * errors pass through unchanged (a 500). Public messages name no host, port or code: the driver's error is the cause.
 */
export function translate(err: unknown): unknown {
  const code = sqlState(err);
  const message = err instanceof Error ? err.message : String(err);
  const refused = clientInputError(err);
  if (refused) return refused;
  if (code === "25006") {
    return new BackendUnavailableError("orders", "this region's database is read-only (recovery); retry shortly", { cause: err });
  }
  const network =
    (code !== undefined && /^E[A-Z]+$/.test(code)) ||
    /Connection terminated|timeout exceeded|connect ECONNREFUSED|Client has encountered a connection error|Connection ended/i.test(
      message,
    );
  if (network || (code !== undefined && UNAVAILABLE_SQLSTATES.some((re) => re.test(code)))) {
    return new BackendUnavailableError("orders", "orders database unavailable", { cause: err });
  }
  if (code === AUTH_FAILED) return new BackendUnavailableError("orders", "orders database refused our credentials", { cause: err });
  return err;
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
