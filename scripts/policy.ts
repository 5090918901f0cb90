/**
 * `npm run policy -- --stack NAME [--tier TIER]`: the policy pack's results for one planned stack, as a table.
 * Exit status: 0 clean, 1 a mandatory violation, 2 a usage or config error.
 */
import type { Violation } from "../policy-pack/offline";
import { parsePlanArgs } from "./plan";
import { plan, PlanError } from "./plan/planStack";

export function violationTable(violations: Violation[]): string {
  if (violations.length === 0) return "no violations";
  const rows = violations.map((v) => [v.level, v.policy, v.resource ? v.resource.split("::").pop()! : "(stack)", v.message]);
  const head = ["LEVEL", "POLICY", "RESOURCE", "MESSAGE"];
  const widths = head.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]) : c)).join("  ");
  return [line(head), ...rows.map(line)].join("\n");
}

async function main(): Promise<number> {
  let args;
  try {
    args = parsePlanArgs(process.argv.slice(2).filter((a) => a !== "--json"));
    if (!args.stack) throw new Error("--stack is required; usage: npm run policy -- --stack NAME [--tier TIER]");
  } catch (e) {
    console.error(`policy: ${(e as Error).message}`);
    return 2;
  }
  try {
    const result = await plan({ only: args.stack, tier: args.tier });
    const stack = result.stacks[0];
    console.log(`Policy pack securecart-dr on ${stack.stack} (${stack.role}, tier ${stack.tier}): ${stack.resources.length} resources`);
    console.log(violationTable(stack.violations));
    return stack.violations.some((v) => v.level === "mandatory") ? 1 : 0;
  } catch (e) {
    if (e instanceof PlanError) {
      console.error(`policy: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  main().then((code) => {
    process.exitCode = code;
  });
}
