/**
 * Checkout. The order of steps matters:
 *   1. the write fence (onRequest) refuses writes in the recovery role, or while the routing switch fences this
 *      region, before anything is parsed;
 *   2. schemas check the Idempotency-Key header and the body (400 on any bad input);
 *   3-5. serialized per customer (OrderStore.createChecked): validation + fraud checks on catalog prices (422 with
 *      reasons), and the insert of order + payment only on the count the decision saw; a known key is answered
 *      from the database (200 replay, or 409 if the body differs) whatever validation says now. The velocity
 *      count cannot be raced, and the UNIQUE key decides races between customers, so duplicates never create two
 *      orders.
 */
import { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { FastifyReply } from "fastify";
import type { AppDeps } from "../deps";
import { decodeTextHeaders } from "../http/headerText";
import { OrderDecision, Order as OrderT } from "../orders/orderStore";
import { requestHash } from "../orders/requestHash";
import {
  ErrorBody,
  IdempotencyHeaders,
  IdParams,
  Order,
  OrderBody,
  RejectionBody,
} from "../schemas";
import { DEFAULT_LIMITS, ValidationResult } from "../validation/validateOrder";
import { ordersState, writeFence } from "./writeFence";

const CONFLICT = "Idempotency-Key was already used with a different request body";

export function orderRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/api/orders",
      {
        onRequest: writeFence(deps.role, deps.fence, deps.metrics, ordersState(deps)),
        // The Idempotency-Key as characters before its schema judges it (http/headerText.ts).
        preValidation: decodeTextHeaders,
        schema: {
          headers: IdempotencyHeaders,
          body: OrderBody,
          response: { 200: Order, 201: Order, 409: ErrorBody, 422: RejectionBody },
        },
      },
      async (req, reply) => {
        const key = req.headers["idempotency-key"];
        const hash = requestHash(req.body);

        // Read once: a checkout that must be decided again (createChecked's counted path) reuses it.
        const ids = req.body.items.map((i) => i.productId);
        const catalogRead = deps.catalog.getMany(ids);
        catalogRead.catch(() => undefined); // awaited in decide(); a failure there is the decision's
        const outcome = await deps.orders.createChecked(
          key,
          req.body.customerId,
          DEFAULT_LIMITS.velocityWindowMinutes,
          async (recentOrderCount): Promise<OrderDecision<ValidationResult>> => {
            const products = Object.fromEntries(await catalogRead);
            const result = await deps.validator.validate({
              order: req.body,
              products,
              recentOrderCount,
            });
            if (!result.ok) return { ok: false, rejection: result };
            const order = {
              idempotencyKey: key,
              requestHash: hash,
              customerId: req.body.customerId,
              lines: result.lines,
              totalCents: result.totalCents,
              currency: result.currency,
              shippingAddress: req.body.shippingAddress,
              billingAddress: req.body.billingAddress,
              region: deps.region,
            };
            return { ok: true, order };
          },
        );
        if (outcome.kind === "rejected") {
          const { reasons } = outcome.rejection;
          for (const r of reasons) deps.metrics.validationRejections.inc({ code: r.code });
          req.log.info({ reasons: reasons.map((r) => r.code) }, "order rejected");
          return reply.code(422).send({ error: "order rejected by validation", reasons });
        }
        const stored = outcome.stored;
        if (outcome.kind === "replayed")
          return replay(reply, stored.order, stored.requestHash === hash);
        deps.metrics.ordersCreated.inc({ region: deps.region });
        req.log.info(
          { orderId: stored.order.id, totalCents: stored.order.totalCents },
          "order created",
        );
        return reply.code(201).send(stored.order);
      },
    );

    app.get(
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
