/**
 * `npm run storefront` as a developer runs it, from the repository root: a config error is the storefront's own
 * message with nothing from npm after it, SIGTERM to npm stops node (no orphan left listening), and no AWS SDK
 * Node-version warning reaches the output.
 */
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { freePort } from "./support/server";

const ROOT = path.resolve(__dirname, "..", "..");

function npmStorefront(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  // The test process itself runs with the SDK warning off (.mocharc.json): the storefront must turn it off alone.
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quiet, ...inherited } = process.env;
  const child = spawn("npm", ["run", "storefront"], {
    cwd: ROOT,
    env: { ...inherited, HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, output: () => out, exited };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

describe("npm run storefront", function () {
  this.timeout(90_000);

  it("a config error is one message from the storefront, exit 2, and no npm error lines", async () => {
    const run = npmStorefront({ PORT: "eighty" });
    assert.equal(await run.exited, 2);
    assert.match(run.output(), /PORT must be an integer from 0 to 65535 \(got "eighty"\)/);
    assert.doesNotMatch(run.output(), /^npm error/m);
    assert.doesNotMatch(run.output(), /NodeVersionSupportWarning/);
  });

  it("SIGTERM to npm stops the storefront; no SDK warning on the way", async () => {
    const port = await freePort();
    const run = npmStorefront({ PORT: String(port) });
    const url = `http://127.0.0.1:${port}/healthz`;
    const deadline = Date.now() + 60_000;
    while (!(await answers(url))) {
      assert.ok(Date.now() < deadline, `did not start:\n${run.output()}`);
      assert.equal(run.child.exitCode, null, `exited during startup:\n${run.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // A catalog read builds the SDK clients, which is when the SDK would warn.
    await fetch(`http://127.0.0.1:${port}/api/products`);
    run.child.kill("SIGTERM");
    const code = await run.exited;
    const stopped = Date.now() + 15_000;
    while (await answers(url)) {
      assert.ok(Date.now() < stopped, "node still listening after npm exited on SIGTERM");
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(code === 0 || code === null || code === 143, `npm exit ${code}:\n${run.output()}`);
    assert.doesNotMatch(run.output(), /NodeVersionSupportWarning/);
    assert.doesNotMatch(run.output(), /^npm error/m);
  });
});
