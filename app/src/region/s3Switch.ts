/**
 * Reads the routing switch object with S3's GetObject: a data-plane call in the bucket's region, which needs
 * neither Route 53's API nor anything in the failing region (DESIGN.md decision 15).
 *
 * One read is bounded: `timeoutMs` for the whole call, SDK retries included, and at most `maxAttempts`
 * attempts, so a slow S3 never stacks up reads behind the poll interval.
 */
import { GetObjectCommand, NoSuchKey, S3Client } from "@aws-sdk/client-s3";

export interface S3SwitchOptions {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
  /** Path-style endpoint override: the drill's local stand-in, or any S3-compatible server. */
  readonly endpoint?: string;
  /** Defaults to `2000`. */
  readonly timeoutMs?: number;
  /** Defaults to `2`. */
  readonly maxAttempts?: number;
}

/** Answers the object's body, or undefined when the object does not exist. */
export type SwitchReader = () => Promise<string | undefined>;

export function s3SwitchReader(opts: S3SwitchOptions): { read: SwitchReader; close(): void } {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const local = opts.endpoint !== undefined && !process.env.AWS_ACCESS_KEY_ID;
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    // A local stand-in has no virtual-hosted bucket names (bucket.localhost); path-style works everywhere.
    forcePathStyle: opts.endpoint !== undefined,
    maxAttempts: opts.maxAttempts ?? 2,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: Math.min(1000, timeoutMs) },
    // A local stand-in checks no signature, and a bare machine has no AWS credentials to find.
    credentials: local ? { accessKeyId: "local", secretAccessKey: "local" } : undefined,
  });
  const read: SwitchReader = async () => {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: opts.bucket, Key: opts.key }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return (await out.Body?.transformToString()) ?? "";
    } catch (err) {
      // A missing object is an answer, not an outage: it says neither body (see SwitchFence).
      if (err instanceof NoSuchKey || (err as { name?: string }).name === "NoSuchKey")
        return undefined;
      throw err;
    }
  };
  return { read, close: () => client.destroy() };
}
