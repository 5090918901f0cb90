/**
 * `npm run -s plan -- [--stack NAME] [--tier TIER] [--from TIER] [--config KEY=VALUE]... [--json]`: the offline plan
 * (DESIGN.md, contract 1). With `--from`, the diff of switching each stack from that tier to `--tier` (or the
 * configured tier); `--config` sets a key of the primary stack for the (new) plan, as `pulumi config set` would.
 * Exit status: 0 clean, 1 a mandatory policy violation or a blocked change, 2 a usage or config error.
 */
import * as fs from "fs";
import { DR_TIERS, DrTier, isDrTier } from "../components/tiers/tierProfile";
import { PROJECT, STACKS, stackNames } from "../stacks/topology";
import type * as PlanStack from "./plan/planStack";
import { parseConfigAssignment } from "./plan/stackConfig";
import type * as Render from "./plan/render";
import { parseCli, runCli, UsageError } from "./cli/args";
import { reserveStdoutForJson, writeJson } from "./cli/json";

interface PlanArgs {
  stack?: string;
  tier?: DrTier;
  /** Diff: the tier the stacks are deployed with now. */
  from?: DrTier;
  json: boolean;
  compareTiers: boolean;
  /** `--summary`: the tree's Resources block also counts resources by type. */
  summary?: boolean;
  /** Write the planned tier's architecture diagram (SVG) to this file. */
  diagram?: string;
  /** `--config KEY=VALUE`: config of the primary stack, over its stack file (with `--from`, of the new plan only). */
  config: Record<string, string>;
  /** `--capacity N`: the primary's `securecart:capacity` (tasks and hosts) for the plan. */
  capacity?: number;
  /** `--out FILE`: write the `--json` document there instead of stdout. */
  out?: string;
}

export const PLAN_USAGE = `usage: npm run -s plan -- [options]

Plans both stacks offline (under mocks) and prints the resource tree, the policy results and the DR contract.
Use npm run -s (silent) when piping --json: npm's own banner goes to stdout otherwise.

  --stack NAME          plan only this stack (and, first, the stacks it references): ${stackNames().join(", ")}
  --tier TIER           plan as if the primary's securecart:drTier were TIER: ${DR_TIERS.join(", ")}
  --from TIER           diff: what switching from TIER to --tier (or the configured tier) would do
  --config KEY=VALUE    set a primary-stack key for the plan, as pulumi config set would (repeatable)
  --capacity N          the primary's securecart:capacity (tasks and hosts)
  --json                print the plan as one JSON document on stdout (DESIGN.md, contract 1)
  --out FILE            write the --json document to FILE instead of stdout
  --compare-tiers       one row per tier: targets, cost and policy results
  --summary             also count the planned resources by type (after the tree)
  --diagram FILE.svg    write the planned tier's architecture diagram
  -h, --help            print this help

Exit status: 0 clean, 1 a mandatory policy violation or a blocked change, 2 a usage or config error.`;

const PLAN_OPTIONS = {
  stack: { type: "string" },
  tier: { type: "string" },
  from: { type: "string" },
  config: { type: "string", multiple: true },
  capacity: { type: "string" },
  json: { type: "boolean" },
  out: { type: "string" },
  "compare-tiers": { type: "boolean" },
  summary: { type: "boolean" },
  diagram: { type: "string" },
} as const;

/**
 * The planner, loaded on first use: it loads @pulumi/pulumi and the whole program, which `--help` and a usage
 * error must not wait for. require, not import(): the CLIs run transpiled to CommonJS.
 */
const planner = () => require("./plan/planStack") as typeof PlanStack;

const tierValue = (v: string | undefined, flag: string): DrTier | undefined => {
  if (v === undefined) return undefined;
  if (!isDrTier(v)) {
    throw new UsageError(
      `unknown tier "${v}"${flag === "--from" ? " for --from" : ""}; valid tiers: ${DR_TIERS.join(", ")}`,
    );
  }
  return v;
};

export function parsePlanArgs(argv: string[]): PlanArgs {
  const { values: v } = parseCli({ name: "plan", usage: PLAN_USAGE, options: PLAN_OPTIONS }, argv);
  const args: PlanArgs = {
    json: v.json ?? false,
    compareTiers: v["compare-tiers"] ?? false,
    config: {},
    out: v.out,
    summary: v.summary ?? false,
  };
  if (v.diagram !== undefined) {
    if (!v.diagram.endsWith(".svg"))
      throw new UsageError(
        `--diagram writes an SVG: give a file name ending in .svg (got "${v.diagram}")`,
      );
    args.diagram = v.diagram;
  }
  if (v.stack !== undefined) {
    if (!stackNames().includes(v.stack))
      throw new UsageError(`unknown stack "${v.stack}"; valid stacks: ${stackNames().join(", ")}`);
    args.stack = v.stack;
  }
  args.tier = tierValue(v.tier, "--tier");
  args.from = tierValue(v.from, "--from");
  for (const text of v.config ?? []) {
    const kv = parseConfigAssignment(text);
    if (!kv)
      throw new UsageError(
        `--config takes KEY=VALUE, such as arcRoutingControl=true (got "${text}")`,
      );
    args.config[kv[0]] = kv[1];
  }
  if (v.capacity !== undefined) {
    if (!/^[1-9]\d*$/.test(v.capacity)) {
      throw new UsageError(
        `--capacity takes a whole number of tasks and hosts, such as 6 (got "${v.capacity}")`,
      );
    }
    args.capacity = Number(v.capacity);
    args.config[`${PROJECT}:capacity`] = v.capacity;
  }
  if (args.out !== undefined && !args.json)
    throw new UsageError("--out writes the --json document: add --json");
  if (args.from && (args.compareTiers || args.diagram))
    throw new UsageError(
      "--from diffs two plans; it does not combine with --compare-tiers or --diagram",
    );
  if (args.compareTiers && Object.keys(args.config).some((k) => k !== `${PROJECT}:capacity`)) {
    throw new UsageError(
      "--compare-tiers plans the stack files as they are; it takes --capacity, but not --config",
    );
  }
  return args;
}

