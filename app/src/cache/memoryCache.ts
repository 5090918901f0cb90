/** In-process cache for runs without Redis; bounded so it cannot grow without limit. */
import { Cache } from "./cache";

export class MemoryCache implements Cache {
  readonly kind = "memory" as const;
  readonly endpoint = "in-process";
  private readonly entries = new Map<string, { value: string; expires: number }>();
  constructor(private readonly maxEntries = 10_000) {}

  async get(key: string): Promise<string | null> {
    const e = this.entries.get(key);
    if (!e) return null;
    if (e.expires <= Date.now()) {
      this.entries.delete(key);
      return null;
    }
    return e.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (this.entries.size >= this.maxEntries) {
      // Evict the oldest insertion; Map iterates in insertion order.
      const first = this.entries.keys().next();
      if (!first.done) this.entries.delete(first.value);
    }
    this.entries.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }
}
