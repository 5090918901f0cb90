/**
 * Configuration problems of the orders database, from the environment through createBackends: an unknown
 * database (3D000), an unknown user (28000; the test server trusts loopback, so a wrong password cannot fail, but
 * an unknown role does), and a user without CREATE (42501 on migration). Each is reported as what it is: one
 * error log line (not one per retry), the cause in /health/deep, and a write refused with 503 naming the database,
 * never "recovery role"; the last one heals once the grant is given.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import Fastify, { FastifyInstance } from "fastify";
import { Pool } from "pg";
import { registerRoutes } from "../src/app";
import { Backends, createBackends } from "../src/backends";
import { loadConfig } from "../src/config";
import { orderBody } from "./support/app";
import { newSchemaName, PG_URL } from "./support/pg";

interface Deep {
  status: string;
  checks: { orders: { ok: boolean; error?: string; cause?: string } };
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pgUrl = (user: string, database: string) => {
  const u = new URL(PG_URL);
  u.username = user;
  u.pathname = `/${database}`;
  return u.toString();
};
const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
const NO_DB = `sc_nodb_${suffix}`;
const NO_USER = `sc_nouser_${suffix}`;
const NO_GRANT = `sc_nogrant_${suffix}`;
const database = new URL(PG_URL).pathname.slice(1);

const CASES = [
  {
    name: "unknown database",
    role: "auto",
    url: pgUrl("postgres", NO_DB),
    cause: "database-not-found",
    message: `orders database "${NO_DB}" does not exist`,
  },
  {
    name: "unknown user",
    role: "primary",
    url: pgUrl(NO_USER, database),
    cause: "authentication-failed",
    message: `orders database "${database}" refused the storefront's credentials`,
  },
  {
    name: "no CREATE permission",
    role: "primary",
    url: pgUrl(NO_GRANT, database),
    cause: "permission-denied",
    message: `orders database "${database}": the storefront's user lacks a required permission`,
  },
];

describe("app: configuration problems of the orders database are named, not taken for the recovery role", function () {
  this.timeout(30_000);
  const admin = new Pool({ connectionString: PG_URL, max: 1 });
  const schema = newSchemaName();
  before(async () => {
    await admin.query(`CREATE ROLE ${NO_GRANT} LOGIN`);
  });
  after(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`REVOKE ALL ON DATABASE ${database} FROM ${NO_GRANT}`);
    await admin.query(`DROP ROLE IF EXISTS ${NO_GRANT}`);
    await admin.end();
  });

  for (const c of CASES) {
    describe(`${c.name} (REGION_ROLE=${c.role})`, () => {
      const lines: { level: number; msg: string; cause?: string; event?: string }[] = [];
      const app: FastifyInstance = Fastify({
        logger: {
          level: "info",
          stream: { write: (line: string) => void lines.push(JSON.parse(line)) },
        },
      });
      let backends: Backends | undefined;

      before(async () => {
        const env = {
          DATABASE_URL: c.url,
          DB_SCHEMA: schema,
          REGION_ROLE: c.role,
          ROLE_POLL_MS: "100",
          REGION: "us-east-1",
        };
        const config = loadConfig(env);
        backends = await createBackends(config, app.log);
        registerRoutes(app, { ...backends.deps, logger: false });
        await app.ready();
      });
      after(async () => {
        await app.close();
        await backends?.close();
      });

      it("logs one error naming it, /health/deep names the cause, a write gets 503 naming the database", async () => {
        await until("the error log", () => lines.some((l) => l.event === "orders-db-config"));
        await new Promise((r) => setTimeout(r, 600)); // several retry rounds (ROLE_POLL_MS=100)
        const errors = lines.filter((l) => l.event === "orders-db-config");
        assert.equal(errors.length, 1, "logged once, not at every retry");
        assert.equal(errors[0].level, 50, "at error level");
        assert.equal(errors[0].cause, c.cause);
        assert.ok(errors[0].msg.startsWith(c.message), errors[0].msg);

        const deep = await app.inject("/health/deep");
        assert.equal(deep.statusCode, 503);
        const orders = (deep.json() as Deep).checks.orders;
        assert.deepEqual([orders.ok, orders.cause], [false, c.cause]);
        assert.ok(orders.error?.startsWith(c.message), orders.error);

        const w = await app.inject({
          method: "POST",
          url: "/api/orders",
          headers: {
            "content-type": "application/json",
            "idempotency-key": `cfg-${suffix}-${c.cause}`,
          },
          payload: JSON.stringify(orderBody()),
        });
        assert.equal(w.statusCode, 503);
        assert.equal(w.headers["retry-after"], "30");
        const { error } = w.json() as { error: string };
        assert.equal(error, `${c.message} (configuration problem)`);
        assert.doesNotMatch(error, /recovery|127\.0\.0\.1|5432|28P01|28000|3D000|42501/);
      });

      if (c.cause === "permission-denied") {
        it("heals by itself once the grant is given: migrations run, the write is taken", async () => {
          await admin.query(`GRANT CREATE ON DATABASE ${database} TO ${NO_GRANT}`);
          await until("migrations", () => backends!.deps.schema!.migrated);
          const w = await app.inject({
            method: "POST",
            url: "/api/orders",
            headers: {
              "content-type": "application/json",
              "idempotency-key": `cfg-${suffix}-healed`,
            },
            payload: JSON.stringify(orderBody()),
          });
          assert.equal(w.statusCode, 201, w.body);
          assert.equal(((await app.inject("/health/deep")).json() as Deep).status, "ok");
        });
      }
    });
  }
});
