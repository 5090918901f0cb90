/**
 * TypeBox schemas for every route: the API contract of DESIGN.md ("Storefront"), with its length limits.
 * `additionalProperties: false` plus Ajv's removeAdditional strips unknown fields (e.g. a client-sent price)
 * instead of trusting or rejecting them.
 *
 * Every string a client sends is a SafeText (validation/text.ts): one rule for control characters, lone surrogates
 * and code-point lengths, so no field can forget it.
 *
 * The schemas are also the types (DESIGN.md style 14): routes get them through Fastify's TypeBox type provider,
 * and the stores and the catalog use the `Static` types exported here, so a field is declared once. The one
 * exception is validation/validateOrder.ts, which must stay import-free (it is the Lambda's bundle on its own);
 * its types are checked against these at compile time below.
 */
import { Static, Type } from "@sinclair/typebox";
import type {
  Address as ValidatedAddress,
  OrderRequest,
  PricedLine as ValidatedLine,
} from "./validation/validateOrder";
import { COUNTRY_CODES } from "./validation/countries";
import { ID_MAX, IDEMPOTENCY_KEY_MAX, SafeText, TEXT_MAX } from "./validation/text";

/**
 * ids (customerId, cartId, productId, order ids) ≤ 64 characters; other strings ≤ 200; Idempotency-Key ≤ 128.
 * Ids are any safe text, not ASCII only: the contract counts their length in characters, so they may be non-ASCII.
 */
export const Id = SafeText(ID_MAX);
const Text = (max = TEXT_MAX) => SafeText(max);

/** `requestId` is the request's id (also the x-request-id header), for quoting to support; see http/requestId.ts. */
export const ErrorBody = Type.Object({
  error: Type.String(),
  requestId: Type.Optional(Type.String()),
});
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

export type Product = Static<typeof Product>;

export const ProductPage = Type.Object({
  items: Type.Array(Product),
  nextCursor: Type.Optional(Type.String()),
});
export type ProductPage = Static<typeof ProductPage>;

/** A line of a cart or an order, at the price the catalog gave when it was added. */
export const PricedLine = Type.Object({
  productId: Type.String(),
  quantity: Type.Integer(),
  priceCents: Type.Integer(),
});
export type PricedLine = Static<typeof PricedLine>;

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
  items: Type.Array(PricedLine),
  totalCents: Type.Integer(),
});
export type Cart = Static<typeof Cart>;

export const Address = Type.Object(
  {
    name: Text(),
    line1: Text(),
    city: Text(),
    postalCode: Text(20),
    // An enum, not a pattern: "XX" or "UK" are two letters but not assigned.
    country: Type.String({
      enum: [...COUNTRY_CODES],
      description: "assigned ISO 3166-1 alpha-2 code",
    }),
  },
  { additionalProperties: false },
);
export type Address = Static<typeof Address>;

export const OrderBody = Type.Object(
  {
    customerId: Id,
    items: Type.Array(
      Type.Object({ productId: Id, quantity: Quantity }, { additionalProperties: false }),
      {
        minItems: 1,
        maxItems: 50,
      },
    ),
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
  items: Type.Array(PricedLine),
  region: Type.String(),
  createdAt: Type.String(),
});
export type Order = Static<typeof Order>;

const Check = Type.Object({
  ok: Type.Boolean(),
  ms: Type.Number(),
  error: Type.Optional(Type.String()),
});
export const DeepHealth = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("degraded"), Type.Literal("fail")]),
  region: Type.String(),
  role: Type.String(),
  checks: Type.Object({ orders: Check, catalog: Check, cache: Check }),
});

/** True only when A and B are the same type: a compile error below means the Lambda's types drifted. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const LAMBDA_TYPES_AGREE: [
  Same<OrderBody, OrderRequest>,
  Same<Address, ValidatedAddress>,
  Same<PricedLine, ValidatedLine>,
] = [true, true, true];
