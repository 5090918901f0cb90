/**
 * The drill's warm-standby lab without load: the real storefront processes poll the routing switch through the
 * local S3 stand-in, take their role from the stand-in of aurora_global_db_instance_status(), and write through
 * the global writer endpoint stand-in. Flipping the switch must fence the old primary while its database still
 * accepts writes, which is the window the runbook's new step order (switch-routing before promote-database)
 * opens. Needs /usr/lib/postgresql/15/bin and (as root) the `postgres` user.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { SWITCH_OFF, SWITCH_ON } from "../../components/traffic/switchStates";
import {
  Lab,
  PRIMARY_REGION,
  RECOVERY_REGION,
  SWITCH_BUCKET,
  SWITCH_KEY,
} from "../../scripts/drill/lab";
import { storefrontEnv } from "../../scripts/drill/regionProcess";
import { Sandbox, waitFor } from "../../scripts/drill/sandbox";

const pgAvailable = existsSync("/usr/lib/postgresql/15/bin/initdb");
const FENCED =
  "this region is fenced by the routing switch (writes have moved to the other region) and does not accept writes; retry shortly";

interface Topology {
  role: string;
  writable: boolean;
  roleStatus: { method?: string };
  fence: { state: string; body?: string };
}

describe("drill: the routing switch fences the old primary (warm standby)", function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let lab: Lab;
  const lines: string[] = [];

  before(async function () {
    if (!pgAvailable) this.skip();
    sandbox = await Sandbox.create();
    const log = (l: string) => lines.push(l);
    lab = await Lab.build({
      tier: "warm-standby",
      sandbox,
      log,
      fencePollMs: 200,
      healthIntervalMs: 250,
      healthThreshold: 1,
    });
  });
  after(async () => {
    if (!sandbox) return;
    assert.deepEqual(await sandbox.cleanup(), []);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(sandbox.leftovers(), []);
  });

  const topology = async (region: string) =>
    (await lab.region(region).storefront.get<Topology>("/topology")).body;
  const order = (region: string, key: string) =>
    fetch(`${lab.region(region).storefront.url}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({
        customerId: `fence-${key}`,
        items: [{ productId: "p001", quantity: 1 }],
        shippingAddress: {
          name: "Ada",
          line1: "1 Main St",
          city: "London",
          postalCode: "N1",
          country: "GB",
        },
      }),
    });
  const until = (what: string, check: () => Promise<boolean>) =>
    waitFor(what, async () => ((await check()) ? true : undefined), 10_000, 50);

  it("gives both storefronts the writer endpoint, their own reader and the fence of their stack", () => {
    const env = (region: string) => storefrontEnv(lab.region(region).storefront.spec);
    for (const region of [PRIMARY_REGION, RECOVERY_REGION]) {
      const e = env(region);
      assert.deepEqual(
        [e.DB_HOST, e.DB_PORT, e.DB_READER_HOST, e.DB_READER_PORT],
        [
          "127.0.0.1",
          String(lab.writer.port),
          "127.0.0.1",
          String(lab.region(region).db.spec.port),
        ],
      );
      assert.deepEqual(
        [e.WRITE_FENCE_S3_URI, e.WRITE_FENCE_REGION, e.S3_ENDPOINT, e.WRITE_FENCE_POLL_MS],
        [`s3://${SWITCH_BUCKET}/${SWITCH_KEY}`, RECOVERY_REGION, lab.s3.endpoint, "200"],
      );
    }
    assert.equal(env(PRIMARY_REGION).WRITE_FENCE_ALLOWS, SWITCH_ON);
    assert.equal(env(RECOVERY_REGION).WRITE_FENCE_ALLOWS, SWITCH_OFF);
  });

  it("installs the aurora_global_db_instance_status() stand-in: the writer's MASTER row, the standby's own row", async () => {
    const q = "SELECT session_id, aws_region FROM aurora_global_db_instance_status()";
    assert.deepEqual(await lab.region(PRIMARY_REGION).db.query(q), [
      { session_id: "MASTER_SESSION_ID", aws_region: PRIMARY_REGION },
    ]);
    const standby = await lab
      .region(RECOVERY_REGION)
      .db.query<{ session_id: string; aws_region: string }>(q);
    assert.equal(standby.length, 1);
    assert.equal(standby[0].aws_region, RECOVERY_REGION);
    assert.match(standby[0].session_id, /^standby-\d+$/);
  });

  it("before the flip: the primary writes, the standby is in recovery and fenced; both took the Aurora path", async () => {
    const p = await topology(PRIMARY_REGION);
    assert.deepEqual(
      [p.role, p.writable, p.fence.state, p.fence.body],
      ["primary", true, "open", SWITCH_ON],
    );
    const r = await topology(RECOVERY_REGION);
    assert.deepEqual(
      [r.role, r.writable, r.fence.state, r.fence.body],
      ["recovery", false, "closed", SWITCH_ON],
    );
    for (const t of [p, r]) assert.equal(t.roleStatus.method, "aurora_global_db_instance_status");
    assert.equal((await order(PRIMARY_REGION, "fence-before")).status, 201);
  });

  it("primary=off: the old primary refuses writes while its database would still take them", async () => {
    lab.router.writeSwitch(SWITCH_OFF);
    await until(
      "the old primary to see the switch",
      async () => (await topology(PRIMARY_REGION)).fence.state === "closed",
    );
    const p = await topology(PRIMARY_REGION);
    assert.deepEqual(
      [p.role, p.writable, p.fence.body],
      ["primary", false, SWITCH_OFF],
      "fenced by the switch, not by its role",
    );
    assert.equal(
      await lab.region(PRIMARY_REGION).db.isInRecovery(),
      false,
      "its database is still writable",
    );
    const refused = await order(PRIMARY_REGION, "fence-after-flip");
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "5");
    assert.deepEqual(await refused.json(), { error: FENCED });
    await until(
      "the recovery region's fence to open",
      async () => (await topology(RECOVERY_REGION)).fence.state === "open",
    );
    assert.equal(
      (await topology(RECOVERY_REGION)).writable,
      false,
      "still in recovery until its database is promoted",
    );
  });

  it("after promotion the recovery region writes through the global writer endpoint; the old primary stays fenced", async () => {
    const eu = lab.region(RECOVERY_REGION).db;
    await eu.promote();
    lab.writer.retarget(eu.spec.port);
    await until(
      "the recovery region to be writable",
      async () => (await topology(RECOVERY_REGION)).writable,
    );
    const created = await order(RECOVERY_REGION, "fence-promoted");
    assert.equal(created.status, 201, await created.clone().text());
    const id = ((await created.json()) as { id: string }).id;
    assert.deepEqual(await eu.query("SELECT region FROM orders WHERE id = $1", [id]), [
      { region: RECOVERY_REGION },
    ]);
    // The local stand-in lists no other region's writer, so the old cluster still calls itself the writer (on
    // Aurora its reader would name eu-west-1's, and the role would demote it too): the switch alone refuses here.
    assert.equal((await topology(PRIMARY_REGION)).role, "primary");
    assert.equal((await order(PRIMARY_REGION, "fence-old-primary")).status, 503);
  });
});
