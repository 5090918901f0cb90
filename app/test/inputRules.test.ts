/**
 * DESIGN.md (Storefront): strings carry no control characters or lone surrogates, lengths count code points, and
 * country codes are assigned ISO 3166-1 alpha-2 codes. Each refusal is an exact 400 `{error, requestId}`.
 * Real PostgreSQL + dynalite, through fastify.inject (and one real socket, for header bytes).
 */
import assert from "node:assert/strict";
import http from "node:http";
import { AddressInfo } from "node:net";
import { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildTestApp, orderBody } from "./support/app";
import { CatalogFixture, createCatalogFixture } from "./support/catalog";
import { createPgFixture, PgFixture } from "./support/pg";

const json = { "content-type": "application/json" };
let keySeq = 0;
const key = () => `in-${process.pid}-${Date.now()}-${++keySeq}`;
const SAFE = "must not contain control characters or lone surrogates";
const CONTROLS = ["\u0000", "\u0001", "\t", "\n", "\r", "\u001b", "\u001f", "\u007f"];
const address = (over: Record<string, string> = {}) => ({
  name: "Ada Lovelace",
  line1: "1 Main St",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
  ...over,
});

/** The exact 400 body, and the request id it carries is the x-request-id header. */
function assert400(r: LightMyRequestResponse, error: string): void {
  assert.equal(r.statusCode, 400, r.body);
  assert.deepEqual(r.json(), { error, requestId: r.headers["x-request-id"] });
}

