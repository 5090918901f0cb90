/**
 * The recommendations cache. It is never critical: cachedJson() treats every cache failure as a miss, so an outage
 * degrades to the source of truth instead of surfacing as an error.
 */
export interface Cache {
  readonly kind: "redis" | "memory";
  readonly endpoint: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  ping(): Promise<void>;
  /** The circuit breaker's state, for caches behind one (breakerCache.ts). */
  state?(): BreakerState;
  close(): Promise<void>;
}

export type BreakerState = "closed" | "open" | "half-open";

export interface CacheOutcome<T> {
  value: T;
  hit: boolean;
}

/** Cache-aside: read the cache, else load from the source and store with a TTL. */
export async function cachedJson<T>(
  cache: Cache,
  key: string,
  ttlSeconds: number,
  load: () => Promise<T>,
  onCacheError?: (err: unknown) => void,
): Promise<CacheOutcome<T>> {
  try {
    const raw = await cache.get(key);
    if (raw !== null) return { value: JSON.parse(raw) as T, hit: true };
  } catch (err) {
    onCacheError?.(err);
  }
  const value = await load();
  // Not awaited by the caller's latency: a slow or dead cache must not slow the response.
  cache.set(key, JSON.stringify(value), ttlSeconds).catch((err) => onCacheError?.(err));
  return { value, hit: false };
}
