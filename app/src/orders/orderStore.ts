/**
 * Orders and payments in SQL (Postgres or PGlite through Db).
 *
 * Idempotency is enforced by the UNIQUE idempotency_key: the insert is ON CONFLICT DO NOTHING, so of N concurrent
 * duplicates exactly one inserts and the others fall through to reading the winner. The order and its payment are
 * written by one statement (place_order(), migration 2), which Postgres runs as one transaction: both or neither.
 *
 * Checkout goes through createChecked(): the fraud velocity count and the insert are decided in one transaction
 * under a per-customer advisory lock, so concurrent orders of one customer are counted one after the other and the
 * limit holds exactly (DESIGN.md, Storefront, "Fraud limits").
 */
import { randomUUID } from "node:crypto";
import type { Address, Order, PricedLine } from "../schemas";
import { Db, Query } from "./db";
import { DbEndpoints } from "./dbEndpoints";

/**
 * The first key of pg_advisory_xact_lock(int, int): a namespace for per-customer locks. The two-int form is a
 * key space of its own, apart from the one-bigint form the migrations lock uses
 * (https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS).
 */
const CUSTOMER_LOCK_SPACE = 8111;

/** What the caller decides once it knows the customer's recent order count (validation + fraud checks). */
export type { Order };

export type OrderDecision<R> = { ok: true; order: NewOrder } | { ok: false; rejection: R };

export type CheckedCreate<R> =
  { kind: "created" | "replayed"; stored: StoredOrder } | { kind: "rejected"; rejection: R };

export interface NewOrder {
  idempotencyKey: string;
  requestHash: string;
  customerId: string;
  lines: PricedLine[];
  totalCents: number;
  currency: string;
  shippingAddress: Address;
  billingAddress?: Address;
  region: string;
}

export interface StoredOrder {
  order: Order;
  requestHash: string;
}

interface OrderRow {
  id: string;
  status: string;
  customer_id: string;
  total_cents: string | number;
  currency: string;
  items: PricedLine[] | string;
  region: string;
  created_at: Date | string;
  request_hash: string;
}

const COLUMNS =
  "id, status, customer_id, total_cents, currency, items, region, created_at, request_hash";

/** One checkout as createChecked's paths pass it on. */
interface Checkout<R> {
  idempotencyKey: string;
  customerId: string;
  windowMinutes: number;
  decide: (recentOrderCount: number) => Promise<OrderDecision<R>>;
}

export class OrderStore {
  private readonly dbs: DbEndpoints;

  /** A single Db serves every query (tests, embedded); DbEndpoints splits writer and reader (decision 16). */
  constructor(db: Db | DbEndpoints) {
    this.dbs = db instanceof DbEndpoints ? db : DbEndpoints.single(db);
  }

  get kind(): string {
    return this.dbs.writer.kind;
  }
  get endpoint(): string {
    return this.dbs.writer.endpoint;
  }
  get readerEndpoint(): string {
    return this.dbs.reader.endpoint;
  }

  /**
   * Checkout: answer a replay of `idempotencyKey`, else count the customer's orders of the last `windowMinutes`,
   * let `decide` accept or refuse with that count, and insert what it accepts, with the count and the insert
   * decided in one transaction serialized per customer (DESIGN.md, Storefront, "Fraud limits").
   *
   * One statement in the common case, a customer's first order of the window: `decide` is asked as if the count
   * were 0, and place_order() (migration 2) takes the customer's lock, counts, and inserts only if the count is
   * indeed 0; a key already used makes it insert nothing and answer with the order that holds the key. Anything
   * else takes the counted path (createCounted): a customer with recent orders (place_order counted more), a
   * refusal (it may be a replay, or need the real count in its reasons), or a decision that failed (a replay is
   * answered without one). So nothing is inserted on a count other than the one its decision saw.
   */
  async createChecked<R>(
    idempotencyKey: string,
    customerId: string,
    windowMinutes: number,
    decide: (recentOrderCount: number) => Promise<OrderDecision<R>>,
  ): Promise<CheckedCreate<R>> {
    const q = this.writerQuery();
    let first: OrderDecision<R>;
    try {
      first = await decide(0);
    } catch (err) {
      // The validator or the catalog failed: a replay is still answered from the database; a new order is not.
      const seen = await lookupAndCount(q, idempotencyKey, customerId, windowMinutes);
      if (seen.existing) return { kind: "replayed", stored: seen.existing };
      throw err;
    }
    if (first.ok) {
      const placed = await placeOrder(q, first.order, windowMinutes, 0);
      if (placed !== "recounted") return settle(q, first.order, placed);
    }
    return this.createCounted({ idempotencyKey, customerId, windowMinutes, decide });
  }

