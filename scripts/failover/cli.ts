/**
 * `npm run failover -- --to <region> [--dry-run] [--tier TIER] [--config KEY=VALUE]... [--failback] [--outputs FILE]
 *   [--allow-data-loss] [--step-timeout-minutes N] [--state-dir DIR]`
 *
 * Walks TIER_PROFILES[tier].failoverSteps (the same list the ARC Region Switch plan is generated from) with the
 * AWS driver. The tier comes from the primary stack's outputs. `--failback` reverses a failover to `--to`: the
 * primary role goes from `--to` back to its peer, after the old primary's database has re-synchronised.
 */
import * as path from "path";
import {
  DR_TIERS,
  DrTier,
  FailoverStep,
  isDrTier,
  TIER_PROFILES,
} from "../../components/tiers/tierProfile";
import { STACKS } from "../../stacks/topology";
import { parseConfigAssignment } from "../plan/stackConfig";
import { parseCli, runCli, UsageError } from "../cli/args";
import { AwsFailoverDriver, HttpGet } from "./awsDriver";
import { AwsClients, lazyAwsClients } from "./clients";
import { configEdits, ConfigEditArgs } from "./configEdits";
import { Direction, runSteps, StepError, StepOutcome } from "./driver";
import { InputsError, loadInputs, RunbookInputs } from "./inputs";
import { StateFile } from "./state";

/** A bad argument or input: exit 2 (the CLI layer's UsageError, named for the runbook's callers). */
export class ArgError extends UsageError {}

export interface CliArgs {
  readonly to: string;
  readonly dryRun: boolean;
  /** Dry run only: plan offline as if the primary's tier were this. */
  readonly tier?: DrTier;
  /** Dry run only: plan offline with these keys set on the primary stack (`--config KEY=VALUE`, as the plan takes). */
  readonly config: Readonly<Record<string, string>>;
  readonly failback: boolean;
  readonly outputsFile?: string;
  readonly allowDataLoss: boolean;
  readonly stepTimeoutMs: number;
  readonly stateDir: string;
}

const regions = () => STACKS.map((s) => s.region);

export const USAGE = `usage: npm run failover -- --to REGION [options]

Moves the primary role to REGION with the deployed tier's failover steps (TierProfile.failoverSteps), with the AWS SDK.
Each API call it makes, or would make, is printed as service@region Operation args.

  --to REGION                  the region to make primary: ${regions().join(", ")}
  --dry-run                    print every step and its API calls; change nothing, need no credentials
  --tier TIER                  dry run only: plan offline as if the tier were TIER: ${DR_TIERS.join(", ")}
  --config KEY=VALUE           dry run only: plan offline with a primary-stack key set (repeatable)
  --failback                   return the primary role from REGION to its peer, once the old primary re-synchronised
  --outputs FILE               stack outputs as JSON ({"<stack>": {...}}) instead of pulumi stack output
  --allow-data-loss            allow an Aurora failover that may lose writes up to the replication lag
  --step-timeout-minutes N     give each step N minutes (default 15)
  --state-dir DIR              where progress is saved for a resumed run (default .failover)
  -h, --help                   print this help

Exit status: 0 done, 1 a step failed (re-run to resume), 2 a usage, config or input error.`;

const OPTIONS = {
  to: { type: "string" },
  "dry-run": { type: "boolean" },
  tier: { type: "string" },
  config: { type: "string", multiple: true },
  failback: { type: "boolean" },
  outputs: { type: "string" },
  "allow-data-loss": { type: "boolean" },
  "step-timeout-minutes": { type: "string" },
  "state-dir": { type: "string" },
} as const;

