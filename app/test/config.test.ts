import assert from "node:assert/strict";
import { SWITCH_OFF, SWITCH_ON } from "../../components/traffic/switchStates";
import { ConfigError, FENCE_BODIES, loadConfig } from "../src/config";

const AWS_DB = {
  DB_HOST: "db.global-x.global.rds.amazonaws.com",
  DB_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
};
const FENCE = {
  WRITE_FENCE_S3_URI: "s3://securecart-routing-1a2b/routing/primary",
  WRITE_FENCE_REGION: "eu-west-1",
  WRITE_FENCE_ALLOWS: "primary=off",
};

/** The problems a ConfigError reports for `env`. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

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
      ORDER_VALIDATION_FUNCTION_ARN:
        "arn:aws:lambda:eu-west-1:123456789012:function:validate-order",
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
      for (const name of [
        "PORT",
        "REGION_ROLE",
        "DATABASE_URL",
        "REDIS_URL",
        "LOG_LEVEL",
        "ORDER_VALIDATION_FUNCTION_ARN",
      ]) {
        assert.match(joined, new RegExp(`^${name} `, "m"), `${name} should be named`);
      }
      assert.equal(err.problems.length, 6);
    }
  });

  it("requires a secret (or password) with DB_HOST", () => {
    assert.throws(() => loadConfig({ DB_HOST: "db" }), /DB_HOST needs DB_SECRET_ARN/);
  });

  describe("database endpoints (DB_HOST writer, DB_READER_HOST reader)", () => {
    it("the reader defaults to none (the writer serves all) and shares the writer's port", () => {
      const c = loadConfig({ ...AWS_DB, DB_PORT: "5433" });
      assert.deepEqual(
        [c.postgres?.host, c.postgres?.readerHost, c.postgres?.readerPort],
        [AWS_DB.DB_HOST, undefined, 5433],
      );
      const r = loadConfig({
        ...AWS_DB,
        DB_READER_HOST: "db.cluster-ro-x.eu-west-1.rds.amazonaws.com",
      });
      assert.deepEqual(
        [r.postgres?.readerHost, r.postgres?.readerPort],
        ["db.cluster-ro-x.eu-west-1.rds.amazonaws.com", 5432],
      );
      assert.equal(
        loadConfig({ ...AWS_DB, DB_READER_HOST: "r", DB_READER_PORT: "6000" }).postgres?.readerPort,
        6000,
      );
    });

    it("a reader without a writer endpoint is a config error", () => {
      assert.deepEqual(problems({ DB_READER_HOST: "r" }), [
        "DB_READER_HOST needs DB_HOST (the writer endpoint)",
      ]);
      assert.deepEqual(problems({ ...AWS_DB, DB_READER_PORT: "6000" }), [
        "DB_READER_PORT needs DB_READER_HOST",
      ]);
    });
  });

  describe("write fence (WRITE_FENCE_*)", () => {
    it("is off without WRITE_FENCE_S3_URI", () => {
      assert.equal(loadConfig({}).writeFence, undefined);
    });

    it("reads bucket, key, region, allowed body, poll interval and endpoint", () => {
      assert.deepEqual(loadConfig(FENCE).writeFence, {
        bucket: "securecart-routing-1a2b",
        key: "routing/primary",
        region: "eu-west-1",
        allows: "primary=off",
        pollMs: 5000,
        endpoint: undefined,
      });
      const local = loadConfig({
        ...FENCE,
        WRITE_FENCE_POLL_MS: "500",
        S3_ENDPOINT: "http://127.0.0.1:9000",
      }).writeFence;
      assert.deepEqual([local?.pollMs, local?.endpoint], [500, "http://127.0.0.1:9000"]);
    });

    it("knows exactly the routing switch's two bodies", () => {
      assert.deepEqual([...FENCE_BODIES], [SWITCH_ON, SWITCH_OFF]);
    });

    it("reports each bad value by name", () => {
      assert.deepEqual(
        problems({
          ...FENCE,
          WRITE_FENCE_S3_URI: "https://bucket.s3.amazonaws.com/routing/primary",
        }),
        [
          'WRITE_FENCE_S3_URI must look like s3://bucket/key (got "https://bucket.s3.amazonaws.com/routing/primary")',
        ],
      );
      assert.deepEqual(problems({ ...FENCE, WRITE_FENCE_S3_URI: "s3://bucket-only" }), [
        'WRITE_FENCE_S3_URI must look like s3://bucket/key (got "s3://bucket-only")',
      ]);
      assert.deepEqual(problems({ ...FENCE, WRITE_FENCE_ALLOWS: "on" }), [
        'WRITE_FENCE_ALLOWS must be one of primary=on, primary=off (got "on")',
      ]);
      assert.deepEqual(problems({ ...FENCE, WRITE_FENCE_REGION: "" }), [
        "WRITE_FENCE_REGION (the switch bucket's region) is required with WRITE_FENCE_S3_URI",
      ]);
      assert.deepEqual(problems({ ...FENCE, WRITE_FENCE_REGION: "Ireland" }), [
        'WRITE_FENCE_REGION must look like "eu-west-1" (got "Ireland")',
      ]);
      assert.deepEqual(problems({ ...FENCE, WRITE_FENCE_ALLOWS: "" }), [
        "WRITE_FENCE_ALLOWS is required with WRITE_FENCE_S3_URI: one of primary=on, primary=off",
      ]);
      assert.deepEqual(problems({ ...FENCE, WRITE_FENCE_POLL_MS: "5s", S3_ENDPOINT: "ftp://x" }), [
        'WRITE_FENCE_POLL_MS must be an integer from 100 to 600000 (got "5s")',
        'S3_ENDPOINT must use http: or https: (got "ftp:")',
      ]);
    });

    it("a companion without WRITE_FENCE_S3_URI is a mistake, not a silent no-op", () => {
      assert.deepEqual(
        problems({ WRITE_FENCE_ALLOWS: "primary=on", WRITE_FENCE_REGION: "eu-west-1" }),
        [
          "WRITE_FENCE_REGION needs WRITE_FENCE_S3_URI",
          "WRITE_FENCE_ALLOWS needs WRITE_FENCE_S3_URI",
        ],
      );
    });
  });
});
