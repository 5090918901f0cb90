/**
 * `npm run policy -- --stack NAME [--tier TIER]`: the policy pack's results for one planned stack, as a table.
 * Exit status: 0 clean, 1 a mandatory violation, 2 a usage or config error.
 */
import type { Violation } from "../policy-pack/offline";
import { DR_TIERS, DrTier, isDrTier } from "../components/tiers/tierProfile";
import { stackNames } from "../stacks/topology";
import { parseCli, runCli, UsageError } from "./cli/args";
import type * as PlanStack from "./plan/planStack";

export function violationTable(violations: Violation[]): string {
  if (violations.length === 0) return "no violations";
  const rows = violations.map((v) => [
    v.level,
    v.policy,
    v.resource ? v.resource.split("::").pop()! : "(stack)",
    v.message,
  ]);
  const head = ["LEVEL", "POLICY", "RESOURCE", "MESSAGE"];
  const widths = head.map((h, i) =>
    Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))),
  );
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]) : c)).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

export const POLICY_USAGE = `usage: npm run policy -- --stack NAME [--tier TIER]

Runs the policy pack (securecart-dr) over one offline-planned stack and prints its results as a table.

  --stack NAME    the stack to check (required): ${stackNames().join(", ")}
  --tier TIER     plan as if the primary's securecart:drTier were TIER: ${DR_TIERS.join(", ")}
  -h, --help      print this help

Exit status: 0 clean, 1 a mandatory violation, 2 a usage or config error.`;

const POLICY_OPTIONS = { stack: { type: "string" }, tier: { type: "string" } } as const;

export function parsePolicyArgs(argv: string[]): { stack: string; tier?: DrTier } {
  const { values } = parseCli(
    { name: "policy", usage: POLICY_USAGE, options: POLICY_OPTIONS },
    argv,
  );
  if (values.stack === undefined) throw new UsageError("--stack is required; see --help");
  if (!stackNames().includes(values.stack)) {
    throw new UsageError(
      `unknown stack "${values.stack}"; valid stacks: ${stackNames().join(", ")}`,
    );
  }
  if (values.tier !== undefined && !isDrTier(values.tier)) {
    throw new UsageError(`unknown tier "${values.tier}"; valid tiers: ${DR_TIERS.join(", ")}`);
  }
  return { stack: values.stack, tier: values.tier as DrTier | undefined };
}

async function main(): Promise<number> {
  const args = parsePolicyArgs(process.argv.slice(2));
  // Loaded after the arguments are read: the planner loads the whole program, which --help must not wait for.
  const { plan, PlanError } = require("./plan/planStack") as typeof PlanStack;
  try {
    const result = await plan({ only: args.stack, tier: args.tier });
    const stack = result.stacks[0];
    console.log(
      `Policy pack securecart-dr on ${stack.stack} (${stack.role}, tier ${stack.tier}): ${stack.resources.length} resources`,
    );
    console.log(violationTable(stack.violations));
    return stack.violations.some((v) => v.level === "mandatory") ? 1 : 0;
  } catch (e) {
    if (e instanceof PlanError) throw new UsageError(e.message);
    throw e;
  }
}

if (require.main === module) runCli("policy", main);