/** The flags, with the layer's usage errors as ArgErrors (what main() reports and the runbook's tests expect). */
function flagValues(argv: readonly string[]) {
  try {
    return parseCli({ name: "failover", usage: USAGE, options: OPTIONS }, argv).values;
  } catch (e) {
    throw e instanceof UsageError ? new ArgError(e.message) : e;
  }
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const v = flagValues(argv);
  const to = v.to;
  const dryRun = v["dry-run"] ?? false;
  const outputsFile = v.outputs;
  if (v.tier !== undefined && !isDrTier(v.tier))
    throw new ArgError(`unknown tier ${v.tier}: valid tiers are ${DR_TIERS.join(", ")}`);
  const tier = v.tier as DrTier | undefined;
  const config: Record<string, string> = {};
  for (const raw of v.config ?? []) {
    const kv = parseConfigAssignment(raw);
    if (!kv)
      throw new ArgError(`--config takes KEY=VALUE, such as arcRoutingControl=true (got ${raw})`);
    config[kv[0]] = kv[1];
  }
  let stepTimeoutMs = 15 * 60_000;
  if (v["step-timeout-minutes"] !== undefined) {
    const raw = v["step-timeout-minutes"];
    const n = Number(raw);
    if (!(n > 0))
      throw new ArgError(`--step-timeout-minutes must be a positive number, got ${raw}`);
    stepTimeoutMs = n * 60_000;
  }
  if (!to) throw new ArgError(`--to is required (one of ${regions().join(", ")})`);
  if (!regions().includes(to))
    throw new ArgError(`unknown region ${to}: valid regions are ${regions().join(", ")}`);
  if (tier && (!dryRun || outputsFile)) {
    throw new ArgError(
      "--tier plans offline, so it needs --dry-run and no --outputs: a real run takes the tier from the stacks' outputs",
    );
  }
  if (Object.keys(config).length > 0 && (!dryRun || outputsFile)) {
    throw new ArgError(
      "--config plans offline, so it needs --dry-run and no --outputs: a real run takes the config the stacks were deployed with",
    );
  }
  const failback = v.failback ?? false;
  const allowDataLoss = v["allow-data-loss"] ?? false;
  return {
    to,
    dryRun,
    tier,
    config,
    failback,
    outputsFile,
    allowDataLoss,
    stepTimeoutMs,
    stateDir: v["state-dir"] ?? ".failover",
  };
}

/** from → to for the run. A failover moves the role from the primary to `--to`; a failback moves it back. */
export function direction(
  args: CliArgs,
  inputs: RunbookInputs,
): { direction: Direction; from: string; to: string } {
  const peer = regions().find((r) => r !== args.to)!;
  if (args.failback && !TIER_PROFILES[inputs.tier].recovery.serves) {
    // Two independent databases after a rebuild: the old region's holds the orders up to the outage, the
    // rebuilt one's every order since. Moving back is a data migration, planned, not a runbook flip.
    throw new ArgError(
      `--failback does not apply to ${inputs.tier}: the rebuilt region's database is not replicated back, so moving back is ` +
        `the planned re-home procedure in scripts/failover/README.md, not a runbook run`,
    );
  }
  if (args.failback) return { direction: "failback", from: args.to, to: peer };
  if (args.to === inputs.primaryRegion) {
    throw new ArgError(
      `--to ${args.to} is already the primary region (stack ${inputs.regions[args.to].stack}); ` +
        `fail over to ${peer}, or undo a failover to ${peer} with --to ${peer} --failback`,
    );
  }
  return { direction: "failover", from: inputs.primaryRegion, to: args.to };
}

export interface CliDeps {
  readonly log?: (line: string) => void;
  /** Where errors go: stderr by default, or `log` when a test passes only that. */
  readonly error?: (line: string) => void;
  /** Tests pass mocked clients; the default builds real ones lazily (a dry run builds none). */
  readonly clients?: AwsClients;
  readonly httpGet?: HttpGet;
  readonly pollMs?: number;
  readonly cliAvailable?: () => boolean;
  /** Overrides --step-timeout-minutes (tests use milliseconds). */
  readonly stepTimeoutMs?: number;
}

