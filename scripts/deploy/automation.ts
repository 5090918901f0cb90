/**
 * Carries out the deploy steps through Pulumi's Automation API (@pulumi/pulumi/automation), which drives the
 * `pulumi` CLI on PATH: per stack in order, a preview with the policy pack, then `up` with it. A failed preview or a
 * mandatory policy violation stops the run before that stack's `up`, and so before any later stack.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { PROJECT_ROOT } from "../plan/stackConfig";
import { DeployStep, POLICY_PACK_DIR } from "./steps";

export interface DeployIo {
  /** Progress. */
  readonly log: (line: string) => void;
  /** Why a run stopped (stderr). */
  readonly error: (line: string) => void;
  /** The CLI's own output of preview and up (the diff, the resource counts), as it streams. */
  readonly output: (chunk: string) => void;
}

/** A mandatory violation as the engine reports it in its event stream. */
function mandatoryViolations(events: readonly EngineEvent[]): string[] {
  return events
    .map((e) => e.policyEvent)
    .filter((p) => p?.enforcementLevel === "mandatory")
    .map(
      (p) =>
        `${p!.policyPackName}/${p!.policyName}${p!.resourceUrn ? ` on ${p!.resourceUrn}` : ""}: ${p!.message.trim()}`,
    );
}

/** The first lines of a failed command's stderr: enough to say why, without the CLI's whole transcript. */
function why(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  const text = (err.stderr || err.message || String(e)).trim();
  return text.split("\n").filter(Boolean).slice(-5).join("\n    ");
}

/** Returns the exit code: 0 every stack deployed, 1 stopped by a preview or a policy, 2 no usable Pulumi CLI. */
export async function deploy(
  steps: readonly DeployStep[],
  io: DeployIo,
  root = PROJECT_ROOT,
): Promise<number> {
  // Loaded here, not at the top: --help and --dry-run must not pay for the Automation API.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const auto = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
  let workspace;
  try {
    // Runs `pulumi version` and checks it against the SDK's minimum.
    workspace = await auto.LocalWorkspace.create({ workDir: root });
  } catch (e) {
    io.error(
      `deploy: no usable Pulumi CLI on PATH (https://www.pulumi.com/docs/iac/download-install/): ${why(e)}`,
    );
    return 2;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "securecart-deploy-"));
  try {
    for (const [i, step] of steps.entries()) {
      const configFile = path.join(dir, `policy-config.${step.stack}.json`);
      fs.writeFileSync(configFile, JSON.stringify(step.policyConfig, null, 2) + "\n");
      const policy = {
        policyPacks: [path.join(root, POLICY_PACK_DIR)],
        policyPackConfigs: [configFile],
      };
      io.log(`${i + 1}/${steps.length} ${step.stack}: pulumi stack select`);
      let stack: Stack;
      try {
        stack = await auto.Stack.select(step.stack, workspace);
      } catch (e) {
        io.error(`deploy: stopped: cannot select stack ${step.stack}: ${why(e)}`);
        return 1;
      }
      io.log(`${i + 1}/${steps.length} ${step.stack}: preview with the policy pack`);
      const events: EngineEvent[] = [];
      try {
        await stack.preview({ ...policy, onOutput: io.output, onEvent: (e) => events.push(e) });
      } catch (e) {
        const mandatory = mandatoryViolations(events);
        const cause = mandatory.length ? " on a mandatory policy violation" : "";
        const after =
          i > 0
            ? ` (deployed before it: ${steps
                .slice(0, i)
                .map((s) => s.stack)
                .join(", ")})`
            : "";
        io.error(
          `deploy: stopped: the preview of ${step.stack} failed${cause}; it and every later stack were not updated${after}`,
        );
        for (const v of mandatory) io.error(`  mandatory: ${v}`);
        if (!mandatory.length) io.error(`    ${why(e)}`);
        return 1;
      }
      const mandatory = mandatoryViolations(events);
      if (mandatory.length) {
        io.error(
          `deploy: stopped: ${step.stack} has mandatory policy violations; it was not updated`,
        );
        for (const v of mandatory) io.error(`  mandatory: ${v}`);
        return 1;
      }
      io.log(`${i + 1}/${steps.length} ${step.stack}: up with the policy pack`);
      try {
        await stack.up({ ...policy, onOutput: io.output });
      } catch (e) {
        io.error(`deploy: stopped: pulumi up of ${step.stack} failed: ${why(e)}`);
        return 1;
      }
      io.log(`${i + 1}/${steps.length} ${step.stack}: deployed`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
