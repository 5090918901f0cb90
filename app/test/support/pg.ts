/**
 * Real-Postgres fixtures: one schema per test run (sc_test_<pid>_<random>), selected through search_path and
 * dropped at the end, so parallel runs and other suites never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import { Pool } from "pg";
import { runMigrations } from "../../src/orders/migrations";
import { PgDb } from "../../src/orders/pgDb";

export const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface PgFixture {
  db: PgDb;
  schema: string;
  /** A plain pool on the same schema for assertions that bypass the store. */
  admin: Pool;
  drop(): Promise<void>;
}

export function newSchemaName(): string {
  return `sc_test_${process.pid}_${randomBytes(4).toString("hex")}`;
}

export async function createPgFixture(opts: { migrate?: boolean } = {}): Promise<PgFixture> {
  const schema = newSchemaName();
  const admin = new Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = new PgDb({ connectionString: PG_URL, schema, max: 20 });
  if (opts.migrate !== false) await runMigrations(db, schema);
  return {
    db,
    schema,
    admin,
    drop: async () => {
      await db.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
