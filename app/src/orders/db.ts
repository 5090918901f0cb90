/**
 * The minimal SQL surface the order and cart stores need. Both node-postgres (AWS, CI) and PGlite (embedded) sit
 * behind it, so the same SQL and the same tests run on each.
 */
export interface Db {
  readonly kind: "postgres" | "pglite";
  /** host:port/database, never credentials. */
  readonly endpoint: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  isInRecovery(): Promise<boolean>;
  close(): Promise<void>;
}
