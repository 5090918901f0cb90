/**
 * Configuration problems of the orders database: errors that no retry fixes until someone changes the
 * configuration, the database or its grants. They must be reported as what they are (DESIGN.md, Storefront,
 * "configuration problem"), not as an outage and never as "this region is in the recovery role".
 *
 * SQLSTATEs from PostgreSQL's "Appendix A. PostgreSQL Error Codes"
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html):
 * - 3D000 invalid_catalog_name: the database named in the connection does not exist (sent during start-up);
 * - 28P01 invalid_password and 28000 invalid_authorization_specification: authentication failed (28000 is what
 *   pg_hba.conf rejections and unknown roles under some auth methods give); Aurora/RDS answer IAM and password
 *   failures with the same codes;
 * - 42501 insufficient_privilege: e.g. CREATE SCHEMA / CREATE TABLE without the grant, on migration.
 *
 * The public message names the database (by name, never host or port) and the kind of problem; the driver's
 * message, the user and the SQLSTATE stay in `cause`-side fields for the log.
 */
import { BackendUnavailableError } from "../errors";

export type DbProblemKind = "database-not-found" | "authentication-failed" | "permission-denied";

export interface DbProblem {
  readonly kind: DbProblemKind;
  /** The SQLSTATE, for logs and /topology; not for response bodies. */
  readonly sqlstate: string;
  /** Safe for clients: names the database, not where it is. */
  readonly message: string;
  readonly since: string;
}

const KINDS: Record<string, DbProblemKind> = {
  "3D000": "database-not-found",
  "28P01": "authentication-failed",
  "28000": "authentication-failed",
  "42501": "permission-denied",
};

/** A configuration problem for this SQLSTATE, or undefined when the error is of another kind. */
export function classifyDbProblem(
  sqlstate: string | undefined,
  database: string,
): DbProblem | undefined {
  const kind = sqlstate ? KINDS[sqlstate] : undefined;
  if (!kind) return undefined;
  return {
    kind,
    sqlstate: sqlstate!,
    message: problemMessage(kind, database),
    since: new Date().toISOString(),
  };
}

function problemMessage(kind: DbProblemKind, database: string): string {
  switch (kind) {
    case "database-not-found":
      return `orders database "${database}" does not exist (configuration problem)`;
    case "authentication-failed":
      return `orders database "${database}" refused the storefront's credentials (configuration problem)`;
    case "permission-denied":
      return `orders database "${database}": the storefront's user lacks a required permission (configuration problem)`;
  }
}

/**
 * A write or read that failed because of a configuration problem: 503 (the shop is unavailable, and retrying
 * later is right once an operator fixes it), with a longer Retry-After than an outage. `detail` is the driver's
 * message, for the log only.
 */
export class DbConfigurationError extends BackendUnavailableError {
  constructor(
    readonly problem: DbProblem,
    readonly detail: string,
    cause?: unknown,
  ) {
    // The driver's error rides as `cause`, so the error handler logs it beside the request id.
    super("orders", problem.message, { retryAfterSeconds: 30, cause });
    this.name = "DbConfigurationError";
  }
}
