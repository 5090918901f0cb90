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
 */
import { NodeHttpHandler } from "@smithy/node-http-handler";
import http from "node:http";
import https from "node:https";

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
