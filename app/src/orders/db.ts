/**
 * The minimal SQL surface the order and cart stores need. Both node-postgres (AWS, CI) and PGlite (embedded) sit
 * behind it, so the same SQL and the same tests run on each.
 */
import type { DbProblem } from "./dbProblem";

export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface Db {
  readonly kind: "postgres" | "pglite";
  /** host:port/database, never credentials. */
  readonly endpoint: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. Decisions
   * that read and then write (the fraud velocity check and the insert) need it. Optional only so that test fakes
   * of read-only paths need not implement it.
   */
  transaction?<T>(fn: (query: Query) => Promise<T>): Promise<T>;
  isInRecovery(): Promise<boolean>;
  /** The configuration problem seen on the last attempt (unknown database, bad credentials…), if any. */
  problem?(): DbProblem | undefined;
  close(): Promise<void>;
}