async function main(): Promise<number> {
  const args = parsePlanArgs(process.argv.slice(2));
  if (args.json && args.out === undefined) reserveStdoutForJson();
  // Loaded on demand: the diagram renderer (Graphviz in WebAssembly) is heavy, and most plans never draw.
  if (args.compareTiers) {
    // require, not import(): the CLIs run transpiled to CommonJS, where import() would reach for the ESM loader.
    const { compareTiers, renderComparison } =
      require("./plan/compare") as typeof import("./plan/compare");
    const rows = await reportingPlanErrors(() => compareTiers(undefined, args.capacity));
    if (rows === undefined) return 2;
    if (args.json) writeJson({ tiers: rows }, args.out);
    else console.log(renderComparison(rows));
    return rows.some((r) => r.mandatoryViolations > 0) ? 1 : 0;
  }
  if (args.from) return diffMain(args, args.from);
  const config = primaryConfig(args);
  const { plan, stackDocument } = planner();
  const result = await reportingPlanErrors(() =>
    plan({ only: args.stack, tier: args.tier, config }),
  );
  if (result === undefined) return 2;
  if (args.diagram) {
    // The diagram shows both regions, so it needs both stacks even when --stack picked one.
    const pair = args.stack ? await plan({ tier: args.tier, config }) : result;
    const { tierDiagramSvg } = require("./diagrams") as typeof import("./diagrams");
    fs.writeFileSync(args.diagram, await tierDiagramSvg(pair));
    console.error(`plan: wrote ${args.diagram}`);
  }
  if (args.json) {
    const doc = args.stack
      ? stackDocument(result.stacks[0])
      : {
          stacks: result.stacks.map(stackDocument),
          crossStackViolations: result.crossStackViolations,
        };
    writeJson(doc, args.out);
  } else {
    console.log(
      (require("./plan/render") as typeof Render).renderPair(result, { summary: args.summary }),
    );
  }
  const all = [...result.stacks.flatMap((s) => s.violations), ...result.crossStackViolations];
  return all.some((v) => v.level === "mandatory") ? 1 : 0;
}

/** Keys only a recovery stack holds: a rebuild of backup-restore's recovery region. */
const RECOVERY_KEYS = new Set([`${PROJECT}:rebuildFromSnapshot`]);

/**
 * `--config` values go to the primary stack, like `--tier`: the primary holds the keys a plan is asked "what if"
 * about (the tier, the routing switch), and a recovery stack follows them through its primary's outputs. The
 * keys only a recovery stack holds go to the recovery stack.
 */
function primaryConfig(args: PlanArgs): Record<string, Record<string, string>> | undefined {
  if (Object.keys(args.config).length === 0) return undefined;
  const byStack: Record<string, Record<string, string>> = {};
  for (const [key, value] of Object.entries(args.config)) {
    const role = RECOVERY_KEYS.has(key) ? "recovery" : "primary";
    const stack = STACKS.find((s) => s.role === role)!.stack;
    (byStack[stack] ??= {})[key] = value;
  }
  return byStack;
}

/** Runs a plan; a PlanError (a config or program error) is printed as one line and gives undefined (exit 2). */
async function reportingPlanErrors<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof planner().PlanError)) throw e;
    console.error(`plan: ${e.message}`);
    return undefined;
  }
}

/** `--from A [--tier B]`: what switching from A to B would do, per stack; exit 1 if a change would be blocked. */
async function diffMain(args: PlanArgs, from: DrTier): Promise<number> {
  // Loaded on demand, as the diagram and comparison code: a plain plan needs neither the diff nor its table.
  const { diffTiers } = require("./plan/tierDiff") as typeof import("./plan/tierDiff");
  const { renderDiff } = require("./plan/renderDiff") as typeof import("./plan/renderDiff");
  const diffs = await reportingPlanErrors(() =>
    diffTiers(from, args.tier, args.stack, primaryConfig(args)),
  );
  if (diffs === undefined) return 2;
  if (args.json) {
    const docs = diffs.map((d) => ({
      ...planner().stackDocument(d.plan),
      from: d.from,
      changes: d.changes,
    }));
    writeJson(args.stack ? docs[0] : { stacks: docs }, args.out);
  } else {
    console.log(renderDiff(diffs));
  }
  const mandatory = diffs.some((d) => d.plan.violations.some((v) => v.level === "mandatory"));
  return mandatory || diffs.some((d) => d.changes.some((c) => c.blocked)) ? 1 : 0;
}

if (require.main === module) runCli("plan", main);
