/**
 * Everything the drill creates on this machine lives in one temp directory owned by `postgres`, and every
 * process it starts is registered here, so `cleanup()` can remove all of it however the drill ends.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** PostgreSQL refuses to run as root (and CI runs as root), so its commands run as the `postgres` user. */
export async function runAsPostgres(
  cmd: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<string> {
  const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  try {
    const { stdout } = await run(file, argv, { timeout: timeoutMs, maxBuffer: 4 << 20 });
    return stdout;
  } catch (e) {
    const err = e as Error & { stderr?: string };
    throw new Error(
      `${path.basename(cmd)} failed: ${(err.stderr || err.message).trim().slice(0, 600)}`,
      { cause: e },
    );
  }
}

export class Sandbox {
  readonly dir: string;
  private readonly cleanups: { name: string; fn: () => Promise<void> }[] = [];
  /** Pids of process groups we started (storefronts) and postmasters; checked for leftovers after cleanup. */
  readonly pids = new Set<number>();
  /** Set once cleanup starts: a drill step still running after a hard timeout must not start anything new. */
  closed = false;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async create(): Promise<Sandbox> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "securecart-drill-"));
    if (isRoot) await run("chown", ["postgres:postgres", dir]);
    // The storefronts (running as us) write logs here too; the mode keeps it private to this machine's users.
    chmodSync(dir, 0o755);
    return new Sandbox(dir);
  }

  path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  /** Makes a subdirectory that postgres owns (data directories, archive, base backups). */
  async pgDir(name: string): Promise<string> {
    const p = this.path(name);
    await runAsPostgres("mkdir", ["-p", "-m", "700", p]);
    return p;
  }

  assertOpen(what: string): void {
    if (this.closed) throw new Error(`drill is shutting down; not starting ${what}`);
  }

  onCleanup(name: string, fn: () => Promise<void>): void {
    this.cleanups.push({ name, fn });
  }

  /** Runs every cleanup (latest first), never throwing, then deletes the directory. */
  async cleanup(): Promise<string[]> {
    this.closed = true;
    const errors: string[] = [];
    for (const c of this.cleanups.reverse()) {
      await c.fn().catch((e: Error) => errors.push(`${c.name}: ${e.message}`));
    }
    this.cleanups.length = 0;
    for (const pid of this.pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    return errors;
  }

  /** What is still alive or on disk after cleanup: must be empty. */
  leftovers(): string[] {
    const left: string[] = [];
    for (const pid of this.pids) if (alive(pid)) left.push(`process ${pid}`);
    if (existsSync(this.dir)) left.push(`directory ${this.dir}`);
    return left;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie child still answers kill(0); its /proc state says it is dead.
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return !/^\d+ \(.*\) Z/.test(stat);
    } catch {
      return true;
    }
  } catch {
    return false;
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(t), reject(signal!.reason));
    const t = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 100,
  signal?: AbortSignal,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ""}`,
      );
    await sleep(intervalMs, signal);
  }
}

/** A free TCP port on 127.0.0.1 (the OS picks it; we close and reuse it at once). Never 5432. */
export async function freePort(): Promise<number> {
  const net = await import("node:net");
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", reject);
      srv.listen(0, "127.0.0.1", () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === "object" && a ? a.port : 0));
      });
    });
    if (port !== 5432 && port > 0) return port;
  }
}