/** Runs the CLI; returns the exit code (0 ok, 1 a step failed, 2 bad arguments or inputs). */
export async function main(argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const log = deps.log ?? ((line: string) => console.log(line));
  const error = deps.error ?? deps.log ?? ((line: string) => console.error(line));
  let args: CliArgs;
  let inputs: RunbookInputs;
  let move: ReturnType<typeof direction>;
  try {
    args = parseArgs(argv);
    const { outputsFile, dryRun, tier, config } = args;
    inputs = await loadInputs({
      outputsFile,
      dryRun,
      tier,
      config,
      cliAvailable: deps.cliAvailable,
    });
    move = direction(args, inputs);
  } catch (e) {
    if (e instanceof ArgError || e instanceof InputsError) {
      error(`failover: ${e.message}`);
      return 2;
    }
    throw e;
  }

  const source = {
    pulumi: "pulumi stack output",
    file: `--outputs ${args.outputsFile}`,
    plan: "the offline plan (mock ids)",
  }[inputs.source];
  log(
    `SecureCart ${move.direction}: ${inputs.tier}, ${move.from} → ${move.to}${args.dryRun ? " (dry run: no AWS call is made)" : ""}`,
  );
  log(`inputs: ${source}`);

  const clients = deps.clients ?? lazyAwsClients();
  const driver = new AwsFailoverDriver({
    inputs,
    clients,
    httpGet: deps.httpGet,
    pollMs: deps.pollMs,
    allowDataLoss: args.allowDataLoss,
  });
  const state = args.dryRun ? undefined : new StateFile(path.resolve(args.stateDir));
  const run = state?.begin({ tier: inputs.tier, ...move });
  if (run?.resumed) {
    const done = Object.entries(run.state.steps).map(([s, v]) => `${s} (${v.status})`);
    log(
      `resuming the run started ${run.state.startedAt}${done.length ? `; recorded: ${done.join(", ")}` : ""}`,
    );
  }

  let n = 0;
  const onStep = (o: StepOutcome) => {
    n++;
    if (o.status === "planned") {
      log(`${n}. ${o.step}`);
      for (const c of o.calls ?? []) log(`     ${c}`);
    } else {
      log(
        `${n}. ${o.step}: ${o.status === "skipped" ? "already done, skipped" : "done"} (${(o.ms / 1000).toFixed(1)} s)`,
      );
    }
    if (state && run) state.record(run.state, o);
  };

  const editArgs: ConfigEditArgs = {
    tier: inputs.tier,
    from: {
      stack: inputs.regions[move.from].stack,
      region: move.from,
      dbClusterArn: inputs.regions[move.from].dbClusterArn,
    },
    to: {
      stack: inputs.regions[move.to].stack,
      region: move.to,
      dbClusterArn: inputs.regions[move.to].dbClusterArn,
    },
    globalClusterId: inputs.globalClusterId,
  };
  const printConfigEdits = () => {
    const plan = configEdits({ ...editArgs, rebuildSnapshotArn: driver.rebuildSnapshot?.arn });
    log("");
    log(
      plan.commands.length
        ? `config edits, so the next \`pulumi up\` builds on the ${move.direction} (DESIGN decision 9):`
        : `config edits after the ${move.direction} (DESIGN decision 9):`,
    );
    for (const c of plan.commands) log(`  ${c}`);
    for (const note of plan.notes) log(`  - ${note}`);
  };

  try {
    await runSteps(
      driver,
      { tier: inputs.tier, ...move, log },
      { dryRun: args.dryRun, stepTimeoutMs: deps.stepTimeoutMs ?? args.stepTimeoutMs, onStep },
    );
  } catch (e) {
    if (!(e instanceof StepError)) throw e;
    error(`failover: ${e.message}`);
    if (state && run) {
      state.fail(run.state, e.step, e.message);
      log(
        `progress saved to ${state.file}; fix the cause and re-run the same command to resume at ${e.step}`,
      );
    }
    // A region rebuilt from backups stops at check-target-health until Pulumi has rebuilt it: say how.
    if (
      !TIER_PROFILES[inputs.tier].recovery.serves &&
      e.step === ("check-target-health" satisfies FailoverStep)
    ) {
      printConfigEdits();
    }
    return 1;
  } finally {
    clients.destroy();
  }
  if (state && run) state.finish(run.state);

  printConfigEdits();
  return 0;
}

// --help surfaces from main() as HelpRequested, which runCli prints (exit 0) before any work is done.
if (require.main === module) runCli("failover", () => main(process.argv.slice(2)));
