import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../src/config";

describe("app: configuration", () => {
  it("defaults to embedded backends on port 8080 with no environment", () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.equal(c.roleMode, "auto");
    assert.equal(c.postgres, undefined);
    assert.equal(c.catalogEmbedded, true);
    assert.equal(c.catalogSeed, true);
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.orderValidationFunctionArn, undefined);
  });

  it("reads the AWS shape: DB host + secret, table, region, TLS redis, Lambda", () => {
    const c = loadConfig({
      PORT: "3000",
      REGION: "eu-west-1",
      REGION_ROLE: "recovery",
      DB_HOST: "db.cluster-x.eu-west-1.rds.amazonaws.com",
      DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
      CATALOG_TABLE: "securecart-catalog",
      REDIS_URL: "rediss://cache.example:6379",
      ORDER_VALIDATION_FUNCTION_ARN: "arn:aws:lambda:eu-west-1:123456789012:function:validate-order",
    });
    assert.equal(c.port, 3000);
    assert.equal(c.roleMode, "recovery");
    assert.equal(c.postgres?.ssl, true);
    assert.equal(c.catalogEmbedded, false);
    assert.equal(c.catalogSeed, false);
    assert.equal(c.catalogRegion, "eu-west-1");
  });

  it("reports every bad variable at once, each by name", () => {
    try {
      loadConfig({
        PORT: "http",
        REGION_ROLE: "leader",
        DATABASE_URL: "mysql://x",
        REDIS_URL: "http://cache",
        LOG_LEVEL: "loud",
        ORDER_VALIDATION_FUNCTION_ARN: "not an arn!",
      });
      assert.fail("expected a ConfigError");
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const joined = err.problems.join("\n");
      for (const name of ["PORT", "REGION_ROLE", "DATABASE_URL", "REDIS_URL", "LOG_LEVEL", "ORDER_VALIDATION_FUNCTION_ARN"]) {
        assert.match(joined, new RegExp(`^${name} `, "m"), `${name} should be named`);
      }
      assert.equal(err.problems.length, 6);
    }
  });

  it("requires a secret (or password) with DB_HOST", () => {
    assert.throws(() => loadConfig({ DB_HOST: "db" }), /DB_HOST needs DB_SECRET_ARN/);
  });
});
