/**
 * Embedded Postgres (WebAssembly) for runs with no database configured. Its first start costs seconds (WASM
 * compilation), so callers create one per process. It serialises queries internally, which is all the store needs
 * because every write is a single statement.
 */
import { PGlite } from "@electric-sql/pglite";
import { clientInputError } from "./clientInput";
import { Db, Query, TransactionOptions, lockStatement } from "./db";

export class PgliteDb implements Db {
  readonly kind = "pglite" as const;
  readonly endpoint: string;
  private constructor(
    private readonly pg: PGlite,
    dataDir: string,
  ) {
    this.endpoint = dataDir === "memory" ? "memory://" : `file://${dataDir}`;
  }

  static async open(dataDir = "memory"): Promise<PgliteDb> {
    const pg = dataDir === "memory" ? new PGlite() : new PGlite(dataDir);
    await pg.waitReady;
    return new PgliteDb(pg, dataDir);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return (await this.pg.query<T>(sql, params)).rows;
    } catch (err) {
      // Same mapping as the server (pgDb.ts): PGlite is PostgreSQL and raises the same SQLSTATEs.
      throw clientInputError(err) ?? err;
    }
  }

  /** PGlite's transaction() holds its one connection for the whole callback, so other queries wait for it. */
  async transaction<T>(
    fn: (query: Query) => Promise<T>,
    opts: TransactionOptions = {},
  ): Promise<T> {
    return this.pg.transaction(async (tx) => {
      if (opts.lock) await tx.query(lockStatement(opts.lock));
      return fn(async <R>(sql: string, params: unknown[] = []) => {
        try {
          return (await tx.query<R>(sql, params)).rows;
        } catch (err) {
          throw clientInputError(err) ?? err;
        }
      });
    });
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  async isInRecovery(): Promise<boolean> {
    return false;
  }

  async close(): Promise<void> {
    if (!this.pg.closed) await this.pg.close();
  }
}
