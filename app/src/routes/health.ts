/** Operational routes: shallow and deep health, topology, Prometheus metrics. */
import { Type } from "@sinclair/typebox";
import { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppDeps } from "../deps";
import { publicMessage } from "../errors";
import { DeepHealth } from "../schemas";
import type { FenceStatus } from "../region/switchFence";
import { ordersState, writeRefusal } from "./writeFence";

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
  /** Why, when it is known and is not an outage: a configuration problem of the database, an open breaker. */
  cause?: string;
}

/** DeepHealth with an optional `cause` on each check (fields may be added to the contract, not renamed). */
const checks = DeepHealth.properties.checks.properties;
const withCause = (check: typeof checks.orders) =>
  Type.Object({ ...check.properties, cause: Type.Optional(Type.String()) });
const DeepHealthWithCause = Type.Object({
  ...DeepHealth.properties,
  checks: Type.Object({
    orders: withCause(checks.orders),
    catalog: withCause(checks.catalog),
    cache: withCause(checks.cache),
  }),
});

/** Runs one backend probe with a deadline; a hung backend counts as down after `timeoutMs`. */
export async function timedCheck(
  probe: () => Promise<unknown>,
  timeoutMs: number,
  onError?: (err: unknown) => void,
): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new DeadlineError(timeoutMs)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    // The body is public (Route 53 and anyone can read it): our errors' public message, never a driver's text.
    onError?.(err);
    const error = err instanceof DeadlineError ? err.message : publicMessage(err, "unavailable");
    return { ok: false, ms: Math.round(performance.now() - started), error };
  } finally {
    clearTimeout(timer);
  }
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

export function healthRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const timeoutMs = deps.healthTimeoutMs ?? 1000;
  return async (app) => {
    // Shallow: the process is up and serving. Container HEALTHCHECK and ECS use it; it touches no backend, so a
    // database outage does not get every task killed and restarted.
    app.get("/healthz", async () => ({ status: "ok", region: deps.region, role: deps.role.role }));

    // Deep: Route 53 health checks use it. Orders and catalog are critical (fail → 503); the cache is not (degraded).
    // The orders check asks what this region can do in its role (OrderStore.ping): the writer in a primary, the
    // local reader in a recovery region, so a warm standby whose writer's region is down still serves reads.
    const schema = { response: { 200: DeepHealthWithCause, 503: DeepHealthWithCause } };
    app.get("/health/deep", { schema }, async (req, reply) => {
      const logAs = (backend: string) => (err: unknown) =>
        req.log.warn(
          { backend, err: (err as Error)?.cause ?? err },
          `deep health: ${backend} check failed`,
        );
      const [orders, catalog, cache] = await Promise.all([
        timedCheck(() => deps.orders.ping(), timeoutMs, logAs("orders")),
        timedCheck(() => deps.catalog.ping(), timeoutMs, logAs("catalog")),
        timedCheck(() => deps.cache.ping(), timeoutMs, logAs("cache")),
      ]);
      // A configuration problem is named (its kind, and a message naming the database), not reported as an outage;
      // one that stops the migrations fails the check even though `SELECT 1` works: this region cannot take orders.
      const orderState = ordersState(deps);
      const problem = orderState.problem();
      if (problem && (!orders.ok || !orderState.migrated())) {
        Object.assign(orders, { ok: false, cause: problem.kind, error: problem.message });
      }
      if (!cache.ok && deps.cache.state?.() === "open") cache.cause = "circuit-open";
      const status = !orders.ok || !catalog.ok ? "fail" : cache.ok ? "ok" : "degraded";
      return reply.code(status === "fail" ? 503 : 200).send({
        status,
        region: deps.region,
        role: deps.role.role,
        checks: { orders, catalog, cache },
      });
    });

    app.get("/topology", async () => ({
      region: deps.region,
      role: deps.role.role,
      version: deps.version,
      // What a write gets now: the role and the routing switch together (routes/writeFence.ts).
      writable: writeRefusal(deps.role, deps.fence, ordersState(deps)) === undefined,
      refusal: writeRefusal(deps.role, deps.fence, ordersState(deps)),
      schema: { migrated: deps.schema?.migrated ?? true, problem: publicProblem(deps) },
      roleStatus: deps.role.status(),
      fence: publicFence(deps.fence.status()),
      backends: {
        orders: {
          kind: deps.orders.kind,
          endpoint: deps.orders.endpoint,
          readerEndpoint: deps.orders.readerEndpoint,
        },
        catalog: { kind: deps.catalog.kind, endpoint: deps.catalog.endpoint },
        cache: { kind: deps.cache.kind, endpoint: deps.cache.endpoint },
        validation: { kind: deps.validator.kind },
      },
    }));

    app.get("/metrics", async (_req, reply) => {
      const body = await deps.metrics.registry.metrics();
      return reply.header("content-type", deps.metrics.registry.contentType).send(body);
    });
  };
}

/** The fence's read error is an S3 SDK message (it can name hosts and addresses); switchFence.ts has logged it. */
function publicFence(status: FenceStatus): FenceStatus {
  return status.lastError === undefined
    ? status
    : { ...status, lastError: "the routing switch could not be read" };
}

/** The problem without its SQLSTATE: no driver codes in responses (DESIGN.md, Storefront). */
function publicProblem(deps: AppDeps) {
  const p = ordersState(deps).problem();
  return p ? { kind: p.kind, message: p.message, since: p.since } : undefined;
}
