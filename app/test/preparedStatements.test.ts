import assert from "node:assert/strict";
import { Pool } from "pg";
import { PgDb } from "../src/orders/pgDb";
import { PreparedStatements } from "../src/orders/preparedStatements";
import { newSchemaName, PG_URL } from "./support/pg";

describe("app: prepared statements on PostgreSQL (PgDb)", () => {
  const schema = newSchemaName();
  const admin = new Pool({ connectionString: PG_URL, max: 1 });
  let db: PgDb;
  before(async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    // One connection, so the session the statements are prepared on is the one pg_prepared_statements shows.
    db = new PgDb({ connectionString: PG_URL, schema, max: 1 });
  });
  after(async () => {
    await db.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });
  const preparedOnSession = async () =>
    (
      await db.query<{ name: string; statement: string }>(
        "SELECT name, statement FROM pg_prepared_statements ORDER BY statement",
      )
    ).map((r) => r.statement);

  it("prepares a parameterized statement once per connection and reuses it", async () => {
    const sql = "SELECT $1::int + 1 AS n";
    assert.deepEqual(await db.query(sql, [1]), [{ n: 2 }]);
    assert.deepEqual(await db.query(sql, [41]), [{ n: 42 }]);
    assert.deepEqual(await preparedOnSession(), [sql]);
  });

  it("leaves statements without parameters unnamed (DDL, BEGIN, health checks)", async () => {
    await db.query("CREATE TABLE IF NOT EXISTS t_unnamed (id int)");
    assert.ok(!(await preparedOnSession()).some((s) => s.includes("t_unnamed")));
  });

  it("a statement whose Parse failed is not taken as prepared: it works once its table exists", async () => {
    const sql = "SELECT count(*)::int AS n FROM t_later WHERE id > $1";
    await assert.rejects(db.query(sql, [0]), /t_later/);
    await db.query("CREATE TABLE t_later (id int)");
    await db.query("INSERT INTO t_later VALUES (1), (2)");
    assert.deepEqual(await db.query(sql, [0]), [{ n: 2 }]);
  });

  it("a prepared statement follows a migration that replaces the function it calls", async () => {
    await db.query("CREATE FUNCTION f_version(x int) RETURNS int LANGUAGE sql AS 'SELECT 1'");
    const sql = "SELECT f_version($1) AS v";
    assert.deepEqual(await db.query(sql, [0]), [{ v: 1 }]);
    await db.query(
      "CREATE OR REPLACE FUNCTION f_version(x int) RETURNS int LANGUAGE sql AS 'SELECT 2'",
    );
    assert.deepEqual(await db.query(sql, [0]), [{ v: 2 }]);
  });

  it("inside a transaction too", async () => {
    const sql = "SELECT $1::text AS s";
    const out = await db.transaction((q) => q(sql, ["in-tx"]));
    assert.deepEqual(out, [{ s: "in-tx" }]);
    assert.ok((await preparedOnSession()).includes(sql));
  });
});

describe("app: PreparedStatements names", () => {
  it("one name per text, and texts past the cap go unnamed", () => {
    const names = new PreparedStatements(2);
    const a = names.config("SELECT $1", [1]);
    assert.match(a.name!, /^sc_[0-9a-f]{24}$/);
    assert.equal(names.config("SELECT $1", [2]).name, a.name);
    const b = names.config("SELECT $1 + 1", [1]);
    assert.notEqual(b.name, a.name);
    assert.equal(names.config("SELECT $1 + 2", [1]).name, undefined);
    assert.equal(names.size, 2);
    assert.deepEqual(names.config("BEGIN", []), { text: "BEGIN", values: [] });
  });
});
