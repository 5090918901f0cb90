/**
 * `npm run deploy [-- --dry-run]`: deploys both stacks in order, primary first, each previewed with the policy
 * pack before its `up`, through Pulumi's Automation API. The manual equivalent is in the README ("Deploy").
 * Exit status: 0 deployed (or the dry run printed), 1 stopped by a failed preview or a mandatory violation, 2 a
 * usage or config error, or no Pulumi CLI.
 */
import { parseCli, runCli } from "./cli/args";
import { deploySteps, describeSteps } from "./deploy/steps";

export const USAGE = `usage: npm run deploy [-- --dry-run]

Deploys the stacks in order (the primary first: the recovery stack reads its outputs). Each stack is previewed
with the policy pack (policy-pack/, configured from its stack file as CI does) and updated only if the preview
passed with no mandatory violation; a stop leaves every later stack untouched.

  --dry-run     print the order, the commands and the checks; run nothing
  -h, --help    print this help

Exit status: 0 deployed, 1 stopped by a failed preview, a mandatory violation or a failed up, 2 a usage or config
error, or no Pulumi CLI on PATH.`;

async function main(): Promise<number> {
  const options = { "dry-run": { type: "boolean" } } as const;
  const { values } = parseCli({ name: "deploy", usage: USAGE, options }, process.argv.slice(2));
  const steps = deploySteps();
  if (values["dry-run"]) {
    for (const line of describeSteps(steps)) console.log(line);
    return 0;
  }
  const { deploy } = require("./deploy/automation") as typeof import("./deploy/automation");
  const output = (chunk: string) => void process.stdout.write(chunk);
  return deploy(steps, {
    log: (line) => console.log(line),
    error: (line) => console.error(line),
    output,
  });
}

if (require.main === module) runCli("deploy", main);
