/** Operational routes: shallow and deep health, topology, Prometheus metrics. */
import { FastifyPluginAsync } from "fastify";
import type { AppDeps } from "../deps";
import { DeepHealth } from "../schemas";
import { writeRefusal } from "./writeFence";

export interface CheckResult {
  ok: boolean;
  ms: number;
  error?: string;
}

/** Runs one backend probe with a deadline; a hung backend counts as down after `timeoutMs`. */
export async function timedCheck(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (err as Error).message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(deps: AppDeps): FastifyPluginAsync {
  const timeoutMs = deps.healthTimeoutMs ?? 1000;
  return async (app) => {
    // Shallow: the process is up and serving. Container HEALTHCHECK and ECS use it; it touches no backend, so a
    // database outage does not get every task killed and restarted.
    app.get("/healthz", async () => ({ status: "ok", region: deps.region, role: deps.role.role }));

    // Deep: Route 53 health checks use it. Orders and catalog are critical (fail → 503); the cache is not (degraded).
    // The orders check asks what this region can do in its role (OrderStore.ping): the writer in a primary, the
    // local reader in a recovery region, so a warm standby whose writer's region is down still serves reads.
    app.get("/health/deep", { schema: { response: { 200: DeepHealth, 503: DeepHealth } } }, async (_req, reply) => {
      const [orders, catalog, cache] = await Promise.all([
        timedCheck(() => deps.orders.ping(), timeoutMs),
        timedCheck(() => deps.catalog.ping(), timeoutMs),
        timedCheck(() => deps.cache.ping(), timeoutMs),
      ]);
      const status = !orders.ok || !catalog.ok ? "fail" : cache.ok ? "ok" : "degraded";
      return reply
        .code(status === "fail" ? 503 : 200)
        .send({ status, region: deps.region, role: deps.role.role, checks: { orders, catalog, cache } });
    });

    app.get("/topology", async () => ({
      region: deps.region,
      role: deps.role.role,
      version: deps.version,
      // What a write gets now: the role and the routing switch together (routes/writeFence.ts).
      writable: writeRefusal(deps.role, deps.fence) === undefined,
      roleStatus: deps.role.status(),
      fence: deps.fence.status(),
      backends: {
        orders: { kind: deps.orders.kind, endpoint: deps.orders.endpoint, readerEndpoint: deps.orders.readerEndpoint },
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
