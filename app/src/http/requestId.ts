/**
 * Request ids: joined to the ALB's trace id when there is one, generated otherwise, never taken verbatim from a
 * client.
 *
 * The ALB adds or extends `X-Amzn-Trace-Id` (`Root=1-5759e988-bd862e3fe1be46a994272793`, possibly with `Self=`,
 * `Sampled=` and custom `key=value` fields, separated by `;`):
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-request-tracing.html. A client
 * can send the header too, and the ALB keeps a client's Root, so its value is accepted only in that shape (a short
 * run of the characters a trace id uses). Anything else (newlines, quotes, ANSI escapes, huge values: log forging)
 * gets a fresh UUID. The id is logged as `reqId` on every line of the request and returned as `x-request-id`.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const TRACE_HEADER = "x-amzn-trace-id";
export const REQUEST_ID_HEADER = "x-request-id";

const TRACE_ID = /^[A-Za-z0-9=;:._-]{1,200}$/;

/** The trace id when it is shaped like one, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && TRACE_ID.test(header) ? header : randomUUID();
}

/** Fastify's `genReqId`. */
export function genReqId(req: IncomingMessage): string {
  return requestIdFrom(req.headers[TRACE_HEADER]);
}
