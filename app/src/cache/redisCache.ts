/**
 * Redis (ElastiCache in AWS) through ioredis, tuned to fail fast: with the offline queue disabled, a command while
 * disconnected rejects at once instead of waiting for a reconnect, and a command on a hung connection times out.
 * ioredis keeps reconnecting in the background, so the cache comes back by itself after a failover.
 * rediss:// URLs enable TLS (ElastiCache in-transit encryption).
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

  async close(): Promise<void> {
    // quit() needs a live connection; disconnect() always works and stops reconnecting.
    if (this.client.status === "ready") await this.client.quit().catch(() => this.client.disconnect());
    else this.client.disconnect();
  }
}
