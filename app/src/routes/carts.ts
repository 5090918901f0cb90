/** Cart routes. Writes are fenced by the region role and the routing switch; prices are captured from the catalog, never the client. */
import { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../deps";
import { AddCartItemBody, Cart, CartParams, ErrorBody } from "../schemas";
import { ordersState, writeFence } from "./writeFence";

export function cartRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/api/carts/:cartId/items",
      {
        onRequest: writeFence(deps.role, deps.fence, deps.metrics, ordersState(deps)),
        schema: {
          params: CartParams,
          body: AddCartItemBody,
          response: { 200: Cart, 404: ErrorBody },
        },
      },
      async (req, reply) => {
        const { productId, quantity } = req.body;
        const product = await deps.catalog.get(productId);
        if (!product) return reply.code(404).send({ error: `product ${productId} not found` });
        return deps.carts.addItem(req.params.cartId, productId, quantity, product.priceCents);
      },
    );

    app.get(
      "/api/carts/:cartId",
      { schema: { params: CartParams, response: { 200: Cart } } },
      async (req) => deps.carts.get(req.params.cartId),
    );
  };
}
