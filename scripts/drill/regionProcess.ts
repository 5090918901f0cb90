/**
 * The REAL storefront (app/src/server.ts) as one region's compute, in its own process group so that a SIGKILL of
 * the group is the region's compute dying at once, and cleanup can never leave a child behind.
 */
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, openSync, closeSync } from "node:fs";
import path from "node:path";
import { Sandbox, waitFor } from "./sandbox";

const ROOT = path.resolve(__dirname, "../..");

export interface StorefrontSpec {
  readonly region: string;
  readonly port: number;
  /** Port of the global writer endpoint stand-in (writerEndpoint.ts): DB_HOST, as in AWS (decision 16). */
  readonly writerPort: number;
  /** Port of this region's own cluster: DB_READER_HOST, its reader endpoint. */
  readonly readerPort: number;
  /** auto follows the global topology (globalTopology.ts); active-active pins `primary` (decision 4). */
  readonly role: "auto" | "primary" | "recovery";
  /** How often `auto` re-checks the database. The drill uses 1 s; production keeps the 5 s default. */
  readonly rolePollMs: number;
  /** The routing switch as this region's write fence; absent where the tier has no switch. */
  readonly fence?: StorefrontFence;
}

export interface StorefrontFence {
  /** s3://bucket/key of the switch object. */
  readonly uri: string;
  readonly region: string;
  /** `primary=on` in the primary region, `primary=off` in the recovery region. */
  readonly allows: string;
  /** The S3 stand-in's address (s3StandIn.ts). */
  readonly endpoint: string;
  readonly pollMs: number;
}

/** The storefront's environment: the same variables the ECS task sets, pointed at the local stand-ins. */
export function storefrontEnv(spec: StorefrontSpec): Record<string, string> {
  return {
    PORT: String(spec.port),
    HOST: "127.0.0.1",
    REGION: spec.region,
    REGION_ROLE: spec.role,
    ROLE_POLL_MS: String(spec.rolePollMs),
    DB_HOST: "127.0.0.1",
    DB_PORT: String(spec.writerPort),
    DB_READER_HOST: "127.0.0.1",
    // Aurora's two endpoints share a port; the drill's stand-ins are told apart by port only.
    DB_READER_PORT: String(spec.readerPort),
    DB_NAME: "postgres",
    DB_USER: "postgres",
    // The clusters trust loopback; the storefront wants a credential with DB_HOST, so it gets one it never uses.
    DB_PASSWORD: "drill-trust",
    DB_SSL: "false",
    DB_POOL_MAX: "8",
    HEALTH_TIMEOUT_MS: "500",
    LOG_LEVEL: "warn",
    ...(spec.fence
      ? {
          WRITE_FENCE_S3_URI: spec.fence.uri,
          WRITE_FENCE_REGION: spec.fence.region,
          WRITE_FENCE_ALLOWS: spec.fence.allows,
          WRITE_FENCE_POLL_MS: String(spec.fence.pollMs),
          S3_ENDPOINT: spec.fence.endpoint,
        }
      : {}),
  };
}

/** Compiled output when present (faster start); otherwise the TypeScript sources through ts-node. */
function entry(): string[] {
  const dist = path.join(ROOT, "app/dist/server.js");
  if (existsSync(dist)) return [dist];
  return ["-r", "ts-node/register/transpile-only", path.join(ROOT, "app/src/server.ts")];
}

export class Storefront {
  private child?: ChildProcess;
  readonly logFile: string;

  constructor(
    private readonly sandbox: Sandbox,
    readonly spec: StorefrontSpec,
  ) {
    this.logFile = sandbox.path(`storefront-${spec.region}.log`);
    sandbox.onCleanup(`kill ${spec.region} storefront`, async () => this.kill());
  }

  get url(): string {
    return `http://127.0.0.1:${this.spec.port}`;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Starts the process and resolves once /healthz answers (the process is up; its database may not be). */
  async start(timeoutMs = 60_000, signal?: AbortSignal): Promise<void> {
    if (this.running) return;
    this.sandbox.assertOpen(`${this.spec.region} storefront`);
    const out = openSync(this.logFile, "a");
    const child = spawn(process.execPath, ["--stack-trace-limit=0", ...entry()], {
      cwd: ROOT,
      detached: true, // own process group: kill(-pid) takes the whole region's compute down
      stdio: ["ignore", out, out],
      env: { PATH: process.env.PATH, NODE_ENV: "production", ...storefrontEnv(this.spec) },
    });
    closeSync(out);
    this.child = child;
    if (child.pid) this.sandbox.pids.add(child.pid);
    await waitFor(
      `${this.spec.region} storefront on :${this.spec.port}`,
      async () => {
        if (!this.running)
          throw new Error(`exited (${child.exitCode ?? child.signalCode}); see ${this.logFile}`);
        const r = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(500) });
        return r.ok ? true : undefined;
      },
      timeoutMs,
      100,
      signal,
    );
  }

  /** The fault: SIGKILL to the whole process group, no draining. */
  kill(): void {
    const pid = this.child?.pid;
    if (pid && this.running) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* gone already */
      }
    }
  }

  /** A planned stop (failback): SIGTERM lets in-flight requests finish. */
  async stop(timeoutMs = 12_000): Promise<void> {
    const child = this.child;
    if (!child?.pid || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => this.kill(), timeoutMs);
    await exited;
    clearTimeout(timer);
  }

  async get<T>(p: string, timeoutMs = 1000): Promise<{ status: number; body: T }> {
    const r = await fetch(`${this.url}${p}`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: r.status, body: (await r.json()) as T };
  }
}
