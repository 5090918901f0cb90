/**
 * One game day: build the tier's two regions, run load, kill the primary, fail over with the tier's step list,
 * measure; then rebuild the old primary as the recovery region and fail back (a planned switch) with the same
 * measurements. Everything is torn down in `finally`, and a hard timeout bounds the whole run.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { Direction, runSteps } from "../failover/driver";
import { Journal, StoredOrder, reconcile } from "./journal";
import { Lab, PRIMARY_REGION, RECOVERY_REGION } from "./lab";
import { LoadGenerator } from "./load";
import { LocalDriver } from "./localDriver";
import { Measurement, STEADY, firstRecoveryAck, measure } from "./measure";
import { Sandbox, sleep, waitFor } from "./sandbox";

export interface DrillOptions {
  readonly tier: DrTier;
  readonly durationMs: number;
  readonly rate: number;
  readonly resultsDir: string;
  readonly failback: boolean;
  readonly hardTimeoutMs: number;
  readonly log: (line: string) => void;
  /** Ctrl-C: stops the drill early; cleanup still runs. */
  readonly signal?: AbortSignal;
}

export interface DrillResult {
  readonly tier: DrTier;
  readonly startedAt: string;
  readonly options: { durationMs: number; rate: number; failback: boolean };
  readonly measurements: Measurement[];
  readonly cleanupErrors: string[];
  readonly leftovers: string[];
  readonly outDir: string;
  readonly error?: string;
}

export async function runDrill(opts: DrillOptions): Promise<DrillResult> {
  const startedAt = new Date();
  const outDir = path.join(
    opts.resultsDir,
    `${opts.tier}-${startedAt.toISOString().replace(/[:.]/g, "-")}`,
  );
  mkdirSync(outDir, { recursive: true });
  const sandbox = await Sandbox.create();
  const measurements: Measurement[] = [];
  let error: string | undefined;
  let hardTimer: NodeJS.Timeout | undefined;
  try {
    const hardStop = new Promise<never>((_, reject) => {
      hardTimer = setTimeout(
        () => reject(new Error(`hard timeout: the drill ran over ${opts.hardTimeoutMs} ms`)),
        opts.hardTimeoutMs,
      );
    });
    const interrupted = new Promise<never>((_, reject) =>
      opts.signal?.addEventListener("abort", () => reject(new Error("interrupted")), {
        once: true,
      }),
    );
    await Promise.race([game(opts, sandbox, outDir, measurements), hardStop, interrupted]);
  } catch (e) {
    error = (e as Error).message;
    opts.log(`drill failed: ${error}`);
  } finally {
    clearTimeout(hardTimer);
  }
  const cleanupErrors = await sandbox.cleanup();
  // Give SIGKILLed groups a moment to be reaped before checking for leftovers.
  await sleep(200);
  return {
    tier: opts.tier,
    startedAt: startedAt.toISOString(),
    options: { durationMs: opts.durationMs, rate: opts.rate, failback: opts.failback },
    measurements,
    cleanupErrors,
    leftovers: sandbox.leftovers(),
    outDir,
    error,
  };
}

async function game(
  opts: DrillOptions,
  sandbox: Sandbox,
  outDir: string,
  out: Measurement[],
): Promise<void> {
  opts.log(`building ${opts.tier}: ${TIER_PROFILES[opts.tier].summary}`);
  const lab = await Lab.build({ tier: opts.tier, sandbox, log: opts.log });
  const runId = `drill${Date.now().toString(36)}`;
  out.push(await phase(lab, opts, outDir, runId, "failover", PRIMARY_REGION, RECOVERY_REGION));
  if (!opts.failback) return;
  opts.log(`rebuilding ${PRIMARY_REGION} as the recovery region of ${RECOVERY_REGION}`);
  await lab.prepareRecovery(RECOVERY_REGION, PRIMARY_REGION);
  out.push(await phase(lab, opts, outDir, runId, "failback", RECOVERY_REGION, PRIMARY_REGION));
}

