/**
 * The drill's outputs: a terminal table (the tier's promised contract beside the measurement, with pass/fail),
 * report.json, and one SVG timeline per direction (./timeline.ts: acks and errors per second, the run's events).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { DrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { configuredContract } from "../plan/configuredContract";
import type { DrillResult } from "./drill";
import type { Measurement } from "./measure";
import { timelineSvg } from "./timeline";

/**
 * The game-day goals, stricter than the contract; reported beside it, not instead of it. The RTO is the steady
 * one (≥ 99% of orders acknowledged over 3 s, issue 13). Active-active replicates asynchronously, as Aurora
 * does, so its loss is held to the contract's RPO, not to zero.
 */
export const DRILL_GOALS: Partial<Record<DrTier, { rtoMs: number }>> = {
  "warm-standby": { rtoMs: 6_000 },
  "active-active": { rtoMs: 6_000 },
  "pilot-light": { rtoMs: 60_000 },
};

export interface Verdict {
  readonly check: string;
  readonly promised: string;
  readonly measured: string;
  readonly pass: boolean;
}

const s = (ms: number | null) => (ms === null ? "never" : `${(ms / 1000).toFixed(2)} s`);

/** The promise a drill is held to: the tier's computed contract (what the configured stacks would deliver). */
export function verdicts(tier: DrTier, m: Measurement): Verdict[] {
  const c = configuredContract(tier);
  const goal = DRILL_GOALS[tier];
  const v: Verdict[] = [
    {
      check: "RTO (contract)",
      promised: `≤ ${c.rtoMinutes} min (target ${c.targets.rtoMinutes} min)`,
      measured: s(m.rtoMs),
      pass: m.rtoMs !== null && m.rtoMs <= c.rtoMinutes * 60_000,
    },
    {
      check: "RPO (contract)",
      promised: `≤ ${+(c.rpoMinutes * 60).toFixed(1)} s (target ${c.targets.rpoMinutes} min)`,
      measured: `${s(m.rpo.lostWindowMs)} (${m.rpo.lostOrders} orders)`,
      pass: m.rpo.lostWindowMs <= c.rpoMinutes * 60_000,
    },
    {
      check: "duplicates",
      promised: "0",
      measured: String(m.duplicates),
      pass: m.duplicates === 0,
    },
  ];
  if (goal)
    v.push({
      check: "RTO (drill goal)",
      promised: `≤ ${goal.rtoMs / 1000} s`,
      measured: s(m.rtoMs),
      pass: m.rtoMs !== null && m.rtoMs <= goal.rtoMs,
    });
  return v;
}

export function passed(result: DrillResult): boolean {
  return (
    !result.error &&
    result.leftovers.length === 0 &&
    result.measurements.length > 0 &&
    result.measurements.every((m) => verdicts(result.tier, m).every((v) => v.pass))
  );
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ")).join("\n");
}

export function table(result: DrillResult): string {
  const out: string[] = [];
  for (const m of result.measurements) {
    out.push(`\n${result.tier} ${m.direction}: ${m.from} → ${m.to} (${m.faultKind})`);
    out.push(
      `  RTO ${s(m.rtoMs)} until ≥ 99% of orders were acknowledged for 3 s; first acknowledged order after ${s(m.firstAckMs)} = ` +
        `detection ${s(m.parts.detectionMs)} + promotion ${s(m.parts.promotionMs)} + warm-up ${s(m.parts.warmUpMs)}`,
    );
    out.push(`  steps: ${m.steps.map((st) => `${st.step} ${st.status} ${st.ms} ms`).join(", ")}`);
    out.push(
      `  orders: ${m.rpo.acknowledged} acknowledged, ${m.rpo.lostOrders} lost, ${m.unacknowledged} never acknowledged, ${m.rejected} rejected`,
    );
    const ph = m.phases;
    out.push(
      "  " +
        pad([
          ["phase", "attempts", "errors", "p99"],
          ...(["before", "during", "after"] as const).map((k) => [
            k,
            String(ph[k].attempts),
            String(ph[k].errors),
            ph[k].p99Ms === null ? "-" : `${ph[k].p99Ms} ms`,
          ]),
        ]).replace(/\n/g, "\n  "),
    );
    const v = verdicts(result.tier, m);
    out.push(
      "  " +
        pad([
          ["check", "promised", "measured", ""],
          ...v.map((x) => [x.check, x.promised, x.measured, x.pass ? "PASS" : "FAIL"]),
        ]).replace(/\n/g, "\n  "),
    );
  }
  if (result.error) out.push(`\nERROR: ${result.error}`);
  if (result.leftovers.length) out.push(`\nLEFTOVERS: ${result.leftovers.join(", ")}`);
  out.push(`\n${passed(result) ? "PASS" : "FAIL"}: results in ${result.outDir}`);
  return out.join("\n");
}

/** The SVG timeline of one direction (./timeline.ts). */
export const svg = (m: Measurement, title: string): string => timelineSvg(m, title);

/** Writes report.json and the SVG timelines; returns the paths written. */
export function writeReport(result: DrillResult): string[] {
  const files: string[] = [];
  const json = path.join(result.outDir, "report.json");
  const doc = {
    ...result,
    targets: TIER_PROFILES[result.tier].targets,
    contract: configuredContract(result.tier),
    goals: DRILL_GOALS[result.tier] ?? null,
    verdicts: Object.fromEntries(
      result.measurements.map((m) => [m.direction, verdicts(result.tier, m)]),
    ),
    pass: passed(result),
  };
  writeFileSync(json, JSON.stringify(doc, null, 2));
  files.push(json);
  for (const m of result.measurements) {
    const f = path.join(result.outDir, `timeline-${m.direction}.svg`);
    writeFileSync(f, svg(m, `${result.tier} ${m.direction} ${m.from} → ${m.to}`));
    files.push(f);
  }
  return files;
}