describe("app: input rules (control characters, lone surrogates, code-point lengths, ISO 3166-1)", () => {
  let pg: PgFixture;
  let cat: CatalogFixture;
  let app: FastifyInstance;

  before(async () => {
    [pg, cat] = await Promise.all([createPgFixture(), createCatalogFixture("catalog-input")]);
    app = buildTestApp({ db: pg.db, catalog: cat.catalog }).app;
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await cat?.close();
    await pg?.drop();
  });

  const postOrder = (body: unknown, idem: string = key()) =>
    app.inject({
      method: "POST",
      url: "/api/orders",
      headers: { ...json, "idempotency-key": idem },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("control characters in every body string, top-level and nested, are a 400 naming the field", async () => {
    const cases: [string, (c: string) => Record<string, unknown>][] = [
      ["/customerId", (c) => orderBody({ customerId: `c${c}1` })],
      ["/items/0/productId", (c) => orderBody({ items: [{ productId: `p0${c}01`, quantity: 1 }] })],
      [
        "/shippingAddress/name",
        (c) => orderBody({ shippingAddress: address({ name: `Ada${c}` }) }),
      ],
      [
        "/shippingAddress/line1",
        (c) => orderBody({ shippingAddress: address({ line1: `${c}1 Main` }) }),
      ],
      [
        "/shippingAddress/city",
        (c) => orderBody({ shippingAddress: address({ city: `Lon${c}don` }) }),
      ],
      [
        "/shippingAddress/postalCode",
        (c) => orderBody({ shippingAddress: address({ postalCode: `N1${c}` }) }),
      ],
      ["/billingAddress/city", (c) => orderBody({ billingAddress: address({ city: `x${c}` }) })],
    ];
    for (const [field, body] of cases) {
      for (const c of CONTROLS) assert400(await postOrder(body(c)), `body${field} ${SAFE}`);
    }
    const payload = { productId: "p\u0000", quantity: 1 };
    const cart = await app.inject({
      method: "POST",
      url: "/api/carts/c1/items",
      headers: json,
      payload,
    });
    assert400(cart, `body/productId ${SAFE}`);
  });

  it("control characters in path params and the cursor query are a 400", async () => {
    for (const c of ["%00", "%01", "%09", "%0A", "%1F", "%7F"]) {
      assert400(await app.inject(`/api/products/p${c}1`), `params/id ${SAFE}`);
      assert400(await app.inject(`/api/products/p${c}1/recommendations`), `params/id ${SAFE}`);
      assert400(await app.inject(`/api/orders/o${c}`), `params/id ${SAFE}`);
      assert400(await app.inject(`/api/carts/c${c}`), `params/cartId ${SAFE}`);
      const payload = { productId: "p001", quantity: 1 };
      const add = await app.inject({
        method: "POST",
        url: `/api/carts/c${c}/items`,
        headers: json,
        payload,
      });
      assert400(add, `params/cartId ${SAFE}`);
      assert400(await app.inject(`/api/products?cursor=a${c}b`), `querystring/cursor ${SAFE}`);
    }
  });

  it("control characters in the Idempotency-Key header are a 400 (HTAB is the one HTTP lets through)", async () => {
    assert400(await postOrder(orderBody(), "k\tx"), `headers/idempotency-key ${SAFE}`);
    assert400(await postOrder(orderBody(), "\tk"), `headers/idempotency-key ${SAFE}`);
  });

  it("lone surrogates sent as JSON escapes are a 400; a proper pair is one character and accepted", async () => {
    const raw = (over: string) => JSON.stringify(orderBody()).replace('"Ada Lovelace"', over);
    for (const s of ['"\\ud800"', '"Ada\\udfff"', '"\\ude00\\ud83d"', '"x\\ud83d"']) {
      assert400(await postOrder(raw(s)), `body/shippingAddress/name ${SAFE}`);
    }
    const customer = JSON.stringify(orderBody()).replace(
      /"customerId":"[^"]*"/,
      '"customerId":"c\\ud800"',
    );
    assert400(await postOrder(customer), `body/customerId ${SAFE}`);
    const paired = await postOrder(raw('"Ada \\ud83d\\ude00"'));
    assert.equal(paired.statusCode, 201, paired.body);
  });

  it("a lone surrogate in a path param (its UTF-8 form, which is not valid UTF-8) is a 400", async () => {
    const r = await app.inject("/api/products/%ED%A0%80");
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(typeof (r.json() as { error: unknown }).error, "string");
  });

  it("lengths count code points: 64 emoji is an id, 65 is not; 200 emoji is a name, 201 is not", async () => {
    const emoji = (n: number) => "😀".repeat(n);
    const ok = await postOrder(
      orderBody({ customerId: emoji(64), shippingAddress: address({ name: emoji(200) }) }),
    );
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal((ok.json() as { customerId: string }).customerId, emoji(64));
    assert400(
      await postOrder(orderBody({ customerId: emoji(65) })),
      "body/customerId must NOT have more than 64 characters",
    );
    assert400(
      await postOrder(orderBody({ shippingAddress: address({ name: emoji(201) }) })),
      "body/shippingAddress/name must NOT have more than 200 characters",
    );
    const cart = await app.inject(`/api/carts/${encodeURIComponent(emoji(64))}`);
    assert.deepEqual([cart.statusCode, (cart.json() as { id: string }).id], [200, emoji(64)]);
    assert400(
      await app.inject(`/api/carts/${encodeURIComponent(emoji(65))}`),
      "params/cartId must NOT have more than 64 characters",
    );
    assert400(
      await postOrder(orderBody(), "😀".repeat(129)),
      "headers/idempotency-key must NOT have more than 128 characters",
    );
  });

  it("Idempotency-Key on the wire: 128 non-ASCII characters (256 UTF-8 bytes) are accepted and replay; 129 are not", async () => {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    // Node writes a header string as latin1, so the UTF-8 bytes go as one latin1 character each, as curl would send them.
    const wire = (s: string) => Buffer.from(s, "utf8").toString("latin1");
    const send = (idem: string, body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            port,
            host: "127.0.0.1",
            method: "POST",
            path: "/api/orders",
            headers: { ...json, "idempotency-key": wire(idem) },
          },
          (res) => {
            let data = "";
            res.on("data", (d: Buffer) => (data += d.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
          },
        );
        req.on("error", reject);
        // A Buffer body: with a string body Node sends the header block in the body's encoding (UTF-8), not latin1.
        req.end(Buffer.from(body));
      });
    const idem = `${key()}-`.padEnd(128, "é");
    assert.equal([...idem].length, 128);
    const body = JSON.stringify(orderBody());
    const first = await send(idem, body);
    assert.equal(first.status, 201, first.body);
    const again = await send(idem, body);
    assert.deepEqual(
      [again.status, (JSON.parse(again.body) as { id: string }).id],
      [200, (JSON.parse(first.body) as { id: string }).id],
    );
    const firstId = (JSON.parse(first.body) as { id: string }).id;
    const stored = await pg.admin.query("SELECT idempotency_key FROM orders WHERE id = $1", [
      firstId,
    ]);
    assert.equal(
      stored.rows[0].idempotency_key,
      idem,
      "stored as the characters sent, not as latin1 bytes",
    );
    const long = await send(`${idem}é`, body);
    assert.equal(long.status, 400);
    assert.equal(
      (JSON.parse(long.body) as { error: string }).error,
      "headers/idempotency-key must NOT have more than 128 characters",
    );
  });

  it("country codes: two letters that ISO 3166-1 has not assigned are a 400; assigned ones are accepted", async () => {
    const msg = "body/shippingAddress/country must be an assigned ISO 3166-1 alpha-2 code";
    for (const country of ["XX", "ZZ", "UK", "XK", "AA", "QM", "EU", "gb", "G1", ""]) {
      assert400(await postOrder(orderBody({ shippingAddress: address({ country }) })), msg);
    }
    assert400(
      await postOrder(orderBody({ billingAddress: address({ country: "UK" }) })),
      "body/billingAddress/country must be an assigned ISO 3166-1 alpha-2 code",
    );
    for (const country of ["GB", "US", "DE", "JP", "AX", "SS", "CW"]) {
      const r = await postOrder(
        orderBody({ shippingAddress: address({ country }), billingAddress: address({ country }) }),
      );
      assert.equal(r.statusCode, 201, `${country}: ${r.body}`);
    }
  });

  it("property: a fixed list of hostile strings in every field of every route never gets a 5xx", async () => {
    const hostile = [
      "\u0000",
      "a\u0000b",
      "\ud800",
      "\udfff",
      "\u202e\u202d",
      "\ufeff",
      "\uffff",
      "😀".repeat(65),
      "x".repeat(201),
      "' OR 1=1 --",
      "'; DROP TABLE orders; --",
      "%00",
      "%s%n",
      "${7*7}",
      "{{7*7}}",
      "../../etc/passwd",
      "<script>",
      "\\",
      '"',
      "null",
      "__proto__",
      "constructor",
      "\u0085",
      "\u2028",
      "e\u0301",
      "ß".repeat(64),
      "",
    ];
    const statuses: number[] = [];
    const record = (r: LightMyRequestResponse) => statuses.push(r.statusCode);
    for (const s of hostile) {
      // encodeURIComponent throws on a lone surrogate; send the bytes a client could (CESU-style, not valid UTF-8).
      const enc =
        /[\ud800-\udfff]/.test(s) && !/[\ud800-\udbff][\udc00-\udfff]/.test(s)
          ? "%ED%A0%80"
          : encodeURIComponent(s);
      const bodyWith = (over: Record<string, unknown>) => JSON.stringify(orderBody(over));
      record(await postOrder(bodyWith({ customerId: s })));
      record(await postOrder(bodyWith({ items: [{ productId: s, quantity: 1 }] })));
      record(
        await postOrder(
          bodyWith({ shippingAddress: address({ name: s, postalCode: s.slice(0, 20) }) }),
        ),
      );
      record(await postOrder(bodyWith({ billingAddress: address({ country: s }) })));
      // eslint-disable-next-line no-control-regex -- the point: only plain printable ASCII may go in a header
      if (!/[\u0000-\u001f\u007f-\uffff]/.test(s)) record(await postOrder(orderBody(), s));
      const cartPayload = JSON.stringify({ productId: s, quantity: 1 });
      record(
        await app.inject({
          method: "POST",
          url: `/api/carts/${enc}/items`,
          headers: json,
          payload: cartPayload,
        }),
      );
      for (const url of [
        `/api/products/${enc}`,
        `/api/products/${enc}/recommendations`,
        `/api/orders/${enc}`,
        `/api/carts/${enc}`,
      ]) {
        record(await app.inject(url));
      }
      record(await app.inject(`/api/products?cursor=${enc}`));
    }
    assert.ok(statuses.length > 250);
    assert.deepEqual(
      statuses.filter((s) => s >= 500),
      [],
    );
  });
});
