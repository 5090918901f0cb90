/**
 * Header values as characters, not bytes.
 *
 * Node's HTTP parser hands header values over as latin1 strings: each byte becomes one UTF-16 unit
 * (https://nodejs.org/api/http.html#messageheaders keeps raw bytes; undici/llhttp do the same), so a UTF-8 "é" arrives
 * as the two characters "Ã©" and a 128-character key with accents counts as more than 128. The contract counts
 * characters, so the headers whose text we use are re-read as UTF-8 before the schema sees them.
 *
 * Bytes that are not valid UTF-8 are left as they are; the schema then judges the latin1 text, so the outcome is
 * still a 400 or an accepted key, never a crash.
 */
import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";

/** The headers whose value the shop stores or compares: only POST /api/orders reads one, so only it decodes. */
export const TEXT_HEADERS = ["idempotency-key"] as const;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A latin1-decoded header value re-read as UTF-8; unchanged if it is ASCII, not byte-shaped or not valid UTF-8. */
export function headerAsUtf8(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  try {
    return utf8.decode(Buffer.from(value, "latin1"));
  } catch {
    return value;
  }
}

/**
 * preValidation hook of the routes that read a text header: runs before their headers schema (callback style: no
 * promise per request). Not global: a browse request would pay for a header it never reads.
 */
export function decodeTextHeaders(
  req: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  for (const name of TEXT_HEADERS) {
    const v = req.headers[name];
    if (typeof v === "string") req.headers[name] = headerAsUtf8(v);
  }
  done();
}
