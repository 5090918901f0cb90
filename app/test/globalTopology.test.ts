/**
 * REGION_ROLE=auto from the global topology. A stand-in of Aurora's aurora_global_db_instance_status() is created
 * in a test schema of the real PostgreSQL (same column names, rows from a table the test edits); a schema
 * without it is plain PostgreSQL, where the role falls back to pg_is_in_recovery().
 */
import assert from "node:assert/strict";
import { Db } from "../src/orders/db";
import { PgDb } from "../src/orders/pgDb";
import { GlobalTopology } from "../src/region/globalTopology";
import { RegionRole } from "../src/region/role";
import { createPgFixture, PgFixture } from "./support/pg";

type Logged = { event?: string; method?: string; msg: string };

/** Records every statement the topology sends, to show which one it uses. */
function spy(db: Db): { db: Db; sql: string[] } {
  const sql: string[] = [];
  return {
    sql,
    db: {
      kind: db.kind,
      endpoint: db.endpoint,
      query: (q, p) => (
        sql.push(q.includes("aurora_global_db_instance_status") ? "aurora" : q),
        db.query(q, p)
      ),
      isInRecovery: () => (sql.push("pg_is_in_recovery"), db.isInRecovery()),
      close: () => db.close(),
    },
  };
}

describe("app: region role from the global topology", () => {
  describe("on Aurora (aurora_global_db_instance_status())", () => {
    let pg: PgFixture;
    const logs: Logged[] = [];
    const log = {
      info: (o: { event?: string; method?: string }, msg: string) => logs.push({ ...o, msg }),
    };
    const instances = async (rows: [server: string, session: string, region: string][]) => {
      await pg.admin.query("DELETE FROM instances");
      for (const r of rows) await pg.admin.query("INSERT INTO instances VALUES ($1, $2, $3)", r);
    };

    before(async () => {
      pg = await createPgFixture({ migrate: false });
      await pg.admin.query(
        "CREATE TABLE instances (server_id text, session_id text, aws_region text)",
      );
      await pg.admin.query(`
        CREATE FUNCTION ${pg.schema}.aurora_global_db_instance_status()
        RETURNS TABLE (server_id text, session_id text, aws_region text, visibility_lag_in_msec numeric)
        LANGUAGE sql STABLE AS $$ SELECT server_id, session_id, aws_region, 0::numeric FROM ${pg.schema}.instances $$`);
    });
    after(async () => pg?.drop());
    beforeEach(() => (logs.length = 0));

    it("is recovery while the writer row is in the other region, primary once it is in this one", async () => {
      const s = spy(pg.db);
      const topo = new GlobalTopology({ db: s.db, region: "eu-west-1", log });
      await instances([
        ["use1-writer", "MASTER_SESSION_ID", "us-east-1"],
        ["use1-reader", "f3a1-22", "us-east-1"],
        ["euw1-reader", "9b2c-11", "eu-west-1"],
      ]);
      assert.equal(await topo.role(), "recovery");
      await instances([
        ["euw1-writer", "MASTER_SESSION_ID", "eu-west-1"],
        ["use1-reader", "f3a1-22", "us-east-1"],
      ]);
      assert.equal(await topo.role(), "primary");
      assert.equal(topo.method, "aurora_global_db_instance_status");
      assert.deepEqual(s.sql, ["aurora", "aurora"], "never pg_is_in_recovery() on Aurora");
      assert.deepEqual(
        logs.map((l) => [l.event, l.method]),
        [["region-role-method", "aurora_global_db_instance_status"]],
        "the method is logged once",
      );
    });

    it("with no writer row (mid-failover) it is recovery: when in doubt, refuse writes", async () => {
      await instances([["euw1-reader", "9b2c-11", "eu-west-1"]]);
      assert.equal(await new GlobalTopology({ db: pg.db, region: "eu-west-1" }).role(), "recovery");
    });

    it("a reader row of this region does not make it primary", async () => {
      await instances([
        ["use1-writer", "MASTER_SESSION_ID", "us-east-1"],
        ["use1-reader", "a-1", "eu-west-1"],
      ]);
      assert.equal(await new GlobalTopology({ db: pg.db, region: "eu-west-1" }).role(), "recovery");
      assert.equal(await new GlobalTopology({ db: pg.db, region: "us-east-1" }).role(), "primary");
    });

    it("drives RegionRole: recovery until the first answer, then follows it, keeping the last role on an error", async () => {
      await instances([["use1-writer", "MASTER_SESSION_ID", "us-east-1"]]);
      const topo = new GlobalTopology({ db: pg.db, region: "us-east-1" });
      const warned: unknown[] = [];
      const log = {
        info: () => undefined,
        warn: (obj: object) => void warned.push((obj as { err?: unknown }).err),
      };
      const role = new RegionRole({ mode: "auto", probe: () => topo.role(), log });
      assert.equal(role.role, "recovery", "before the first check");
      await role.start();
      try {
        assert.equal(role.role, "primary");
        // A function error that is not "undefined function" is an outage of the answer, not plain PostgreSQL.
        await pg.admin.query("ALTER TABLE instances RENAME TO instances_gone");
        assert.equal(await role.refresh(), "primary");
        // /topology shows the public message; the server's text (which names a table) goes to the log.
        assert.equal(role.status().lastError, "the database's role could not be read");
        assert.match(String((warned[0] as Error)?.message), /instances.*does not exist/);
        assert.equal(
          topo.method,
          "aurora_global_db_instance_status",
          "no fallback on other errors",
        );
        await pg.admin.query("ALTER TABLE instances_gone RENAME TO instances");
        await instances([["euw1-writer", "MASTER_SESSION_ID", "eu-west-1"]]);
        assert.equal(await role.refresh(), "recovery", "a global failover demotes the old region");
        assert.equal(role.status().lastError, undefined);
        assert.deepEqual(
          role.changes.map((c) => `${c.from}->${c.to}`),
          ["primary->recovery"],
        );
      } finally {
        role.stop();
      }
    });
  });

  describe("on plain PostgreSQL (no such function: 42883)", () => {
    let pg: PgFixture;
    before(async () => (pg = await createPgFixture({ migrate: false })));
    after(async () => pg?.drop());

    it("falls back to pg_is_in_recovery() of the reader, says so once, and stops asking for the function", async () => {
      const logs: Logged[] = [];
      const s = spy(pg.db);
      const topo = new GlobalTopology({
        db: s.db,
        region: "eu-west-1",
        log: { info: (o, msg) => logs.push({ ...o, msg }) },
      });
      assert.equal(await topo.role(), "primary", "the local server is not in recovery");
      assert.equal(await topo.role(), "primary");
      assert.equal(topo.method, "pg_is_in_recovery");
      assert.deepEqual(s.sql, ["aurora", "pg_is_in_recovery", "pg_is_in_recovery"]);
      assert.deepEqual(
        logs.map((l) => [l.event, l.method]),
        [["region-role-method", "pg_is_in_recovery"]],
      );
      assert.match(logs[0].msg, /pg_is_in_recovery\(\)/);
    });

    it("a standby (pg_is_in_recovery() true) is recovery", async () => {
      const standby: Db = {
        kind: "postgres",
        endpoint: "standby",
        query: async () => {
          throw Object.assign(
            new Error("function aurora_global_db_instance_status() does not exist"),
            { code: "42883" },
          );
        },
        isInRecovery: async () => true,
        close: async () => undefined,
      };
      assert.equal(
        await new GlobalTopology({ db: standby, region: "eu-west-1" }).role(),
        "recovery",
      );
    });

    it("an unreachable reader is an error (RegionRole keeps the last role), not a fallback", async () => {
      const dead = new PgDb({
        connectionString: "postgres://postgres@127.0.0.1:1/test",
        connectionTimeoutMillis: 300,
      });
      try {
        const topo = new GlobalTopology({ db: dead, region: "eu-west-1" });
        await assert.rejects(topo.role(), /orders database unavailable/);
        assert.equal(topo.method, undefined);
      } finally {
        await dead.close();
      }
    });
  });
});
