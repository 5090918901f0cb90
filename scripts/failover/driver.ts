/**
 * One failover step list (TierProfile.failoverSteps), two kinds of driver: AWS (the runbook) and local
 * processes (the drill). The executor here walks the steps for any driver, so both run the same sequence with
 * the same idempotence, resume and timeout rules.
 */
import {
  Direction,
  DrTier,
  FailoverStep,
  stepsOf,
  TIER_PROFILES,
} from "../../components/tiers/tierProfile";

export type { Direction };

export interface StepContext {
  readonly tier: DrTier;
  readonly direction: Direction;
  /** The region giving up the primary role. */
  readonly from: string;
  /** The region taking it. */
  readonly to: string;
  /** Aborted when the step's time is up; drivers pass it to SDK calls and waits. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

export interface FailoverDriver {
  readonly name: string;
  /** True when the step's effect already holds, so a re-run skips it (idempotence, resume after a crash). */
  isDone(step: FailoverStep, ctx: StepContext): Promise<boolean>;
  /** Carries the step out; safe to call again after a crash part-way. */
  apply(step: FailoverStep, ctx: StepContext): Promise<void>;
  /** The API calls `apply` would make, one line each, for --dry-run. Makes no call itself. */
  describe(step: FailoverStep, ctx: StepContext): string[];
}

export interface StepOutcome {
  readonly step: FailoverStep;
  readonly status: "done" | "skipped" | "planned";
  readonly ms: number;
  readonly calls?: string[];
}

export class StepError extends Error {
  constructor(
    readonly step: FailoverStep,
    cause: unknown,
  ) {
    super(`step ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "StepError";
  }
}

/** The steps of a direction: failback walks the tier's failback list (else the failover list) with the regions swapped. */
export function stepsFor(tier: DrTier, direction: Direction = "failover"): readonly FailoverStep[] {
  return stepsOf(TIER_PROFILES[tier], direction);
}

export interface RunOptions {
  readonly dryRun?: boolean;
  /** Per-step time limit. Defaults to 15 minutes. */
  readonly stepTimeoutMs?: number;
  /** Called after each step, e.g. to persist progress. */
  readonly onStep?: (outcome: StepOutcome) => void;
}

/**
 * Runs the tier's steps in order with `driver`. A step whose effect already holds is skipped; a failing or
 * timed-out step stops the run with a StepError naming it, and the next run resumes there.
 */
export async function runSteps(
  driver: FailoverDriver,
  base: Omit<StepContext, "signal">,
  options: RunOptions = {},
): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  for (const step of stepsFor(base.tier, base.direction)) {
    const controller = new AbortController();
    const ctx: StepContext = { ...base, signal: controller.signal };
    const started = Date.now();
    let outcome: StepOutcome;
    if (options.dryRun) {
      outcome = { step, status: "planned", ms: 0, calls: driver.describe(step, ctx) };
    } else {
      const limit = options.stepTimeoutMs ?? 15 * 60_000;
      const timer = setTimeout(
        () => controller.abort(new Error(`timed out after ${limit} ms`)),
        limit,
      );
      try {
        const timeout = new Promise<never>((_, reject) =>
          controller.signal.addEventListener("abort", () => reject(controller.signal.reason), {
            once: true,
          }),
        );
        timeout.catch(() => undefined); // aborted in `finally` once the step is over: nobody waits on it then

        if (await Promise.race([driver.isDone(step, ctx), timeout])) {
          outcome = { step, status: "skipped", ms: Date.now() - started };
        } else {
          await Promise.race([driver.apply(step, ctx), timeout]);
          outcome = { step, status: "done", ms: Date.now() - started };
        }
      } catch (e) {
        throw new StepError(step, e);
      } finally {
        clearTimeout(timer);
        controller.abort();
      }
    }
    outcomes.push(outcome);
    options.onStep?.(outcome);
  }
  return outcomes;
}
