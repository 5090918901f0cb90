/**
 * buildApp(deps) → a Fastify instance with every route, hook and error mapping, but no listening socket and no
 * backend construction: tests inject their own backends and drive it with fastify.inject.
 */
import Fastify, { FastifyInstance } from "fastify";
import type { AppDeps } from "./deps";
import { errorHandler } from "./http/errorHandler";
import { genReqId, REQUEST_ID_HEADER } from "./http/requestId";
import { requestLogger } from "./http/requestLogger";
import { cartRoutes } from "./routes/carts";
import { healthRoutes } from "./routes/health";
import { orderRoutes } from "./routes/orders";
import { productRoutes } from "./routes/products";

export type { AppDeps, BackendInfo } from "./deps";

/** DESIGN.md: request bodies ≤ 64 KiB, longer gets 413. */
export const BODY_LIMIT = 64 * 1024;

export function buildApp(deps: AppDeps): FastifyInstance {
  return registerRoutes(createServer(deps), deps);
}

/**
 * The Fastify instance with hooks and error mapping but no routes. server.ts builds it first so that the backends
 * can log through the same pino logger before the routes exist.
 */
export function createServer(
  opts: Pick<AppDeps, "region" | "metrics" | "logger">,
): FastifyInstance {
  const deps = opts;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // Never coerce: "5" is not a quantity. Strip unknown fields (e.g. a client-sent price) rather than trust them.
    // `unicode` and `unicodeRegExp` stay at Ajv's defaults (true): lengths in code points, patterns with the `u`
    // flag; validation/text.ts relies on both.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: true, allErrors: false } },
    // Request ids join the ALB's trace id when it is shaped like one (http/requestId.ts); a client cannot forge logs.
    requestIdHeader: false,
    genReqId,
    // Each request's pino child is made when it first writes a line (http/requestLogger.ts).
    childLoggerFactory: requestLogger,
    // find-my-way measures a path param before decoding (default 100, then 414). An id of 64 characters is up to 768
    // once percent-encoded (4 UTF-8 bytes of 3 characters each), so 100 would refuse valid ids. Up to 2048 the
    // schema judges the id (400); beyond that any id is too long anyway, and 414 is still a 4xx.
    routerOptions: { maxParamLength: 2048 },
  });

  // Both headers are known when the request arrives, so they are set then, for every reply (404s and errors
  // included). Callback-style hooks: an async hook costs a promise per request on the hot path.
  app.addHook("onRequest", (req, reply, done) => {
    reply.header("x-served-region", deps.region);
    reply.header(REQUEST_ID_HEADER, req.id);
    done();
  });

  app.addHook("onResponse", (req, reply, done) => {
    deps.metrics.requestDuration.observe(
      {
        method: req.method,
        route: req.routeOptions.url ?? "unmatched",
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send({ error: `no route for ${req.method} ${req.url.split("?")[0]}` });
  });

  app.setErrorHandler(errorHandler);
  return app;
}

export function registerRoutes(app: FastifyInstance, deps: AppDeps): FastifyInstance {
  app.register(healthRoutes(deps));
  app.register(productRoutes(deps));
  app.register(cartRoutes(deps));
  app.register(orderRoutes(deps));
  return app;
}
