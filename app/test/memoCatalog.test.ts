import assert from "node:assert/strict";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Catalog, Product, ProductPage } from "../src/catalog/catalog";
import { MemoCatalog } from "../src/catalog/memoCatalog";
import { BackendUnavailableError } from "../src/errors";
import { buildTestApp } from "./support/app";
import { createCatalogFixture } from "./support/catalog";
import { sharedPglite } from "./support/pglite";

const product = (id: string, priceCents: number): Product => ({
  id,
  name: id,
  description: "",
  category: "kitchen",
  priceCents,
  currency: "USD",
  stock: 10,
});

/**
 * A catalog held in a Map that records every getMany it answers, and can be told to fail. Like BatchGetItem, it
 * leaves unknown ids out of its answer (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
 */
class RecordingCatalog implements Catalog {
  readonly kind = "dynalite" as const;
  readonly endpoint = "memory";
  readonly table = new Map<string, Product>();
  readonly batches: string[][] = [];
  failNext = 0;
  async list() {
    return { items: [...this.table.values()] };
  }
  async get(id: string) {
    return this.table.get(id);
  }
  async getMany(ids: string[]) {
    this.batches.push([...ids]);
    await new Promise((r) => setImmediate(r));
    if (this.failNext > 0) {
      this.failNext--;
      throw new BackendUnavailableError("catalog", "catalog unavailable");
    }
    const found = new Map<string, Product>();
    for (const id of ids) if (this.table.has(id)) found.set(id, { ...this.table.get(id)! });
    return found;
  }
  async related() {
    return [];
  }
  async ping() {}
}

describe("app: the checkout memo (MemoCatalog.getMany)", () => {
  let inner: RecordingCatalog;
  beforeEach(() => {
    inner = new RecordingCatalog();
    for (const id of ["a", "b", "c"]) inner.table.set(id, product(id, 100));
  });
  const prices = (m: Map<string, Product>) =>
    Object.fromEntries([...m].map(([id, p]) => [id, p.priceCents]));

  it("sends one consistent read for the products it has no fresh entry for, and only those", async () => {
    const memo = new MemoCatalog(inner);
    assert.deepEqual(prices(await memo.getMany(["a", "b", "a"])), { a: 100, b: 100 });
    assert.deepEqual(prices(await memo.getMany(["b", "c"])), { b: 100, c: 100 });
    assert.deepEqual(inner.batches, [["a", "b"], ["c"]]);
  });

  it("concurrent checkouts of one product share one read", async () => {
    const memo = new MemoCatalog(inner);
    const all = await Promise.all([memo.getMany(["a"]), memo.getMany(["a"]), memo.getMany(["a"])]);
    assert.deepEqual(all.map(prices), [{ a: 100 }, { a: 100 }, { a: 100 }]);
    assert.deepEqual(inner.batches, [["a"]]);
  });

  it("a price change is charged once the entry is older than its bound, never later", async () => {
    const memo = new MemoCatalog(inner, 2000, 1000, 40);
    await memo.getMany(["a"]);
    inner.table.set("a", product("a", 250));
    assert.deepEqual(prices(await memo.getMany(["a"])), { a: 100 }, "within the bound");
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(prices(await memo.getMany(["a"])), { a: 250 }, "after the bound");
    assert.deepEqual(inner.batches, [["a"], ["a"]]);
  });

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const settled = () => new Promise((r) => setTimeout(r, 5));

  it("refreshes the used entries past half their life in one read, serving the current value meanwhile", async () => {
    const memo = new MemoCatalog(inner, 2000, 1000, 100);
    await memo.getMany(["a", "b", "c"]);
    await memo.getMany(["a"]);
    await memo.getMany(["b"]); // a and b are used; c was read once and never asked for again
    inner.table.set("a", product("a", 250));
    await sleep(60);
    assert.deepEqual(prices(await memo.getMany(["a"])), { a: 100 }, "still the current entry");
    await settled();
    assert.deepEqual(
      inner.batches,
      [
        ["a", "b", "c"],
        ["a", "b"],
      ],
      "one read for the hot set",
    );
    assert.deepEqual(prices(await memo.getMany(["a", "b"])), { a: 250, b: 100 });
    await sleep(60); // 120 ms after the first read, 60 after the refresh: still fresh
    await memo.getMany(["a", "b"]);
    await settled();
    assert.equal(inner.batches.length, 3, "the refreshed entries age and are refreshed again");
    assert.deepEqual(inner.batches[2], ["a", "b"]);
  });

  it("a failed refresh leaves the entry to expire on time, then reads it again", async () => {
    const memo = new MemoCatalog(inner, 2000, 1000, 100);
    await memo.getMany(["a"]);
    await memo.getMany(["a"]);
    await sleep(60);
    inner.failNext = 1;
    assert.deepEqual(prices(await memo.getMany(["a"])), { a: 100 });
    await settled();
    assert.equal(inner.batches.length, 2, "the refresh was sent, and failed");
    await sleep(45); // past the bound of the first read
    assert.deepEqual(prices(await memo.getMany(["a"])), { a: 100 });
    assert.deepEqual(inner.batches, [["a"], ["a"], ["a"]]);
  });

  it("a refresh that lands after a newer read does not put its older price back", async () => {
    // Each read answers what the table held when it was sent, when the test lets it.
    const held: (() => void)[] = [];
    let gated = false;
    const gatedInner = Object.assign(Object.create(inner) as RecordingCatalog, {
      getMany: async (ids: string[]) => {
        inner.batches.push([...ids]);
        const snapshot = new Map(ids.map((id) => [id, { ...inner.table.get(id)! }]));
        if (gated) await new Promise<void>((r) => held.push(r));
        return snapshot;
      },
    });
    const memo = new MemoCatalog(gatedInner, 2000, 1000, 100);
    await memo.getMany(["a"]);
    await memo.getMany(["a"]);
    await sleep(60);
    gated = true;
    await memo.getMany(["a"]); // past half its life: the refresh is sent and held
    await sleep(45); // the first read is now past the bound: the next checkout misses
    inner.table.set("a", product("a", 300));
    const miss = memo.getMany(["a"]);
    held[1]!(); // the newer read lands first...
    assert.deepEqual(prices(await miss), { a: 300 });
    held[0]!(); // ...then the older refresh, which must not replace it
    await settled();
    assert.deepEqual(prices(await memo.getMany(["a"])), { a: 300 });
    assert.equal(inner.batches.length, 3);
  });

  it("keeps no failure: the next checkout reads again and gets the product", async () => {
    const memo = new MemoCatalog(inner);
    inner.failNext = 1;
    await assert.rejects(memo.getMany(["a", "b"]), BackendUnavailableError);
    assert.deepEqual(prices(await memo.getMany(["a"])), { a: 100 });
    assert.deepEqual(inner.batches, [["a", "b"], ["a"]]);
  });

  it("keeps no unknown id: a product created a moment later is sold at once", async () => {
    const memo = new MemoCatalog(inner);
    assert.deepEqual(prices(await memo.getMany(["new"])), {});
    inner.table.set("new", product("new", 999));
    assert.deepEqual(prices(await memo.getMany(["new"])), { new: 999 });
    assert.deepEqual(inner.batches, [["new"], ["new"]]);
  });

  it("stays within its bound on entries: made-up ids cannot grow it", async () => {
    const memo = new MemoCatalog(inner, 2000, 2);
    await memo.getMany(["a", "b"]);
    await memo.getMany(["c"]); // a third entry would pass the bound: the memo starts again
    await memo.getMany(["a"]);
    assert.deepEqual(inner.batches, [["a", "b"], ["c"], ["a"]]);
  });

  it("keeps checkout entries apart from browse entries, which may be older", async () => {
    const memo = new MemoCatalog(inner);
    await memo.get("a");
    await memo.getMany(["a"]);
    assert.deepEqual(inner.batches, [["a"]]);
  });

  it("against dynalite: a price written to the table reaches checkout within the bound", async () => {
    const fx = await createCatalogFixture("memo-price");
    try {
      const memo = new MemoCatalog(fx.catalog, 2000, 1000, 100);
      const before = (await memo.getMany(["p001"])).get("p001")!;
      const raised = { ...before, priceCents: before.priceCents + 500 };
      await fx.catalog.client.send(
        new PutItemCommand({ TableName: "memo-price", Item: marshall(raised) }),
      );
      assert.equal((await memo.getMany(["p001"])).get("p001")!.priceCents, before.priceCents);
      await new Promise((r) => setTimeout(r, 120));
      assert.equal((await memo.getMany(["p001"])).get("p001")!.priceCents, raised.priceCents);
    } finally {
      await fx.close();
    }
  });
});

