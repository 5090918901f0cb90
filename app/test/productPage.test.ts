import assert from "node:assert/strict";
import { Catalog, Product, ProductPage } from "../src/catalog/catalog";
import { buildTestApp, TestApp } from "./support/app";
import { createPgFixture, PgFixture } from "./support/pg";

const product = (id: string, priceCents: number): Product => ({
  id,
  name: "Chef Knife",
  description: "A knife",
  priceCents,
  currency: "USD",
  stock: 3,
  category: "kitchen",
});

/** A catalog that hands out whatever page the test sets, as the memo hands out one page object per TTL. */
class PageCatalog implements Catalog {
  readonly kind = "dynalite" as const;
  readonly endpoint = "stub";
  page: ProductPage = { items: [] };
  lists = 0;
  async list(): Promise<ProductPage> {
    this.lists++;
    return this.page;
  }
  async get(): Promise<Product | undefined> {
    return undefined;
  }
  async getMany(): Promise<Map<string, Product>> {
    return new Map();
  }
  async related(): Promise<Product[]> {
    return [];
  }
  async ping(): Promise<void> {}
}

describe("GET /api/products: a page is serialized once per page object, with the route's schema", () => {
  let pg: PgFixture;
  let t: TestApp;
  const catalog = new PageCatalog();

  before(async () => {
    pg = await createPgFixture();
    t = buildTestApp({ db: pg.db, catalog });
    await t.app.ready();
  });
  after(async () => {
    await t?.app.close();
    await pg?.drop();
  });

  it("drops fields the schema does not name, and answers JSON", async () => {
    const leaky = { ...product("p001", 1200), supplierCostCents: 400 };
    catalog.page = { items: [leaky], nextCursor: "c1", debug: "scan took 3 ms" } as ProductPage;
    const r = await t.app.inject("/api/products");
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], "application/json; charset=utf-8");
    assert.deepEqual(r.json(), { items: [product("p001", 1200)], nextCursor: "c1" });
    assert.equal(r.headers["content-length"], String(Buffer.byteLength(r.body)));
  });

  it("reuses the bytes while the catalog returns the same page, and follows a new page at once", async () => {
    catalog.page = { items: [product("p002", 500)] };
    const first = await t.app.inject("/api/products");
    const again = await t.app.inject("/api/products");
    assert.equal(again.body, first.body);
    catalog.page = { items: [product("p002", 450)] };
    const repriced = await t.app.inject("/api/products");
    assert.deepEqual(repriced.json(), { items: [product("p002", 450)] });
  });

  it("keeps the served-region and request-id headers on the cached reply", async () => {
    const r = await t.app.inject("/api/products");
    assert.equal(r.headers["x-served-region"], "us-east-1");
    assert.ok(r.headers["x-request-id"]);
  });
});