  /**
   * createChecked's counted path, two statements and no open transaction: the replay lookup and the count, then
   * place_order() with that count. If another order of the customer landed in between, the count differs and
   * checkout decides again in a transaction that holds the lock from the start (createLocked), so concurrent
   * orders of one customer are decided one after the other and the limit holds exactly. A refusal needs no
   * second look: it was right for the count of its moment, and it writes nothing.
   */
  private async createCounted<R>(c: Checkout<R>): Promise<CheckedCreate<R>> {
    const { idempotencyKey, customerId, windowMinutes, decide } = c;
    const q = this.writerQuery();
    const seen = await lookupAndCount(q, idempotencyKey, customerId, windowMinutes);
    if (seen.existing) return { kind: "replayed", stored: seen.existing };
    const decision = await decide(seen.recent);
    if (!decision.ok) return { kind: "rejected", rejection: decision.rejection };
    const placed = await placeOrder(q, decision.order, windowMinutes, seen.recent);
    if (placed !== "recounted") return settle(q, decision.order, placed);
    return this.createLocked(c);
  }

  /** Writes and the reads that decide them: the global writer endpoint, never a replica that may lag. */
  private writerQuery(): Query {
    return (sql, params) => this.dbs.writer.query(sql, params);
  }

  /** createChecked's contended path: the whole decision in one transaction that takes the lock first. */
  private async createLocked<R>(c: Checkout<R>): Promise<CheckedCreate<R>> {
    const { idempotencyKey, customerId, windowMinutes, decide } = c;
    const writer = this.dbs.writer;
    if (!writer.transaction)
      throw new Error(`the ${writer.kind} database does not support transactions`);
    return writer.transaction(
      async (q): Promise<CheckedCreate<R>> => {
        // Under the lock, in a statement of its own: READ COMMITTED takes this statement's snapshot after the lock
        // was granted, so it sees every order committed by the customer's previous holder of the lock.
        const { existing, recent } = await lookupAndCount(
          q,
          idempotencyKey,
          customerId,
          windowMinutes,
        );
        if (existing) return { kind: "replayed", stored: existing };
        const decision = await decide(recent);
        if (!decision.ok) return { kind: "rejected", rejection: decision.rejection };
        // place_order takes the lock again (held already: it stacks) and counts with the transaction's now(), so
        // it counts what lookupAndCount counted.
        const placed = await placeOrder(q, decision.order, windowMinutes, recent);
        if (placed === "recounted")
          throw new Error(`the order count of customer ${customerId} changed under its lock`);
        return settle(q, decision.order, placed);
      },
      { lock: [CUSTOMER_LOCK_SPACE, customerLockKey(customerId)] },
    );
  }

  async findByKey(idempotencyKey: string): Promise<StoredOrder | undefined> {
    // The idempotency lookup decides whether to write, and after a lost race reads the winner's fresh row: a
    // replica that has not replayed it yet would make a retry create a second order. Always the writer.
    return findByKey((sql, params) => this.dbs.writer.query(sql, params), idempotencyKey);
  }

  async get(id: string): Promise<Order | undefined> {
    // GET /api/orders/:id tolerates lag in a recovery region (it took none of the writes), not in a primary,
    // where the client may be reading the order it just placed: forReads() picks accordingly.
    const rows = await this.dbs
      .forReads()
      .query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE id = $1`, [id]);
    return rows[0] ? toOrder(rows[0]) : undefined;
  }

  /** Feeds the velocity fraud signal. */
  async recentOrderCount(customerId: string, windowMinutes: number): Promise<number> {
    // Part of a write decision (the fraud velocity check): a lagging replica would let a burst through.
    return countRecent(
      (sql, params) => this.dbs.writer.query(sql, params),
      customerId,
      windowMinutes,
    );
  }

  /**
   * The deep health check of what this region can do: a primary must reach the writer (it takes checkouts), a
   * recovery region only its reader (it serves reads, and the writer may be in a region that is down).
   */
  async ping(): Promise<void> {
    await this.dbs.forReads().query("SELECT 1");
  }

  /** The writer's configuration problem, if it has one (unknown database, bad credentials, missing grant). */
  problem() {
    return (
      this.dbs.writer.problem?.() ?? (this.dbs.distinct ? this.dbs.reader.problem?.() : undefined)
    );
  }
}

async function findByKey(q: Query, idempotencyKey: string): Promise<StoredOrder | undefined> {
  const rows = await q<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE idempotency_key = $1`, [
    idempotencyKey,
  ]);
  return rows[0] ? { order: toOrder(rows[0]), requestHash: rows[0].request_hash } : undefined;
}

