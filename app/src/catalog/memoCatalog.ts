/**
 * A short-lived in-process memo in front of the catalog's browse reads (list, get).
 *
 * Browsing is the hot path and the catalog changes rarely, so a page may be a couple of seconds stale. Checkout
 * does not go through the memo: getMany is always a consistent read, so prices and stock at order time are
 * current. Recommendations have their own cache (Redis) and pass through.
 */
import { Catalog, Product, ProductPage } from "./catalog";

export class MemoCatalog implements Catalog {
  private readonly memo = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(
    private readonly inner: Catalog,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 1000,
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
  getMany(ids: string[]): Promise<Map<string, Product>> {
    return this.inner.getMany(ids);
  }
  related(id: string, limit: number): Promise<Product[]> {
    return this.inner.related(id, limit);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }

  private remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.memo.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    if (this.memo.size >= this.maxEntries) this.memo.clear();
    // The promise itself is memoised so a burst of misses costs one backend read; failures are not kept.
    const value = load();
    this.memo.set(key, { at: now, value });
    value.catch(() => this.memo.delete(key));
    return value;
  }
}
