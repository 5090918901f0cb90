/**
 * Catalog cursors (catalog/cursor.ts): a real cursor pages through the whole catalog, on any task; anything forged,
 * truncated, malformed or minted for another table is a 400 `{error, requestId}`, never a 500.
 */
import assert from "node:assert/strict";
import { FastifyInstance } from "fastify";
import { DynamoCatalog } from "../src/catalog/dynamoCatalog";
import { BadCursorError, CursorCodec } from "../src/catalog/cursor";
import { MemoCatalog } from "../src/catalog/memoCatalog";
import { HttpError } from "../src/errors";
import { buildTestApp } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { sharedPglite } from "./support/pglite";

const TABLE = "catalog-cursor";

describe("app: catalog cursors", () => {
  let cat: CatalogFixture;
  let app: FastifyInstance;

  before(async () => {
    cat = await createCatalogFixture(TABLE);
    // The memo in front, as server.ts builds it: a bad cursor must not be remembered as a page either.
    app = buildTestApp({ db: await sharedPglite(), catalog: new MemoCatalog(cat.catalog) }).app;
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await cat?.close();
  });

  const page = async (cursor?: string) => {
    const r = await app.inject(
      `/api/products?limit=7${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    return r;
  };
  const refused = async (cursor: string) => {
    const r = await page(cursor);
    assert.equal(r.statusCode, 400, `${cursor}: ${r.body}`);
    assert.deepEqual(r.json(), {
      error: "cursor is not valid",
      requestId: r.headers["x-request-id"],
    });
  };

  it("a real cursor round-trips through every page: all 50 products, once each", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      const r = await page(cursor);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json() as { items: { id: string }[]; nextCursor?: string };
      seen.push(...body.items.map((p) => p.id));
      cursor = body.nextCursor;
      if (!cursor) break;
      assert.match(cursor, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/, "opaque: payload.mac, base64url");
    }
    assert.equal(cursor, undefined, "the last page has no nextCursor");
    assert.equal(seen.length, 50);
    assert.equal(new Set(seen).size, 50);
  });

  it("a cursor from one task is accepted by another task (another process, another region) on the same table", async () => {
    const first = (await page()).json() as { nextCursor: string };
    const other = new DynamoCatalog(
      { table: TABLE, region: "eu-west-1", endpoint: cat.endpoint, kind: "dynalite" },
      cat.catalog.client,
    );
    const next = await other.list(7, first.nextCursor);
    assert.equal(next.items.length, 7);
  });

  it("forged, truncated, garbage and other-table cursors are a 400", async () => {
    const real = ((await page()).json() as { nextCursor: string }).nextCursor;
    const [payload, mac] = real.split(".");
    const flip = (s: string, i: number) =>
      s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    const unsigned = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url");
    const cases = [
      unsigned({ id: "p010" }), // the old, unsigned format: a forged position
      `${unsigned({ id: "p040" })}.${mac}`, // another position under a real MAC
      `${flip(payload, 3)}.${mac}`,
      `${payload}.${flip(mac, 5)}`,
      real.slice(0, -1),
      real.slice(0, real.length - 10),
      payload,
      `${payload}.`,
      `.${mac}`,
      `${real}.${mac}`,
      `${payload}.${mac}=`,
      "bm9wZQ",
      "garbage",
      "-",
      "{}",
      "%",
      "😀",
      new CursorCodec("another-table").encode({ id: "p010" }),
      new CursorCodec(TABLE, "another-secret").encode({ id: "p010" }),
    ];
    for (const c of cases) await refused(c);
  });

  it("a correctly signed cursor must still be exactly the table's key: {id} with an id-shaped string", () => {
    const codec = new CursorCodec(TABLE);
    assert.deepEqual(codec.decode(codec.encode({ id: "p010" })), { id: "p010" });
    const bad: Record<string, unknown>[] = [
      { id: "" },
      { id: 5 },
      { id: "p010", stock: 1 },
      { sku: "p010" },
      { id: "x".repeat(65) },
    ];
    bad.push({ id: "a\u0000" }, { id: "\ud800" }, {});
    for (const key of bad) {
      assert.throws(() => codec.decode(codec.encode(key)), BadCursorError, JSON.stringify(key));
    }
    assert.throws(
      () => codec.decode(codec.encode([{ id: "p010" }] as unknown as Record<string, unknown>)),
      BadCursorError,
    );
  });

  it("a DynamoDB ValidationException from a client's value is a 400 with the SDK text kept out of the message", async () => {
    // An empty key string slips past no schema (Id has minLength 1); called directly, dynalite refuses it as DynamoDB does.
    const err = await cat.catalog.get("").then(
      () => assert.fail("expected a refusal"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof HttpError);
    assert.equal(err.statusCode, 400);
    assert.equal(err.message, "the catalog refused a value of this request");
    assert.equal((err.cause as Error).name, "ValidationException");
  });
});
