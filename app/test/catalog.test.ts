import assert from "node:assert/strict";
import { BatchGetItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { BadCursorError } from "../src/catalog/catalog";
import { DynamoCatalog, createDynamoClient } from "../src/catalog/dynamoCatalog";
import { ensureTable, startDynalite } from "../src/catalog/embeddedDynamo";
import { MemoCatalog } from "../src/catalog/memoCatalog";
import { seedIfEmpty } from "../src/catalog/seed";
import { BackendUnavailableError } from "../src/errors";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";

describe("app: catalog through the DynamoDB API (dynalite)", () => {
  let fx: CatalogFixture;
  before(async () => (fx = await createCatalogFixture()));
  after(async () => fx.close());

  it("pages through all 50 seeded products with the cursor", async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await fx.catalog.list(20, cursor);
      page.items.forEach((p) => seen.add(p.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(seen.size, 50);
    assert.ok(pages >= 3);
  });

  it("gets one product with integer-cent price, and misses unknown ids", async () => {
    const p = await fx.catalog.get("p001");
    assert.equal(p?.name, "Chef Knife");
    assert.ok(Number.isInteger(p?.priceCents));
    assert.equal(await fx.catalog.get("p999"), undefined);
  });

  it("batch-reads many products and omits unknown ones, on a client that resolves its middleware once", async () => {
    const m = await fx.catalog.getMany(["p001", "p050", "nope", "p001"]);
    assert.deepEqual([...m.keys()].sort(), ["p001", "p050"]);
    // awsHttp.ts: the stack resolved once per command class; a second read goes through the cached handler.
    assert.equal(fx.catalog.client.config.cacheMiddleware, true);
    const again = await fx.catalog.getMany(["p050"]);
    assert.deepEqual(again.get("p050"), m.get("p050"));
  });

  it("a batch read the table keeps throttling is a 503, not products that do not exist", async () => {
    // BatchGetItem answers throttled keys in UnprocessedKeys with a 200; the caller must send them again
    // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
    const client = new DynamoDBClient({ region: "us-east-1" });
    const throttled = mockClient(client);
    throttled.on(BatchGetItemCommand).resolves({
      Responses: { t: [] },
      UnprocessedKeys: { t: { Keys: [{ id: { S: "p001" } }] } },
    });
    const catalog = new DynamoCatalog({ table: "t", region: "us-east-1" }, client);
    await assert.rejects(catalog.getMany(["p001"]), BackendUnavailableError);
    assert.equal(throttled.commandCalls(BatchGetItemCommand).length, 5);
    client.destroy();
  });

  it("relates products of the same category", async () => {
    const related = await fx.catalog.related("p001", 5);
    assert.equal(related.length, 5);
    assert.ok(related.every((p) => p.category === "kitchen" && p.id !== "p001"));
  });

  it("ensureTable returns once the table is ACTIVE, so a seed sent right after it lands", async () => {
    // CreateTable answers while the table is CREATING; before ACTIVE every read and write is refused.
    const slow = await startDynalite({ createTableMs: 300 });
    const client = createDynamoClient({
      table: "slow",
      region: "us-east-1",
      endpoint: slow.endpoint,
    });
    try {
      await ensureTable(client, "slow-create");
      assert.equal(await seedIfEmpty(client, "slow-create"), 50);
    } finally {
      client.destroy();
      await slow.close();
    }
  });

  it("does not reseed a table that has products", async () => {
    assert.equal(await seedIfEmpty(fx.catalog.client, "catalog-test"), 0);
  });

  it("rejects a tampered cursor as a client error", async () => {
    await assert.rejects(fx.catalog.list(5, "not-a-cursor"), BadCursorError);
  });

  it("maps an unreachable endpoint to BackendUnavailableError", async () => {
    const dead = new DynamoCatalog({
      table: "t",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:1",
      requestTimeoutMs: 300,
    });
    await assert.rejects(dead.ping(), BackendUnavailableError);
    dead.client.destroy();
  });

  it("the memo serves repeated browse reads without going back to the table", async () => {
    let calls = 0;
    const counting = Object.create(fx.catalog) as DynamoCatalog;
    counting.list = async (limit, cursor) => {
      calls++;
      return fx.catalog.list(limit, cursor);
    };
    const memo = new MemoCatalog(counting, 60_000);
    await Promise.all([memo.list(5), memo.list(5), memo.list(5)]);
    await memo.list(5);
    assert.equal(calls, 1);
    await memo.list(6);
    assert.equal(calls, 2);
  });
});
