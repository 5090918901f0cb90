/**
 * The fence for write routes. It runs as an onRequest hook, before the body is even parsed, so a region that must
 * not take writes answers 503 + Retry-After whatever the client sent. Each refusal says why:
 * - the region role (decision 4): the database's writer is elsewhere;
 * - the role is not known yet (REGION_ROLE=auto before the database first answered): the database is unreachable
 *   or misconfigured, which is said as such, not as "recovery role";
 * - the routing switch (decision 15): the runbook has moved the writer role away, possibly before the database
 *   itself was promoted, so the old region's database would still accept what it must no longer take;
 * - the orders schema is not migrated yet (the database was down or misconfigured at start): the process stays up
 *   and serves reads, and writes wait for the migrations.
 */
import { FastifyReply, FastifyRequest } from "fastify";
import type { AppDeps } from "../deps";
import type { Metrics } from "../metrics";
import type { DbProblem } from "../orders/dbProblem";
import { RegionRole } from "../region/role";
import { Fence } from "../region/switchFence";

export const RETRY_AFTER_SECONDS = 5;
/** A configuration problem is not fixed in seconds; ask clients to come back later. */
export const CONFIG_RETRY_AFTER_SECONDS = 30;

export type WriteRefusal =
  | "recovery-role"
  | "fenced"
  | "database-unavailable"
  | "database-misconfigured"
  | "migrations-pending";

/** What the fence needs to know about the orders database: migrations applied, and any configuration problem. */
export interface OrdersState {
  migrated(): boolean;
  problem(): DbProblem | undefined;
}

/**
 * The orders state of an app: the store's live problem (what its last query met), else the one that stops the
 * migrations (a missing grant does not fail plain queries), and the migrations status when the app has one.
 */
export function ordersState(deps: Pick<AppDeps, "orders" | "schema">): OrdersState {
  const migrated = () => deps.schema?.migrated ?? true;
  return {
    migrated,
    problem: () => deps.orders.problem() ?? (migrated() ? undefined : deps.schema?.problem),
  };
}

const MESSAGES: Record<Exclude<WriteRefusal, "database-misconfigured">, string> = {
  "recovery-role": "this region is in the recovery role and does not accept writes; retry shortly",
  fenced:
    "this region is fenced by the routing switch (writes have moved to the other region) and does not accept writes; retry shortly",
  "database-unavailable":
    "the orders database cannot be reached, so this region does not accept writes yet; retry shortly",
  "migrations-pending":
    "the orders database is not ready yet (schema migrations pending); retry shortly",
};

/** Why this region refuses writes now, or undefined when it takes them. The role is asked first: it is the older fact. */
export function writeRefusal(
  role: RegionRole,
  fence: Fence,
  orders?: OrdersState,
): WriteRefusal | undefined {
  if (!role.writable) {
    if (role.resolved) return "recovery-role";
    return orders?.problem() ? "database-misconfigured" : "database-unavailable";
  }
  if (!fence.open) return "fenced";
  if (orders && !orders.migrated())
    return orders.problem() ? "database-misconfigured" : "migrations-pending";
  return undefined;
}

export function writeFence(
  role: RegionRole,
  fence: Fence,
  metrics?: Metrics,
  orders?: OrdersState,
) {
  return async (_req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const refusal = writeRefusal(role, fence, orders);
    if (refusal === undefined) return;
    metrics?.writesRefused.inc({ reason: refusal });
    const problem = refusal === "database-misconfigured" ? orders?.problem() : undefined;
    const retryAfter = problem ? CONFIG_RETRY_AFTER_SECONDS : RETRY_AFTER_SECONDS;
    const error = problem ? problem.message : MESSAGES[refusal as keyof typeof MESSAGES];
    await reply.code(503).header("retry-after", String(retryAfter)).send({ error });
  };
}
