/**
 * The client's own record of every acknowledged order, on disk as JSON lines. After a failover it is the ground
 * truth: an order the shop acknowledged but the new primary does not hold is lost (that is the RPO).
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";

export interface JournalEntry {
  readonly key: string;
  readonly id: string;
  /** Region that stored the order (from the order response). */
  readonly region: string;
  /** When the acknowledged attempt was sent, and when its 2xx arrived (epoch ms). */
  readonly sentAt: number;
  readonly ackAt: number;
  readonly attempts: number;
}

export class Journal {
  constructor(readonly file: string) {
    writeFileSync(file, "");
  }

  /** Synchronous append: the entry is on disk before the next order is counted. */
  append(e: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(e)}\n`);
  }

  read(): JournalEntry[] {
    return readJournal(this.file);
  }
}

export function readJournal(file: string): JournalEntry[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as JournalEntry);
}

/** One order row as the database holds it. */
export interface StoredOrder {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly customerId: string;
}

export interface Reconciliation {
  readonly acknowledged: number;
  readonly found: number;
  /** Acknowledged, yet not in the database: lost. */
  readonly missing: JournalEntry[];
  /** Acknowledgement times of the lost orders (the window of writes the failover lost), or null. */
  readonly lostWindow: { readonly from: number; readonly to: number } | null;
  /**
   * Logical orders stored more than once. The drill gives each logical order its own customer id, so two rows for
   * one customer (under any keys) or two acknowledged ids for one key are duplicates.
   */
  readonly duplicates: string[];
}

export function reconcile(
  journal: readonly JournalEntry[],
  stored: readonly StoredOrder[],
): Reconciliation {
  const storedIds = new Set(stored.map((s) => s.id));
  const missing = journal.filter((e) => !storedIds.has(e.id));

  const duplicates = new Set<string>();
  const idsByKey = new Map<string, Set<string>>();
  for (const e of journal) idsByKey.set(e.key, (idsByKey.get(e.key) ?? new Set()).add(e.id));
  for (const [key, ids] of idsByKey) if (ids.size > 1) duplicates.add(key);
  const rowsByCustomer = new Map<string, number>();
  for (const s of stored)
    rowsByCustomer.set(s.customerId, (rowsByCustomer.get(s.customerId) ?? 0) + 1);
  for (const [customer, n] of rowsByCustomer) if (n > 1) duplicates.add(customer);

  const lostTimes = missing.map((m) => m.ackAt);
  return {
    acknowledged: idsByKey.size,
    found: journal.filter((e) => storedIds.has(e.id)).length,
    missing,
    lostWindow: lostTimes.length
      ? { from: Math.min(...lostTimes), to: Math.max(...lostTimes) }
      : null,
    duplicates: [...duplicates].sort(),
  };
}
