/**
 * The fence for write routes. It runs as an onRequest hook, before the body is even parsed, so a region that must
 * not take writes answers 503 + Retry-After whatever the client sent. Two things can refuse, and say which:
 * - the region role (decision 4): the database's writer is elsewhere;
 * - the routing switch (decision 15): the runbook has moved the writer role away, possibly before the database
 *   itself was promoted, so the old region's database would still accept what it must no longer take.
 */
import { FastifyReply, FastifyRequest } from "fastify";
import type { Metrics } from "../metrics";
import { RegionRole } from "../region/role";
import { Fence } from "../region/switchFence";

export const RETRY_AFTER_SECONDS = 5;

export type WriteRefusal = "recovery-role" | "fenced";

const MESSAGES: Record<WriteRefusal, string> = {
  "recovery-role": "this region is in the recovery role and does not accept writes; retry shortly",
  fenced: "this region is fenced by the routing switch (writes have moved to the other region) and does not accept writes; retry shortly",
};

/** Why this region refuses writes now, or undefined when it takes them. The role is asked first: it is the older fact. */
export function writeRefusal(role: RegionRole, fence: Fence): WriteRefusal | undefined {
  if (!role.writable) return "recovery-role";
  if (!fence.open) return "fenced";
  return undefined;
}

export function writeFence(role: RegionRole, fence: Fence, metrics?: Metrics) {
  return async (_req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const refusal = writeRefusal(role, fence);
    if (refusal === undefined) return;
    metrics?.writesRefused.inc({ reason: refusal });
    await reply.code(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send({ error: MESSAGES[refusal] });
  };
}
