/**
 * How PostgreSQL failures are classified (orders/pgDb.ts translate(), orders/dbProblem.ts): timeouts and
 * connection failures are outages (503, retry soon), configuration problems are named as such (503 naming the
 * database, Retry-After 30), SQL errors of the code pass through.
 */
import assert from "node:assert/strict";
import { BackendUnavailableError } from "../src/errors";
import { classifyDbProblem, DbConfigurationError } from "../src/orders/dbProblem";
import { lockStatement } from "../src/orders/db";
import { customerLockKey } from "../src/orders/orderStore";
import { translate } from "../src/orders/pgDb";

const pgError = (code: string, message = "boom") => Object.assign(new Error(message), { code });

describe("app: PostgreSQL error classification", () => {
  it("timeouts are outages: client query_timeout, pool acquire/connect timeout, statement_timeout (57014)", () => {
    for (const err of [
      new Error("Query read timeout"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Connection terminated due to connection timeout"),
      pgError("57014", "canceling statement due to statement timeout"),
    ]) {
      const t = translate(err, "shop");
      assert.ok(
        t instanceof BackendUnavailableError && !(t instanceof DbConfigurationError),
        err.message,
      );
      assert.equal(t.retryAfterSeconds, 2);
    }
  });

  it("configuration problems name the database and their kind, never host, port or SQLSTATE", () => {
    const cases: [string, string, RegExp][] = [
      ["3D000", "database-not-found", /^orders database "shop" does not exist/],
      [
        "28P01",
        "authentication-failed",
        /^orders database "shop" refused the storefront's credentials/,
      ],
      ["28000", "authentication-failed", /^orders database "shop" refused/],
      [
        "42501",
        "permission-denied",
        /^orders database "shop": the storefront's user lacks a required permission/,
      ],
    ];
    for (const [code, kind, message] of cases) {
      const t = translate(pgError(code, `FATAL at 10.0.1.5:5432 (${code})`), "shop");
      assert.ok(t instanceof DbConfigurationError, code);
      assert.equal(t.problem.kind, kind);
      assert.match(t.message, message);
      assert.doesNotMatch(t.message, /10\.0\.1\.5|5432|28P01|28000|3D000|42501/);
      assert.match(t.detail, /10\.0\.1\.5/, "the driver's detail stays for the log");
      assert.equal(t.retryAfterSeconds, 30);
    }
    assert.equal(
      classifyDbProblem("23505", "shop"),
      undefined,
      "a unique violation is not a configuration problem",
    );
  });

  it("SQL errors of the code pass through unchanged", () => {
    const err = pgError("42P01", 'relation "orders" does not exist');
    assert.equal(translate(err, "shop"), err);
  });

  it("the per-customer lock key is a stable int4, and the inlined lock statement takes nothing else", () => {
    assert.equal(customerLockKey("cust-1"), customerLockKey("cust-1"));
    assert.notEqual(customerLockKey("cust-1"), customerLockKey("cust-2"));
    for (const id of ["", "cust-1", "ü".repeat(64)]) {
      const k = customerLockKey(id);
      assert.ok(Number.isInteger(k) && k >= -(2 ** 31) && k < 2 ** 31, `${id}: ${k}`);
    }
    assert.equal(lockStatement([8111, -5]), "SELECT pg_advisory_xact_lock(8111, -5)");
    assert.throws(() => lockStatement([8111, 2 ** 31]), /int4/);
    assert.throws(() => lockStatement([8111, Number("1); DROP TABLE orders; --")]), /int4/);
  });
});