/** The order holding the key (a replay) and the customer's recent order count, in one round trip. */
async function lookupAndCount(
  q: Query,
  idempotencyKey: string,
  customerId: string,
  windowMinutes: number,
): Promise<{ existing?: StoredOrder; recent: number }> {
  const rows = await q<Partial<OrderRow> & { recent: string | number }>(
    `SELECT (SELECT count(*) FROM orders WHERE customer_id = $2 AND created_at > now() - make_interval(mins => $3)) AS recent,
            k.*
       FROM (SELECT 1) AS one LEFT JOIN (SELECT ${COLUMNS} FROM orders WHERE idempotency_key = $1) AS k ON true`,
    [idempotencyKey, customerId, windowMinutes],
  );
  const row = rows[0]!;
  const existing = row.id
    ? { order: toOrder(row as OrderRow), requestHash: row.request_hash! }
    : undefined;
  return { existing, recent: Number(row.recent) };
}

/**
 * The customer's lock key: 32-bit FNV-1a of the id, as a signed int4. Computed here rather than with hashtext()
 * so that it can go in the BEGIN round trip as a literal; every task runs this same code, so all agree on it.
 */
export function customerLockKey(customerId: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(customerId, "utf8")) h = Math.imul(h ^ byte, 0x01000193);
  return h | 0;
}

async function countRecent(q: Query, customerId: string, windowMinutes: number): Promise<number> {
  const rows = await q<{ n: string | number }>(
    `SELECT count(*) AS n FROM orders WHERE customer_id = $1 AND created_at > now() - make_interval(mins => $2)`,
    [customerId, windowMinutes],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * What place_order() did: inserted the order and its payment (with their time), found the key taken by an order
 * that committed meanwhile, or found that the customer's count is no longer `counted`.
 */
type Placed = { id: string; createdAt: Date | string } | "taken" | "recounted";

async function placeOrder(
  q: Query,
  o: NewOrder,
  windowMinutes: number,
  counted: number,
): Promise<Placed> {
  const id = `ord_${randomUUID()}`;
  const rows = await q<{ outcome: string; placed_at: Date | string | null }>(
    `SELECT outcome, placed_at FROM place_order($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      CUSTOMER_LOCK_SPACE,
      customerLockKey(o.customerId),
      windowMinutes,
      counted,
      id,
      o.idempotencyKey,
      o.requestHash,
      o.customerId,
      o.totalCents,
      o.currency,
      JSON.stringify(o.lines),
      JSON.stringify(o.shippingAddress),
      o.billingAddress ? JSON.stringify(o.billingAddress) : null,
      o.region,
      `pay_${randomUUID()}`,
    ],
  );
  const row = rows[0];
  if (row?.outcome === "created" && row.placed_at) return { id, createdAt: row.placed_at };
  if (row?.outcome === "taken" || row?.outcome === "recounted") return row.outcome;
  throw new Error(`place_order answered ${JSON.stringify(row)}`);
}

/** The stored order once place_order() created it, or the order that holds its key. */
async function settle<R>(
  q: Query,
  o: NewOrder,
  placed: Exclude<Placed, "recounted">,
): Promise<CheckedCreate<R>> {
  if (placed !== "taken") {
    const order: Order = {
      id: placed.id,
      status: "confirmed",
      customerId: o.customerId,
      totalCents: o.totalCents,
      currency: o.currency,
      items: o.lines,
      region: o.region,
      createdAt: new Date(placed.createdAt).toISOString(),
    };
    return { kind: "created", stored: { order, requestHash: o.requestHash } };
  }
  // The same key under another customer's lock won: ON CONFLICT waited for that winner to commit, and this read
  // has a snapshot of its own, so the winner's row is visible here.
  const winner = await findByKey(q, o.idempotencyKey);
  if (!winner)
    throw new Error(`order for idempotency key ${o.idempotencyKey} vanished after insert`);
  return { kind: "replayed", stored: winner };
}

function toOrder(r: OrderRow): Order {
  return {
    id: r.id,
    status: r.status,
    customerId: r.customer_id,
    totalCents: Number(r.total_cents),
    currency: r.currency,
    items: typeof r.items === "string" ? (JSON.parse(r.items) as PricedLine[]) : r.items,
    region: r.region,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
