/**
 * Errors the HTTP layer maps to status codes. Backends translate their own failures into these so that routes never
 * leak a driver error as a 500.
 */

/** A backend cannot be reached (or is read-only): the client should retry later. Maps to 503 + Retry-After. */
export class BackendUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(
    readonly backend: string,
    message: string,
    readonly retryAfterSeconds = 2,
  ) {
    super(message);
    this.name = "BackendUnavailableError";
  }
}

/** A client error with a stable message. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}
