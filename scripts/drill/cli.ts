/**
 * `npm run drill -- [--tier T] [--duration 30s] [--rate 100] [--results DIR] [--no-failback] [--timeout 5m]`
 * Exit status 0 when every check passes, 1 when one fails or the drill errs, 2 on bad arguments.
 */
import path from "node:path";
import { DrTier, isDrTier } from "../../components/tiers/tierProfile";
import { runDrill } from "./drill";
import { passed, table, writeReport } from "./report";

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

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    tier: "warm-standby",
    durationMs: 30_000,
    rate: 100,
    resultsDir: "drill-results",
    failback: true,
    hardTimeoutMs: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split("=", 2);
    const value = () => inline ?? argv[++i] ?? "";
    switch (flag) {
      case "--tier": {
        const t = value();
        if (!isDrTier(t)) throw new Error(`--tier must be backup-restore, pilot-light, warm-standby or active-active (got "${t}")`);
        args.tier = t;
        break;
      }
      case "--duration":
        args.durationMs = parseDuration(value());
        break;
      case "--rate":
        args.rate = Number(value());
        if (!(args.rate > 0 && args.rate <= 2000)) throw new Error("--rate must be between 1 and 2000 orders per second");
        break;
      case "--results":
        args.resultsDir = value();
        break;
      case "--no-failback":
        args.failback = false;
        break;
      case "--timeout":
        args.hardTimeoutMs = parseDuration(value());
        break;
      default:
        throw new Error(`unknown argument "${argv[i]}"`);
    }
  }
  // Set-up, two phases of load with a failover each, and teardown, with room for slow machines.
  if (!args.hardTimeoutMs) args.hardTimeoutMs = 2 * args.durationMs + 240_000;
  return args;
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const t0 = Date.now();
  const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
  const stop = new AbortController();
  process.on("SIGINT", () => stop.abort());
  process.on("SIGTERM", () => stop.abort());
  const result = await runDrill({ ...args, resultsDir: path.resolve(args.resultsDir), log, signal: stop.signal });
  writeReport(result);
  process.stdout.write(`${table(result)}\n`);
  process.exit(passed(result) ? 0 : 1);
}

if (require.main === module) void main();
