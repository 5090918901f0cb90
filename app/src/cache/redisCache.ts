/**
 * Redis (ElastiCache in AWS) through ioredis, tuned to fail fast (options from the ioredis README/API docs,
 * https://github.com/redis/ioredis#readme, checked against ioredis 5 built/Redis.js):
 * - `enableOfflineQueue: false`: a command while disconnected rejects at once instead of waiting for a reconnect;
 * - `commandTimeout`: a command on a connection that went silent rejects ("Command timed out") after 250 ms;
 * - `connectTimeout`: bounds the TCP connect only (the timer is cleared on the socket's connect event), so a
 *   server that accepts but never answers leaves the client in `connect` status; with the offline queue off,
 *   commands then fail at once, and reset() starts over;
 * - `maxRetriesPerRequest: 1`: a command is retried at most once across a reconnect;
 * - `keepAlive`: TCP keepalive after 10 s idle, so a vanished node is noticed by the kernel.
 * ioredis keeps reconnecting in the background, so the cache comes back by itself after a failover; the breaker
 * around it (breakerCache.ts) stops paying timeouts meanwhile. rediss:// URLs enable TLS (in-transit encryption).
 */
import Redis from "ioredis";
import { Cache } from "./cache";

export interface RedisCacheOptions {
  url: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  keyPrefix?: string;
  onError?: (err: Error) => void;
}

export class RedisCache implements Cache {
  readonly kind = "redis" as const;
  readonly endpoint: string;
  readonly client: Redis;

  constructor(opts: RedisCacheOptions) {
    const u = new URL(opts.url);
    this.endpoint = `${u.protocol}//${u.hostname}:${u.port || 6379}`;
    this.client = new Redis(opts.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: opts.connectTimeoutMs ?? 500,
      commandTimeout: opts.commandTimeoutMs ?? 250,
      keyPrefix: opts.keyPrefix ?? "securecart:",
      // Back off up to 2 s between reconnects; never give up, the cache is expected to return.
      retryStrategy: (times) => Math.min(times * 100, 2000),
      keepAlive: 10_000,
      tls: u.protocol === "rediss:" ? {} : undefined,
      lazyConnect: false,
    });
    // Without a listener ioredis reports every failed reconnect as an unhandled error event.
    this.client.on("error", (err: Error) => opts.onError?.(err));
  }

  /** Resolves once connected (startup checks, tests); rejects after `timeoutMs`. */
  async ready(timeoutMs = 2000): Promise<void> {
    if (this.client.status === "ready") return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off("ready", onReady);
        reject(new Error(`redis not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once("ready", onReady);
    });
  }

  async get(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.client.set(key, value, "EX", ttlSeconds);
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  /**
   * Drops the connection and reconnects. A command that timed out stays in ioredis' queue waiting for its reply;
   * if the bytes were lost (not merely late), later replies would be matched to the wrong commands, so after
   * repeated timeouts the connection's state is unknown and only a new one is safe.
   */
  reset(): void {
    this.client.disconnect(true);
  }

  async close(): Promise<void> {
    // quit() needs a live connection; disconnect() always works and stops reconnecting.
    if (this.client.status === "ready")
      await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
