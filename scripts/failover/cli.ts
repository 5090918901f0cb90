/**
 * `npm run failover -- --to <region> [--dry-run] [--tier TIER] [--config KEY=VALUE]... [--failback] [--outputs FILE]
 *   [--allow-data-loss] [--step-timeout-minutes N] [--state-dir DIR]`
 *
 * Walks TIER_PROFILES[tier].failoverSteps (the same list the ARC Region Switch plan is generated from) with the
 * AWS driver. The tier comes from the primary stack's outputs. `--failback` reverses a failover to `--to`: the
 * primary role goes from `--to` back to its peer, after the old primary's database has re-synchronised.
 */
import * as path from "path";
import { DR_TIERS, DrTier, FailoverStep, isDrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { STACKS } from "../../stacks/topology";
import { parseConfigAssignment } from "../plan/stackConfig";
import { AwsFailoverDriver, HttpGet } from "./awsDriver";
import { AwsClients, lazyAwsClients } from "./clients";
import { configEdits, ConfigEditArgs } from "./configEdits";
import { Direction, runSteps, StepError, StepOutcome } from "./driver";
import { InputsError, loadInputs, RunbookInputs } from "./inputs";
import { StateFile } from "./state";

export class ArgError extends Error {}

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

export const USAGE =
  "usage: npm run failover -- --to <region> [--dry-run] [--tier TIER] [--config KEY=VALUE]... [--failback] [--outputs FILE] " +
  "[--allow-data-loss] " +
  "[--step-timeout-minutes N] [--state-dir DIR]";

const regions = () => STACKS.map((s) => s.region);

export function parseArgs(argv: readonly string[]): CliArgs {
  let to: string | undefined;
  let outputsFile: string | undefined;
  let dryRun = false;
  let failback = false;
  let allowDataLoss = false;
  let stepTimeoutMs = 15 * 60_000;
  let stateDir = ".failover";
  let tier: DrTier | undefined;
  const config: Record<string, string> = {};
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new ArgError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const take = () => (inline !== undefined ? inline : value(i++, flag));
    switch (flag) {
      case "--to":
        to = take();
        break;
      case "--outputs":
        outputsFile = take();
        break;
      case "--tier": {
        const raw = take();
        if (!isDrTier(raw)) throw new ArgError(`unknown tier ${raw}: valid tiers are ${DR_TIERS.join(", ")}`);
        tier = raw;
        break;
      }
      case "--config": {
        const raw = take();
        const kv = parseConfigAssignment(raw);
        if (!kv) throw new ArgError(`--config takes KEY=VALUE, such as arcRoutingControl=true (got ${raw})`);
        config[kv[0]] = kv[1];
        break;
      }
      case "--state-dir":
        stateDir = take();
        break;
      case "--step-timeout-minutes": {
        const raw = take();
        const n = Number(raw);
        if (!(n > 0)) throw new ArgError(`--step-timeout-minutes must be a positive number, got ${raw}`);
        stepTimeoutMs = n * 60_000;
        break;
      }
      case "--dry-run":
        dryRun = true;
        break;
      case "--failback":
        failback = true;
        break;
      case "--allow-data-loss":
        allowDataLoss = true;
        break;
      default:
        throw new ArgError(`unknown argument ${argv[i]}; ${USAGE}`);
    }
  }
  if (!to) throw new ArgError(`--to is required (one of ${regions().join(", ")})`);
  if (!regions().includes(to)) throw new ArgError(`unknown region ${to}: valid regions are ${regions().join(", ")}`);
  if (tier && (!dryRun || outputsFile)) {
    throw new ArgError("--tier plans offline, so it needs --dry-run and no --outputs: a real run takes the tier from the stacks' outputs");
  }
  if (Object.keys(config).length > 0 && (!dryRun || outputsFile)) {
    throw new ArgError(
      "--config plans offline, so it needs --dry-run and no --outputs: a real run takes the config the stacks were deployed with",
    );
  }
  return { to, dryRun, tier, config, failback, outputsFile, allowDataLoss, stepTimeoutMs, stateDir };
}

/** from → to for the run. A failover moves the role from the primary to `--to`; a failback moves it back. */
export function direction(args: CliArgs, inputs: RunbookInputs): { direction: Direction; from: string; to: string } {
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
  let args: CliArgs;
  let inputs: RunbookInputs;
  let move: ReturnType<typeof direction>;
  try {
    args = parseArgs(argv);
    const { outputsFile, dryRun, tier, config } = args;
    inputs = await loadInputs({ outputsFile, dryRun, tier, config, cliAvailable: deps.cliAvailable });
    move = direction(args, inputs);
  } catch (e) {
    if (e instanceof ArgError || e instanceof InputsError) {
      log(`failover: ${e.message}`);
      return 2;
    }
    throw e;
  }

  const source = { pulumi: "pulumi stack output", file: `--outputs ${args.outputsFile}`, plan: "the offline plan (mock ids)" }[inputs.source];
  log(
    `SecureCart ${move.direction}: ${inputs.tier}, ${move.from} → ${move.to}${args.dryRun ? " (dry run: no AWS call is made)" : ""}`,
  );
  log(`inputs: ${source}`);

  const clients = deps.clients ?? lazyAwsClients();
  const driver = new AwsFailoverDriver({ inputs, clients, httpGet: deps.httpGet, pollMs: deps.pollMs, allowDataLoss: args.allowDataLoss });
  const state = args.dryRun ? undefined : new StateFile(path.resolve(args.stateDir));
  const run = state?.begin({ tier: inputs.tier, ...move });
  if (run?.resumed) {
    const done = Object.entries(run.state.steps).map(([s, v]) => `${s} (${v.status})`);
    log(`resuming the run started ${run.state.startedAt}${done.length ? `; recorded: ${done.join(", ")}` : ""}`);
  }

  let n = 0;
  const onStep = (o: StepOutcome) => {
    n++;
    if (o.status === "planned") {
      log(`${n}. ${o.step}`);
      for (const c of o.calls ?? []) log(`     ${c}`);
    } else {
      log(`${n}. ${o.step}: ${o.status === "skipped" ? "already done, skipped" : "done"} (${(o.ms / 1000).toFixed(1)} s)`);
    }
    if (state && run) state.record(run.state, o);
  };

  const editArgs: ConfigEditArgs = {
    tier: inputs.tier,
    from: { stack: inputs.regions[move.from].stack, region: move.from, dbClusterArn: inputs.regions[move.from].dbClusterArn },
    to: { stack: inputs.regions[move.to].stack, region: move.to, dbClusterArn: inputs.regions[move.to].dbClusterArn },
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
    log(`failover: ${e.message}`);
    if (state && run) {
      state.fail(run.state, e.step, e.message);
      log(`progress saved to ${state.file}; fix the cause and re-run the same command to resume at ${e.step}`);
    }
    // A region rebuilt from backups stops at check-target-health until Pulumi has rebuilt it: say how.
    if (!TIER_PROFILES[inputs.tier].recovery.serves && e.step === ("check-target-health" satisfies FailoverStep)) {
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

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(`failover: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
