/**
 * TypeBox schemas for every route: the API contract of DESIGN.md ("Storefront"), with its length limits.
 * `additionalProperties: false` plus Ajv's removeAdditional strips unknown fields (e.g. a client-sent price)
 * instead of trusting or rejecting them.
 *
 * Every string a client sends is a SafeText (validation/text.ts): one rule for control characters, lone surrogates
 * and code-point lengths, so no field can forget it.
 */
import { Static, Type } from "@sinclair/typebox";
import { COUNTRY_CODES } from "./validation/countries";
import { ID_MAX, IDEMPOTENCY_KEY_MAX, SafeText, TEXT_MAX } from "./validation/text";

/**
 * ids (customerId, cartId, productId, order ids) ≤ 64 characters; other strings ≤ 200; Idempotency-Key ≤ 128.
 * Ids are any safe text, not ASCII only: the contract counts their length in characters, so they may be non-ASCII.
 */
export const Id = SafeText(ID_MAX);
const Text = (max = TEXT_MAX) => SafeText(max);

/** `requestId` is the request's id (also the x-request-id header), for quoting to support; see http/requestId.ts. */
export const ErrorBody = Type.Object({ error: Type.String(), requestId: Type.Optional(Type.String()) });
export const RejectionBody = Type.Object({
  error: Type.String(),
  requestId: Type.Optional(Type.String()),
  reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
});

export const Product = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  priceCents: Type.Integer(),
  currency: Type.String(),
  stock: Type.Integer(),
  category: Type.String(),
});

export const ProductPage = Type.Object({
  items: Type.Array(Product),
  nextCursor: Type.Optional(Type.String()),
});

export const ListQuery = Type.Object(
  {
    // Query strings are not coerced (coercion would also let "5" pass as a body integer), so limit is a pattern.
    limit: Type.Optional(Type.String({ pattern: "^(100|[1-9][0-9]?)$" })),
    // Opaque and checked by the catalog (catalog/cursor.ts); the schema only bounds it.
    cursor: Type.Optional(SafeText(TEXT_MAX)),
  },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Id });
export const CartParams = Type.Object({ cartId: Id });

export const Quantity = Type.Integer({ minimum: 1, maximum: 100 });

export const AddCartItemBody = Type.Object(
  { productId: Id, quantity: Quantity },
  { additionalProperties: false },
);

export const Cart = Type.Object({
  id: Type.String(),
  items: Type.Array(Type.Object({ productId: Type.String(), quantity: Type.Integer(), priceCents: Type.Integer() })),
  totalCents: Type.Integer(),
});

export const Address = Type.Object(
  {
    name: Text(),
    line1: Text(),
    city: Text(),
    postalCode: Text(20),
    // An enum, not a pattern: "XX" or "UK" are two letters but not assigned.
    country: Type.String({ enum: [...COUNTRY_CODES], description: "assigned ISO 3166-1 alpha-2 code" }),
  },
  { additionalProperties: false },
);

export const OrderBody = Type.Object(
  {
    customerId: Id,
    items: Type.Array(Type.Object({ productId: Id, quantity: Quantity }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 50,
    }),
    shippingAddress: Address,
    billingAddress: Type.Optional(Address),
  },
  { additionalProperties: false },
);
export type OrderBody = Static<typeof OrderBody>;

export const IdempotencyHeaders = Type.Object({
  // Decoded from the wire's bytes as UTF-8 before this runs (http/headerText.ts), so the limit is in characters.
  "idempotency-key": SafeText(IDEMPOTENCY_KEY_MAX),
});

export const Order = Type.Object({
  id: Type.String(),
  status: Type.String(),
  customerId: Type.String(),
  totalCents: Type.Integer(),
  currency: Type.String(),
  items: Type.Array(Type.Object({ productId: Type.String(), quantity: Type.Integer(), priceCents: Type.Integer() })),
  region: Type.String(),
  createdAt: Type.String(),
});

const Check = Type.Object({ ok: Type.Boolean(), ms: Type.Number(), error: Type.Optional(Type.String()) });
export const DeepHealth = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("degraded"), Type.Literal("fail")]),
  region: Type.String(),
  role: Type.String(),
  checks: Type.Object({ orders: Check, catalog: Check, cache: Check }),
});
