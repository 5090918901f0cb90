/**
 * `npm run plan -- [--stack NAME] [--tier TIER] [--from TIER] [--config KEY=VALUE]... [--json]`: the offline plan
 * (DESIGN.md, contract 1). With `--from`, the diff of switching each stack from that tier to `--tier` (or the
 * configured tier); `--config` sets a key of the primary stack for the (new) plan, as `pulumi config set` would.
 * Exit status: 0 clean, 1 a mandatory policy violation or a blocked change, 2 a usage or config error.
 */
import * as fs from "fs";
import { DR_TIERS, DrTier, isDrTier } from "../components/tiers/tierProfile";
import { PROJECT, STACKS, stackNames } from "../stacks/topology";
import { plan, PlanError, stackDocument } from "./plan/planStack";
import { parseConfigAssignment } from "./plan/stackConfig";
import { renderPair } from "./plan/render";

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
}

const USAGE =
  "usage: npm run plan -- [--stack NAME] [--tier TIER] [--from TIER] [--config KEY=VALUE]... [--capacity N] [--json] [--compare-tiers] " +
  "[--summary] [--diagram FILE.svg]";

class UsageError extends Error {}

export function parsePlanArgs(argv: string[]): PlanArgs {
  const args: PlanArgs = { json: false, compareTiers: false, config: {} };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--json") args.json = true;
    else if (flag === "--compare-tiers") args.compareTiers = true;
    else if (flag === "--summary") args.summary = true;
    else if (flag === "--diagram") {
      const v = value();
      if (!v.endsWith(".svg")) throw new UsageError(`--diagram writes an SVG: give a file name ending in .svg (got "${v}")`);
      args.diagram = v;
    }
    else if (flag === "--stack") {
      const v = value();
      if (!stackNames().includes(v)) throw new UsageError(`unknown stack "${v}"; valid stacks: ${stackNames().join(", ")}`);
      args.stack = v;
    } else if (flag === "--tier" || flag === "--from") {
      const v = value();
      if (!isDrTier(v)) throw new UsageError(`unknown tier "${v}"${flag === "--from" ? " for --from" : ""}; valid tiers: ${DR_TIERS.join(", ")}`);
      if (flag === "--tier") args.tier = v;
      else args.from = v;
    } else if (flag === "--capacity") {
      const v = value();
      if (!/^[1-9]\d*$/.test(v)) throw new UsageError(`--capacity takes a whole number of tasks and hosts, such as 6 (got "${v}")`);
      args.capacity = Number(v);
      args.config[`${PROJECT}:capacity`] = v;
    } else if (flag === "--config") {
      const v = value();
      const kv = parseConfigAssignment(v);
      if (!kv) throw new UsageError(`--config takes KEY=VALUE, such as arcRoutingControl=true (got "${v}")`);
      args.config[kv[0]] = kv[1];
    } else throw new UsageError(`unknown option "${flag}"; ${USAGE}`);
  }
  if (args.from && (args.compareTiers || args.diagram)) throw new UsageError("--from diffs two plans; it does not combine with --compare-tiers or --diagram");
  if (args.compareTiers && Object.keys(args.config).some((k) => k !== `${PROJECT}:capacity`)) {
    throw new UsageError("--compare-tiers plans the stack files as they are; it takes --capacity, but not --config");
  }
  return args;
}

async function main(): Promise<number> {
  let args: PlanArgs;
  try {
    args = parsePlanArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`plan: ${(e as Error).message}`);
    return 2;
  }
  // Loaded on demand: the diagram renderer (Graphviz in WebAssembly) is heavy, and most plans never draw.
  if (args.compareTiers) {
    // require, not import(): the CLIs run transpiled to CommonJS, where import() would reach for the ESM loader.
    const { compareTiers, renderComparison } = require("./plan/compare") as typeof import("./plan/compare");
    const rows = await reportingPlanErrors(() => compareTiers(undefined, args.capacity));
    if (rows === undefined) return 2;
    if (args.json) process.stdout.write(JSON.stringify({ tiers: rows }, null, 2) + "\n");
    else console.log(renderComparison(rows));
    return rows.some((r) => r.mandatoryViolations > 0) ? 1 : 0;
  }
  if (args.from) return diffMain(args, args.from);
  const config = primaryConfig(args);
  const result = await reportingPlanErrors(() => plan({ only: args.stack, tier: args.tier, config }));
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
      : { stacks: result.stacks.map(stackDocument), crossStackViolations: result.crossStackViolations };
    process.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  } else {
    console.log(renderPair(result, { summary: args.summary }));
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
    if (!(e instanceof PlanError)) throw e;
    console.error(`plan: ${e.message}`);
    return undefined;
  }
}

/** `--from A [--tier B]`: what switching from A to B would do, per stack; exit 1 if a change would be blocked. */
async function diffMain(args: PlanArgs, from: DrTier): Promise<number> {
  // Loaded on demand, as the diagram and comparison code: a plain plan needs neither the diff nor its table.
  const { diffTiers } = require("./plan/tierDiff") as typeof import("./plan/tierDiff");
  const { renderDiff } = require("./plan/renderDiff") as typeof import("./plan/renderDiff");
  const diffs = await reportingPlanErrors(() => diffTiers(from, args.tier, args.stack, primaryConfig(args)));
  if (diffs === undefined) return 2;
  if (args.json) {
    const docs = diffs.map((d) => ({ ...stackDocument(d.plan), from: d.from, changes: d.changes }));
    process.stdout.write(JSON.stringify(args.stack ? docs[0] : { stacks: docs }, null, 2) + "\n");
  } else {
    console.log(renderDiff(diffs));
  }
  const mandatory = diffs.some((d) => d.plan.violations.some((v) => v.level === "mandatory"));
  return mandatory || diffs.some((d) => d.changes.some((c) => c.blocked)) ? 1 : 0;
}

if (require.main === module) {
  // exitCode, not exit(): a large JSON document on a pipe must be flushed before the process ends.
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(`plan: ${(e as Error).message ?? e}`);
      process.exitCode = 2;
    },
  );
}
