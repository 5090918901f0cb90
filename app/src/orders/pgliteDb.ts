/**
 * Embedded Postgres (WebAssembly) for runs with no database configured. Its first start costs seconds (WASM
 * compilation), so callers create one per process. It serialises queries internally, which is all the store needs
 * because every write is a single statement.
 */
import { PGlite } from "@electric-sql/pglite";
import { clientInputError } from "./clientInput";
import { Db } from "./db";

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
