/**
 * `npm run bench`: plan time, as a ratio to a bare mocked program measured in the same run, then the
 * storefront's benchmark. Each command runs as a whole process, alternating with the baseline so machine
 * drift hits both alike; medians are reported.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { parseCli, runCli, UsageError } from "./cli/args";

const ROOT = path.resolve(__dirname, "..");
// The same runner `npm run plan` uses.
const NODE = [process.execPath, "--stack-trace-limit=0", "-r", "esbuild-register"];

export const USAGE = `usage: npm run bench -- [--runs N] [--plan-only]

Times the offline plan against a bare mocked program in the same run (medians), then the storefront's benchmark.

  --runs N       runs per case (default BENCH_RUNS, else 5)
  --plan-only    skip the storefront's benchmark (npm run bench -w app)
  -h, --help     print this help

Exit status: 0 done, 1 a benchmarked command failed, 2 a usage error.`;

export function parseBenchArgs(argv: string[]): { runs: number; planOnly: boolean } {
  const options = { runs: { type: "string" }, "plan-only": { type: "boolean" } } as const;
  const { values } = parseCli({ name: "bench", usage: USAGE, options }, argv);
  const raw = values.runs ?? process.env.BENCH_RUNS ?? "5";
  if (!/^[1-9]\d*$/.test(raw))
    throw new UsageError(`--runs takes a whole number of runs, such as 5 (got "${raw}")`);
  return { runs: Number(raw), planOnly: values["plan-only"] ?? false };
}

interface Case {
  readonly label: string;
  readonly args: string[];
}

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function main(): number {
  const { runs: RUNS, planOnly } = parseBenchArgs(process.argv.slice(2));
  const baseline: Case = {
    label: "bare mocked program (1 resource)",
    args: [...NODE, "scripts/bench/bareProgram.ts"],
  };
  const cases: Case[] = [
    {
      label: "plan one stack (prod-us-east-1)",
      args: [...NODE, "scripts/plan.ts", "--stack", "prod-us-east-1", "--json"],
    },
    {
      label: "diff one stack (--from pilot-light --tier warm-standby)",
      args: [
        ...NODE,
        "scripts/plan.ts",
        "--stack",
        "prod-us-east-1",
        "--from",
        "pilot-light",
        "--tier",
        "warm-standby",
        "--json",
      ],
    },
    {
      label: "plan both stacks, all 4 tiers (8 plans)",
      args: [...NODE, "scripts/bench/planEveryTier.ts"],
    },
  ];
  timeOnce(baseline.args); // warm the file cache
  const base: number[] = [];
  const times = cases.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) {
    base.push(timeOnce(baseline.args));
    cases.forEach((c, j) => times[j].push(timeOnce(c.args)));
  }
  const b = median(base);
  console.log(`plan benchmark: ${RUNS} runs each, medians (min-max)`);
  console.log(
    `  ${baseline.label.padEnd(56)} ${fmt(b)} (${fmt(Math.min(...base))}-${fmt(Math.max(...base))})  1.00x`,
  );
  cases.forEach((c, j) => {
    const m = median(times[j]);
    console.log(
      `  ${c.label.padEnd(56)} ${fmt(m)} (${fmt(Math.min(...times[j]))}-${fmt(Math.max(...times[j]))})  ${(m / b).toFixed(2)}x baseline`,
    );
  });

  if (!planOnly) {
    const app = spawnSync("npm", ["run", "bench", "-w", "app"], { cwd: ROOT, stdio: "inherit" });
    if (app.status !== 0) return app.status ?? 1;
  }
  return 0;
}

if (require.main === module) runCli("bench", main);
