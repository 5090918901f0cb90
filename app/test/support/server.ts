/** Runs the storefront as a child process on loopback, for crash and benchmark runs. */
import { ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export const APP_DIR = path.resolve(__dirname, "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** How to run the storefront: from source through ts-node (tests), or a compiled entry file (the bench). */
const FROM_SOURCE = ["-r", "ts-node/register/transpile-only", "src/server.ts"];

export async function startServer(
  env: Record<string, string>,
  port: number,
  timeoutMs = 30_000,
  entry?: string,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, entry ? [entry] : FROM_SOURCE, {
    cwd: APP_DIR,
    env: {
      ...process.env,
      TS_NODE_TRANSPILE_ONLY: "true",
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited during startup:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url, output: () => out, exited };
}
