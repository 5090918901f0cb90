/**
 * `npm run drill -- [--tier T] [--duration 30s] [--rate 100] [--results DIR] [--no-failback] [--timeout 5m]`
 * Exit status 0 when every check passes, 1 when one fails or the drill errs, 2 on bad arguments.
 */
import path from "node:path";
import { DR_TIERS, DrTier, isDrTier } from "../../components/tiers/tierProfile";
import { parseCli, runCli, UsageError } from "../cli/args";
import type * as Drill from "./drill";
import type * as Report from "./report";

export interface CliArgs {
  tier: DrTier;
  durationMs: number;
  rate: number;
  resultsDir: string;
  failback: boolean;
  hardTimeoutMs: number;
}

export function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  if (!m) throw new Error(`not a duration: "${v}" (e.g. 30s, 500ms, 2m)`);
  const n = Number(m[1]);
  return Math.round(m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000);
}

export const USAGE = `usage: npm run drill -- [options]

Game day on this machine: two local regions (storefront + PostgreSQL each), load, a killed primary, the tier's
failover steps, a failback; prints the measured RTO, RPO and p99 beside the computed contract.

  --tier TIER          the tier to rehearse (default warm-standby): ${DR_TIERS.join(", ")}
  --duration D         load per phase, such as 30s, 500ms or 2m (default 30s)
  --rate N             orders per second, 1 to 2000 (default 100)
  --results DIR        where the report and timeline go (default drill-results)
  --no-failback        stop after the failover
  --timeout D          hard limit for the whole drill (default 2 x duration + 4m)
  -h, --help           print this help

Exit status: 0 every check passed, 1 a check failed or the drill erred, 2 a usage error.`;

const OPTIONS = {
  tier: { type: "string" },
  duration: { type: "string" },
  rate: { type: "string" },
  results: { type: "string" },
  "no-failback": { type: "boolean" },
  timeout: { type: "string" },
} as const;

/** A duration flag's value, or a UsageError naming the flag. */
function durationOf(flag: string, v: string): number {
  try {
    return parseDuration(v);
  } catch (e) {
    throw new UsageError(`--${flag}: ${(e as Error).message}`);
  }
}

export function parseArgs(argv: string[]): CliArgs {
  const { values: v } = parseCli({ name: "drill", usage: USAGE, options: OPTIONS }, argv);
  const tier = v.tier ?? "warm-standby";
  if (!isDrTier(tier))
    throw new UsageError(`--tier must be ${DR_TIERS.join(", ")} (got "${tier}")`);
  const rate = v.rate === undefined ? 100 : Number(v.rate);
  if (!(rate > 0 && rate <= 2000))
    throw new UsageError(`--rate must be between 1 and 2000 orders per second (got "${v.rate}")`);
  const durationMs = v.duration === undefined ? 30_000 : durationOf("duration", v.duration);
  const timeout = v.timeout === undefined ? 0 : durationOf("timeout", v.timeout);
  return {
    tier,
    durationMs,
    rate,
    resultsDir: v.results ?? "drill-results",
    failback: !(v["no-failback"] ?? false),
    // Set-up, two phases of load with a failover each, and teardown, with room for slow machines.
    hardTimeoutMs: timeout || 2 * durationMs + 240_000,
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // Loaded after the arguments are read: the drill's modules take seconds to load, which --help must not wait for.
  const { runDrill } = require("./drill") as typeof Drill;
  const { passed, table, writeReport } = require("./report") as typeof Report;
  const t0 = Date.now();
  const log = (line: string) =>
    process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
  const stop = new AbortController();
  process.on("SIGINT", () => stop.abort());
  process.on("SIGTERM", () => stop.abort());
  const result = await runDrill({
    ...args,
    resultsDir: path.resolve(args.resultsDir),
    log,
    signal: stop.signal,
  });
  writeReport(result);
  process.stdout.write(`${table(result)}\n`);
  // exit(), not exitCode: the drill's children and sockets must not keep the process alive after the report.
  process.exit(passed(result) ? 0 : 1);
}

if (require.main === module) runCli("drill", main);
