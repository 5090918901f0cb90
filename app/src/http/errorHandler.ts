/**
 * Maps every error a route can throw to a status and a JSON `{error, requestId}` body.
 *
 * The body says what happened in the shop's terms and nothing internal: no host, port, SQL text, driver code or
 * stack. The details (the error's `cause`, with its stack) go to the log line of the same request, which carries
 * the same id as `reqId`, so support can find it from the `requestId` a client quotes.
 */
import { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { BackendUnavailableError, HttpError } from "../errors";
import { SAFE_TEXT_MESSAGE, SAFE_TEXT_PATTERN } from "../validation/text";

type ValidationItem = NonNullable<FastifyError["validation"]>[number];

/** Ajv's message, without the schema internals (the safe-text regex, the 249 country codes) a client cannot use. */
export function validationMessage(err: FastifyError): string {
  const where = err.validationContext ?? "request";
  const first: ValidationItem | undefined = err.validation?.[0];
  let message = err.message.replace(/^(body|params|querystring|headers)/, "");
  if (
    first?.keyword === "pattern" &&
    (first.params as { pattern?: string }).pattern === SAFE_TEXT_PATTERN
  ) {
    message = message.replace(/must match pattern .*$/s, SAFE_TEXT_MESSAGE);
  }
  if (first?.keyword === "enum" && /\/country$/.test(first.instancePath)) {
    message = message.replace(
      /must be equal to one of the allowed values$/,
      "must be an assigned ISO 3166-1 alpha-2 code",
    );
  }
  return `${where}${message}`;
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const requestId = req.id;
  if (err instanceof BackendUnavailableError) {
    req.log.warn(
      { backend: err.backend, err: err.cause ?? err },
      `backend unavailable: ${err.message}`,
    );
    return reply
      .code(503)
      .header("retry-after", String(err.retryAfterSeconds))
      .send({ error: err.message, requestId });
  }
  if (err.validation) {
    return reply.code(400).send({ error: validationMessage(err), requestId });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Our HttpErrors may wrap a backend's refusal of the input (e.g. SQLSTATE 22xxx): log what it said.
    if (err instanceof HttpError && err.cause !== undefined)
      req.log.info({ err: err.cause }, `client input refused: ${err.message}`);
    return reply.code(status).send({ error: err.message, requestId });
  }
  req.log.error({ err }, "unhandled error");
  return reply.code(500).send({ error: "internal error", requestId });
}
