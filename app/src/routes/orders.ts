/**
 * Checkout. The order of steps matters:
 *   1. the write fence (onRequest) refuses writes in the recovery role, or while the routing switch fences this
 *      region, before anything is parsed;
 *   2. schemas check the Idempotency-Key header and the body (400 on any bad input);
 *   3. a known key answers from the database (200 replay, or 409 if the body differs), without re-validating;
 *   4. validation + fraud checks on catalog prices (422 with reasons);
 *   5. one atomic insert of order + payment; the UNIQUE key decides races, so duplicates never create two orders.
 */
import { Static } from "@sinclair/typebox";
import { FastifyPluginAsync, FastifyReply } from "fastify";
import type { AppDeps } from "../deps";
import { Order as OrderT } from "../orders/orderStore";
import { requestHash } from "../orders/requestHash";
import { ErrorBody, IdempotencyHeaders, IdParams, Order, OrderBody, RejectionBody } from "../schemas";
import { DEFAULT_LIMITS } from "../validation/validateOrder";
import { writeFence } from "./writeFence";

const CONFLICT = "Idempotency-Key was already used with a different request body";

export function orderRoutes(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: OrderBody; Headers: Static<typeof IdempotencyHeaders> }>(
      "/api/orders",
      {
        onRequest: writeFence(deps.role, deps.fence, deps.metrics),
        schema: {
          headers: IdempotencyHeaders,
          body: OrderBody,
          response: { 200: Order, 201: Order, 409: ErrorBody, 422: RejectionBody },
        },
      },
      async (req, reply) => {
        const key = req.headers["idempotency-key"];
        const hash = requestHash(req.body);

        const existing = await deps.orders.findByKey(key);
        if (existing) return replay(reply, existing.order, existing.requestHash === hash);

        const ids = req.body.items.map((i) => i.productId);
        const [products, recentOrderCount] = await Promise.all([
          deps.catalog.getMany(ids),
          deps.orders.recentOrderCount(req.body.customerId, DEFAULT_LIMITS.velocityWindowMinutes),
        ]);
        const result = await deps.validator.validate({
          order: req.body,
          products: Object.fromEntries(products),
          recentOrderCount,
        });
        if (!result.ok) {
          for (const r of result.reasons) deps.metrics.validationRejections.inc({ code: r.code });
          req.log.info({ reasons: result.reasons.map((r) => r.code) }, "order rejected");
          return reply.code(422).send({ error: "order rejected by validation", reasons: result.reasons });
        }

        const stored = await deps.orders.create({
          idempotencyKey: key,
          requestHash: hash,
          customerId: req.body.customerId,
          lines: result.lines,
          totalCents: result.totalCents,
          currency: result.currency,
          shippingAddress: req.body.shippingAddress,
          billingAddress: req.body.billingAddress,
          region: deps.region,
        });
        if (!stored.created) return replay(reply, stored.order, stored.requestHash === hash);
        deps.metrics.ordersCreated.inc({ region: deps.region });
        req.log.info({ orderId: stored.order.id, totalCents: stored.order.totalCents }, "order created");
        return reply.code(201).send(stored.order);
      },
    );

    app.get<{ Params: Static<typeof IdParams> }>(
      "/api/orders/:id",
      { schema: { params: IdParams, response: { 200: Order, 404: ErrorBody } } },
      async (req, reply) => {
        const order = await deps.orders.get(req.params.id);
        if (!order) return reply.code(404).send({ error: `order ${req.params.id} not found` });
        return order;
      },
    );
  };
}

function replay(reply: FastifyReply, order: OrderT, sameBody: boolean) {
  if (!sameBody) return reply.code(409).send({ error: CONFLICT });
  return reply.code(200).send(order);
}