describe("app: browse pages from memory (MemoCatalog.listCached, GET /api/products)", () => {
  it("has a page only once its read has landed, and only within the memo's lifetime", async () => {
    const inner = new RecordingCatalog();
    inner.table.set("a", product("a", 100));
    const memo = new MemoCatalog(inner, 50);
    const reading = memo.list(20);
    assert.equal(memo.listCached(20), undefined, "still in flight");
    const page = await reading;
    assert.equal(memo.listCached(20), page);
    assert.equal(memo.listCached(21), undefined, "another query");
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(memo.listCached(20), undefined, "expired");
  });

  it("the route answers the same from memory as from the read, and maps a failed read to 503", async () => {
    const inner = new RecordingCatalog();
    inner.table.set("a", product("a", 100));
    let lists = 0;
    const counting = Object.assign(Object.create(inner) as RecordingCatalog, {
      list: async () => {
        lists++;
        if (lists === 1) throw new BackendUnavailableError("catalog", "catalog unavailable");
        return inner.list();
      },
    });
    const memo = new MemoCatalog(counting);
    const fromMemory: (ProductPage | undefined)[] = [];
    const listCached = memo.listCached.bind(memo);
    memo.listCached = (limit, cursor) => {
      const page = listCached(limit, cursor);
      fromMemory.push(page);
      return page;
    };
    const { app } = buildTestApp({ db: await sharedPglite(), catalog: memo });
    try {
      const failed = await app.inject({ method: "GET", url: "/api/products" });
      assert.equal(failed.statusCode, 503);
      assert.equal(failed.json().error, "catalog unavailable");
      const read = await app.inject({ method: "GET", url: "/api/products" });
      const memory = await app.inject({ method: "GET", url: "/api/products" });
      assert.equal(lists, 2, "the second page came from memory");
      assert.deepEqual(
        fromMemory.map((p) => p !== undefined),
        [false, false, true],
        "asked each time, answered the third",
      );
      assert.equal(read.statusCode, 200);
      assert.equal(memory.statusCode, 200);
      assert.equal(memory.body, read.body);
      assert.equal(memory.headers["content-type"], "application/json; charset=utf-8");
      assert.deepEqual(
        memory.json().items.map((p: Product) => p.id),
        ["a"],
      );
    } finally {
      await app.close();
    }
  });
});