async function phase(
  lab: Lab,
  opts: DrillOptions,
  outDir: string,
  runId: string,
  direction: Direction,
  from: string,
  to: string,
): Promise<Measurement> {
  const keyPrefix = `${runId}-${direction}`;
  const journal = new Journal(path.join(outDir, `journal-${direction}.jsonl`));
  const load = new LoadGenerator({ url: lab.router.url, rate: opts.rate, keyPrefix, journal });
  const third = Math.max(1000, Math.round(opts.durationMs / 3));
  const loadStart = Date.now();
  load.start();
  try {
    await sleep(third);

    if (load.acked.length === 0) {
      const statuses = [...new Set(load.attempts.map((a) => a.status))].join(", ");
      throw new Error(
        `no order was acknowledged before the fault (attempt statuses: ${statuses || "none"})`,
      );
    }
    // The failover is a disaster (SIGKILL + immediate stop, no goodbye to the standby); the failback is planned.
    const faultKind = direction === "failover" ? "kill" : "planned-stop";
    const source = lab.region(from);
    const faultAt = Date.now();
    opts.log(
      `${direction}: ${faultKind === "kill" ? "KILLING" : "stopping"} ${from} (storefront and database)`,
    );
    if (faultKind === "kill") {
      source.storefront.kill();
      await source.db.stop("immediate");
    } else {
      await source.storefront.stop();
      // The backup tier's last WAL reaches the archive only when its segment is switched out.
      if (lab.plan.recoveryDb === "backup") await source.db.query("SELECT pg_switch_wal()");
      await source.db.stop("fast");
    }

    const detectedAt = await waitFor(
      `the router to mark ${from} unhealthy`,
      async () =>
        lab.router.events.find((e) => e.target === from && !e.healthy && e.t >= faultAt)?.t,
      30_000,
      20,
    );
    opts.log(
      `${direction}: router detected ${from} down after ${detectedAt - faultAt} ms; running the runbook`,
    );

    const driver = new LocalDriver(lab);
    const steps: { step: string; status: string; ms: number }[] = [];
    await runSteps(
      driver,
      { tier: opts.tier, direction, from, to, log: opts.log },
      {
        stepTimeoutMs: 120_000,
        onStep: (o) => (
          steps.push({ step: o.step, status: o.status, ms: o.ms }),
          opts.log(`  ${o.step}: ${o.status} in ${o.ms} ms`)
        ),
      },
    );

    const firstAck = await waitFor(
      `the first order acknowledged by ${to}`,
      async () => firstRecoveryAck(load.acked, to, faultAt) ?? undefined,
      30_000,
      20,
    );
    opts.log(
      `${direction}: first order acknowledged by ${to} ${firstAck - faultAt} ms after the fault`,
    );
    // Load runs on long enough after the first ack to see whether checkout is steady again (STEADY, measure.ts).
    const until = Math.max(
      loadStart + opts.durationMs,
      firstAck + third,
      firstAck + (STEADY.seconds + 2) * 1000,
    );
    await sleep(Math.max(0, until - Date.now()));
    await load.drain(15_000);

    const target = lab.region(to).db;
    const rows = await target.query<{ id: string; idempotency_key: string; customer_id: string }>(
      "SELECT id, idempotency_key, customer_id FROM orders WHERE customer_id LIKE $1",
      [`${keyPrefix}-%`],
    );
    const stored: StoredOrder[] = rows.map((r) => ({
      id: r.id,
      idempotencyKey: r.idempotency_key,
      customerId: r.customer_id,
    }));
    const entries = journal.read();
    return measure({
      direction,
      from,
      to,
      faultKind,
      faultAt,
      detectedAt,
      promotedAt: driver.marks.promoted ?? detectedAt,
      loadStart,
      attempts: load.attempts,
      journal: entries,
      reconciliation: reconcile(entries, stored),
      unacknowledged:
        load.orders.filter((o) => o.ackAt === undefined && o.rejected === undefined).length +
        load.shed,
      rejected: load.orders.filter((o) => o.rejected !== undefined).length,
      steps,
    });
  } finally {
    load.abandon();
  }
}
