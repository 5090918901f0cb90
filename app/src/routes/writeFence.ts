/**
 * The recovery-role fence for write routes. It runs as an onRequest hook, before the body is even parsed, so a
 * region that must not take writes answers 503 + Retry-After whatever the client sent (decision 4).
 */
import { FastifyReply, FastifyRequest } from "fastify";
import { RegionRole } from "../region/role";

export const RETRY_AFTER_SECONDS = 5;

export function writeFence(role: RegionRole) {
  return async (_req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (role.writable) return;
    await reply
      .code(503)
      .header("retry-after", String(RETRY_AFTER_SECONDS))
      .send({ error: "this region is in the recovery role and does not accept writes; retry shortly" });
  };
}
