/**
 * Errors the HTTP layer maps to status codes. Backends translate their own failures into these so that routes never
 * leak a driver error as a 500.
 *
 * Every error here carries a public message (`message`) that is safe to send to a client: it names what failed in
 * the shop's terms, never a host, port, SQL text or driver code. What the driver said goes in `cause` (the ES2022
 * Error cause), which the error handler logs with the request id and never serialises.
 */

export interface BackendErrorOptions {
  /** The driver's error: logged, never sent. */
  cause?: unknown;
  /** Defaults to `2`. */
  retryAfterSeconds?: number;
}

/** A backend cannot be reached (or is read-only): the client should retry later. Maps to 503 + Retry-After. */
export class BackendUnavailableError extends Error {
  readonly statusCode = 503;
  readonly retryAfterSeconds: number;
  constructor(
    readonly backend: string,
    publicMessage: string,
    opts: BackendErrorOptions | number = {},
  ) {
    const o = typeof opts === "number" ? { retryAfterSeconds: opts } : opts;
    super(publicMessage, o.cause === undefined ? undefined : { cause: o.cause });
    this.retryAfterSeconds = o.retryAfterSeconds ?? 2;
    this.name = "BackendUnavailableError";
  }
}

/** A client error with a stable, public message; `cause` (if any) is logged only. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    opts: { cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "HttpError";
  }
}

/**
 * The message of `err` that may be shown to a client (in a response body, /health/deep or /topology): ours are
 * written to be public; anything else (a driver or SDK error) is replaced by `fallback`.
 */
export function publicMessage(err: unknown, fallback = "backend error"): string {
  if (err instanceof BackendUnavailableError || err instanceof HttpError) return err.message;
  return fallback;
}

/** For log lines built as text: the public message plus what the driver said (its cause). Never for a response. */
export function logDetail(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const cause = err instanceof Error ? err.cause : undefined;
  return cause instanceof Error ? `${message} (${cause.message})` : message;
}
