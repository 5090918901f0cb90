/**
 * Short-lived in-process memos in front of the catalog.
 *
 * Browse reads (list, get) may be a couple of seconds stale: the catalog changes rarely and browsing is the hot
 * path. Checkout's prices and stock (getMany) come from strongly consistent reads, memoised per product for at
 * most CHECKOUT_TTL_MS from when the read was sent. That bound is the staleness the catalog already has across
 * Regions: an MREC global table replicates an item change to the other replicas asynchronously, "typically
 * within one second" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html),
 * so a price written in one Region reaches checkouts in the other no sooner. What it saves is one BatchGetItem
 * per order on a hot product (a strongly consistent read takes one read unit per 4 KB, an eventual one half:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html). Stock is
 * checked, not reserved (README, design notes), so a second-old stock figure loses no guarantee.
 * Entries that are used get refreshed ahead of expiry: the first hit past half an entry's life, or any miss, sends
 * one BatchGetItem (up to its 100 keys) for the misses and for every used entry past half its life, while those
 * keep serving their current value. The hot products are then read once per half second in one call instead of
 * one call each, and never expire together into a burst of reads (one full SDK call per product: in the bench,
 * that burst stalled every checkout behind it).
 * Recommendations have their own cache (Redis) and pass through.
 */
import { Catalog, Product, ProductPage } from "./catalog";

/** How old a checkout price may be, from when its consistent read was sent. */
export const CHECKOUT_TTL_MS = 1000;

/** BatchGetItem's limit on keys per call (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html). */
const BATCH_KEYS = 100;

interface Priced {
  /** When the entry stops being served (Date.now() scale): checkoutTtlMs after its read was sent. */
  until: number;
  value: Promise<Product | undefined>;
  /** Served since it was read: worth refreshing ahead of its expiry. */
  used: boolean;
  /** A refresh of it is in flight. */
  refreshing: boolean;
}

interface Browsed {
  at: number;
  value: Promise<unknown>;
  /** Set once the read has landed, for listCached. */
  resolved?: { value: unknown };
}

export class MemoCatalog implements Catalog {
  private readonly browse = new Map<string, Browsed>();
  private readonly priced = new Map<string, Priced>();
  constructor(
    private readonly inner: Catalog,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 1000,
    private readonly checkoutTtlMs = CHECKOUT_TTL_MS,
  ) {}

  get kind() {
    return this.inner.kind;
  }
  get endpoint() {
    return this.inner.endpoint;
  }

  list(limit: number, cursor?: string): Promise<ProductPage> {
    return this.remember(listKey(limit, cursor), () => this.inner.list(limit, cursor));
  }
  listCached(limit: number, cursor?: string): ProductPage | undefined {
    const hit = this.browse.get(listKey(limit, cursor));
    if (!hit?.resolved || Date.now() - hit.at >= this.ttlMs) return undefined;
    return hit.resolved.value as ProductPage;
  }
  get(id: string): Promise<Product | undefined> {
    return this.remember(`g:${id}`, () => this.inner.get(id));
  }
  related(id: string, limit: number): Promise<Product[]> {
    return this.inner.related(id, limit);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }

  /** One consistent read for the products with no fresh checkout entry; the others from the memo. */
  async getMany(ids: string[]): Promise<Map<string, Product>> {
    const now = Date.now();
    const reads = new Map<string, Promise<Product | undefined>>();
    const misses: string[] = [];
    let ageing = false;
    for (const id of new Set(ids)) {
      const hit = this.priced.get(id);
      if (hit && now < hit.until) {
        hit.used = true;
        reads.set(id, hit.value);
        ageing ||= this.pastHalfLife(hit, now);
      } else misses.push(id);
    }
    // A hit past half its life starts the refresh in the background: the hot set is read again before it
    // expires, so its products do not all miss at once.
    if (misses.length > 0 || ageing) this.read(misses, now, reads);
    const found = new Map<string, Product>();
    for (const [id, read] of reads) {
      const product = await read;
      if (product) found.set(id, product);
    }
    return found;
  }

  /** Reads the misses, and refreshes the used entries past half their life along with them. */
  private read(misses: string[], now: number, reads: Map<string, Promise<Product | undefined>>) {
    if (this.priced.size + misses.length > this.maxEntries) this.priced.clear();
    const ahead: string[] = [];
    for (const [id, e] of this.priced) {
      if (misses.length + ahead.length >= BATCH_KEYS) break;
      if (e.used && this.pastHalfLife(e, now) && now < e.until) ahead.push(id);
    }
    if (misses.length + ahead.length === 0) return;
    const batch = this.inner.getMany([...misses, ...ahead]);
    const until = now + this.checkoutTtlMs;
    for (const id of misses) {
      const value = batch.then((found) => found.get(id));
      const entry: Priced = { until, value, used: false, refreshing: false };
      this.priced.set(id, entry);
      // Failures are not kept, nor unknown ids: a product created a moment ago is sold at once, and ids a
      // client makes up do not crowd out the hot ones.
      const forget = () => this.priced.get(id) === entry && this.priced.delete(id);
      value.then((p) => p === undefined && forget(), forget);
      reads.set(id, value);
    }
    // A refreshed entry keeps serving its current value until the new one lands; a failed refresh leaves it to
    // expire on time.
    const refreshed = ahead.map((id) => ({ id, entry: this.priced.get(id)! }));
    for (const { entry } of refreshed) entry.refreshing = true;
    // Only an entry still in place is replaced: one read since (a miss after it expired) is newer than this one.
    const current = (id: string, entry: Priced) => this.priced.get(id) === entry;
    batch.then(
      (found) => {
        for (const { id, entry } of refreshed) {
          if (!current(id, entry)) continue;
          const p = found.get(id);
          if (!p) this.priced.delete(id);
          else
            this.priced.set(id, {
              until,
              value: Promise.resolve(p),
              used: false,
              refreshing: false,
            });
        }
      },
      () => {
        for (const { entry } of refreshed) entry.refreshing = false;
      },
    );
  }

  private pastHalfLife(e: Priced, now: number): boolean {
    return !e.refreshing && e.until - now < this.checkoutTtlMs / 2;
  }

  private remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.browse.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    if (this.browse.size >= this.maxEntries) this.browse.clear();
    // The promise itself is memoised so a burst of misses costs one backend read; failures are not kept.
    const value = load();
    const entry: Browsed = { at: now, value };
    this.browse.set(key, entry);
    value.then(
      (v) => (entry.resolved = { value: v }),
      () => this.browse.get(key) === entry && this.browse.delete(key),
    );
    return value;
  }
}

function listKey(limit: number, cursor?: string): string {
  return `l:${limit}:${cursor ?? ""}`;
}
