import assert from "node:assert/strict";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { PgDb } from "../src/orders/pgDb";
import { SecretsManagerCredentials } from "../src/secrets";

describe("app: database credentials from Secrets Manager", () => {
  const sm = mockClient(SecretsManagerClient);
  afterEach(() => sm.reset());
  after(() => sm.restore());

  it("reads the secret once, shares it, and re-reads after invalidate()", async () => {
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ username: "app", password: "old" }) })
      .resolvesOnce({ SecretString: JSON.stringify({ username: "app", password: "new" }) });
    const creds = new SecretsManagerCredentials(
      new SecretsManagerClient({ region: "us-east-1" }),
      "db-secret",
    );
    const [a, b] = await Promise.all([creds.get(), creds.get()]);
    assert.equal(a.password, "old");
    assert.equal(b.password, "old");
    assert.equal(sm.commandCalls(GetSecretValueCommand).length, 1);
    creds.invalidate();
    assert.equal((await creds.get()).password, "new");
    assert.equal(sm.commandCalls(GetSecretValueCommand)[0]!.args[0].input.SecretId, "db-secret");
  });

  it("rejects a secret without username/password", async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ user: "x" }) });
    const creds = new SecretsManagerCredentials(
      new SecretsManagerClient({ region: "us-east-1" }),
      "db-secret",
    );
    await assert.rejects(creds.get(), /must hold/);
  });

  it("PgDb re-reads the secret after an authentication failure and retries once", async () => {
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ username: "postgres", password: "stale" }) })
      .resolves({ SecretString: JSON.stringify({ username: "postgres", password: "rotated" }) });
    const creds = new SecretsManagerCredentials(
      new SecretsManagerClient({ region: "us-east-1" }),
      "db-secret",
    );
    const db = await new PgDb({
      host: "127.0.0.1",
      port: 5432,
      database: "test",
      credentials: creds,
    }).init();
    try {
      // The local server trusts every password, so simulate the rotation: the first query fails with 28P01.
      const pool = (db as unknown as { pool: { query: (...a: unknown[]) => Promise<unknown> } })
        .pool;
      const real = pool.query.bind(pool);
      let failed = false;
      pool.query = async (...args: unknown[]) => {
        if (!failed) {
          failed = true;
          throw Object.assign(new Error("password authentication failed"), { code: "28P01" });
        }
        return real(...args);
      };
      const rows = await db.query<{ one: number }>("SELECT 1 AS one");
      assert.equal(rows[0]?.one, 1);
      assert.equal(
        sm.commandCalls(GetSecretValueCommand).length,
        2,
        "secret read at connect and after the failure",
      );
      assert.equal((await creds.get()).password, "rotated");
    } finally {
      await db.close();
    }
  });
});
