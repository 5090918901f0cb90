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
 * Each checkout entry lives a random time between half the bound and the bound: entries filled together (at
 * start, after a blip) would otherwise expire together, and the burst of reads that follows stalled every
 * checkout behind it (the bench's p99 at 500 req/s: 50-150 ms with a fixed TTL, 16-23 ms with the reads spread).
 * Recommendations have their own cache (Redis) and pass through.
 */
import { Catalog, Product, ProductPage } from "./catalog";

/** How old a checkout price may be, from when its consistent read was sent. */
export const CHECKOUT_TTL_MS = 1000;

interface Entry<T> {
  /** When the entry stops being served (Date.now() scale). */
  until: number;
  value: Promise<T>;
}

export class MemoCatalog implements Catalog {
  private readonly browse = new Map<string, { at: number; value: Promise<unknown> }>();
  private readonly priced = new Map<string, Entry<Product | undefined>>();
  constructor(
    private readonly inner: Catalog,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 1000,
    private readonly checkoutTtlMs = CHECKOUT_TTL_MS,
    /** Where in [0, 1) an entry's lifetime falls between half the bound and the bound. */
    private readonly random: () => number = Math.random,
  ) {}

  get kind() {
    return this.inner.kind;
  }
  get endpoint() {
    return this.inner.endpoint;
  }

  list(limit: number, cursor?: string): Promise<ProductPage> {
    return this.remember(`l:${limit}:${cursor ?? ""}`, () => this.inner.list(limit, cursor));
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
    for (const id of new Set(ids)) {
      const hit = this.priced.get(id);
      if (hit && now < hit.until) reads.set(id, hit.value);
      else misses.push(id);
    }
    if (misses.length > 0) {
      if (this.priced.size + misses.length > this.maxEntries) this.priced.clear();
      const batch = this.inner.getMany(misses);
      for (const id of misses) {
        const value = batch.then((found) => found.get(id));
        const until = now + (this.checkoutTtlMs * (1 + this.random())) / 2;
        const entry = { until, value };
        this.priced.set(id, entry);
        // Failures are not kept, nor unknown ids: a product created a moment ago is sold at once, and ids a
        // client makes up do not crowd out the hot ones.
        const forget = () => this.priced.get(id) === entry && this.priced.delete(id);
        value.then((p) => p === undefined && forget(), forget);
        reads.set(id, value);
      }
    }
    const found = new Map<string, Product>();
    for (const [id, read] of reads) {
      const product = await read;
      if (product) found.set(id, product);
    }
    return found;
  }

  private remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.browse.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    if (this.browse.size >= this.maxEntries) this.browse.clear();
    // The promise itself is memoised so a burst of misses costs one backend read; failures are not kept.
    const value = load();
    this.browse.set(key, { at: now, value });
    value.catch(() => this.browse.delete(key));
    return value;
  }
}
