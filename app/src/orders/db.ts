/**
 * The minimal SQL surface the order and cart stores need. Both node-postgres (AWS, CI) and PGlite (embedded) sit
 * behind it, so the same SQL and the same tests run on each.
 */
import type { DbProblem } from "./dbProblem";

export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface TransactionOptions {
  /**
   * Take pg_advisory_xact_lock(key[0], key[1]) first, in the same round trip as BEGIN: the transaction then runs
   * alone among those sharing the key, and the lock goes with COMMIT or ROLLBACK.
   */
  readonly lock?: readonly [number, number];
}

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
  transaction?<T>(fn: (query: Query) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  isInRecovery(): Promise<boolean>;
  /** The configuration problem seen on the last attempt (unknown database, bad credentials…), if any. */
  problem?(): DbProblem | undefined;
  close(): Promise<void>;
}

/** The lock statement for a transaction's key; refuses anything but two int4 values, since it is inlined. */
export function lockStatement([a, b]: readonly [number, number]): string {
  const int4 = (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647;
  if (!int4(a) || !int4(b))
    throw new Error(`advisory lock keys must be int4 values (got ${a}, ${b})`);
  return `SELECT pg_advisory_xact_lock(${a}, ${b})`;
}
