/**
 * One bounded HTTP handler for the storefront's AWS SDK v3 clients (DynamoDB, Secrets Manager, Lambda), from the
 * AWS SDK v3 docs ("Configuring timeouts",
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html) and
 * @smithy/node-http-handler 4 (NodeHttpHandlerOptions, checked in its dist-cjs/index.js):
 * - `connectionTimeout`: the TCP (and TLS) connect;
 * - `requestTimeout`: the whole request. In @smithy/node-http-handler 4 it only logs a warning unless
 *   `throwOnRequestTimeout` is true, so that is set: without it a silent endpoint hung a request for ever (the
 *   plain `requestHandler: { requestTimeout }` object the clients had before did exactly that);
 * - `socketTimeout`: the same bound on socket inactivity, for a request stuck mid-response;
 * - keep-alive agents with TCP keepalive, so idle sockets to a vanished endpoint are found dead. A timed-out
 *   request destroys its socket (req.destroy), so it never goes back to the agent's pool.
 * Retries are bounded by each client's `maxAttempts`.
 *
 * `cacheMiddleware` makes a client resolve each command's middleware stack once instead of on every send
 * (@smithy/core Client.send; its doc: "saves 0-1 ms per request" when no middleware is changed after the first
 * request, and none is here). In a CPU profile at 500 checkouts/s the SDK was the largest cost of an order
 * (about 370 µs of CPU per BatchGetItem), and building the stack on every send was part of it.
 */
import { NodeHttpHandler } from "@smithy/node-http-handler";
import http from "node:http";
import https from "node:https";

/** The options every storefront SDK client takes: bounded timeouts and retries, middleware resolved once. */
export function sdkClientOptions(opts: {
  connectMs: number;
  requestMs: number;
  maxAttempts: number;
}) {
  return {
    maxAttempts: opts.maxAttempts,
    requestHandler: boundedHttpHandler(opts),
    cacheMiddleware: true,
  };
}

export function boundedHttpHandler(opts: {
  connectMs: number;
  requestMs: number;
}): NodeHttpHandler {
  const agent = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 50 };
  return new NodeHttpHandler({
    connectionTimeout: opts.connectMs,
    requestTimeout: opts.requestMs,
    throwOnRequestTimeout: true,
    socketTimeout: opts.requestMs,
    httpAgent: new http.Agent(agent),
    httpsAgent: new https.Agent(agent),
  });
}
