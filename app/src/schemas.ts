/**
 * TypeBox schemas for every route: the API contract of DESIGN.md ("Storefront"), with its length limits.
 * `additionalProperties: false` plus Ajv's removeAdditional strips unknown fields (e.g. a client-sent price)
 * instead of trusting or rejecting them.
 */
import { Static, Type } from "@sinclair/typebox";

/** ids (customerId, cartId, productId) ≤ 64; other strings ≤ 200; Idempotency-Key ≤ 128. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9._:@-]+$" });
const Text = (min = 1) => Type.String({ minLength: min, maxLength: 200 });

export const ErrorBody = Type.Object({ error: Type.String() });
export const RejectionBody = Type.Object({
  error: Type.String(),
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
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
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
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2" }),
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
  "idempotency-key": Type.String({ minLength: 1, maxLength: 128 }),
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
