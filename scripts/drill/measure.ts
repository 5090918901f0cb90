/**
 * Turns what the drill recorded (attempts, the journal, the fault and step times) into RTO, RPO, duplicates and
 * per-phase error and latency figures. Pure, so the arithmetic is tested on its own.
 */
import type { JournalEntry, Reconciliation } from "./journal";
import type { Attempt } from "./load";

export interface PhaseStats {
  readonly attempts: number;
  readonly acks: number;
  /** Attempts that got no 2xx (5xx, 4xx, network errors, timeouts), each retried with the same key. */
  readonly errors: number;
  /** p99 latency over all attempts of the phase, ms (nearest rank). */
  readonly p99Ms: number | null;
}

export interface SecondBucket {
  readonly second: number;
  readonly acks: number;
  readonly errors: number;
}

/** One fault and the runbook's marks: what a measurement is taken over. */
export interface FaultWindow {
  readonly direction: "failover" | "failback";
  readonly from: string;
  readonly to: string;
  readonly faultKind: "kill" | "planned-stop";
  readonly faultAt: number;
  readonly detectedAt: number;
  readonly promotedAt: number;
}

export interface Measurement extends FaultWindow {
  readonly firstAckAt: number | null;
  /** Fault → first order acknowledged by the target region that was sent after the fault. null: never. */
  readonly firstAckMs: number | null;
  /**
   * Fault → the start of the first 3 consecutive seconds in which at least 99% of order attempts were
   * acknowledged: when shoppers can check out again, not when one order got through. null: never.
   */
  readonly rtoMs: number | null;
  /** detection + promotion + warmUp = rtoMs. */
  readonly parts: {
    readonly detectionMs: number;
    readonly promotionMs: number;
    readonly warmUpMs: number | null;
  };
  readonly steps: { readonly step: string; readonly status: string; readonly ms: number }[];
  readonly rpo: {
    readonly acknowledged: number;
    readonly lostOrders: number;
    /** How far before the fault the lost writes reach (fault − earliest lost acknowledgement); 0 when none. */
    readonly lostWindowMs: number;
    /** Acknowledgement times of the first and last lost order (epoch ms), or null. */
    readonly lostAcks: { readonly from: number; readonly to: number } | null;
    readonly lostKeys: string[];
  };
  readonly duplicates: number;
  readonly duplicateKeys: string[];
  readonly unacknowledged: number;
  readonly rejected: number;
  readonly phases: {
    readonly before: PhaseStats;
    readonly during: PhaseStats;
    readonly after: PhaseStats;
  };
  readonly series: SecondBucket[];
  readonly loadStart: number;
}

export function p99(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
}

export function phaseStats(attempts: readonly Attempt[]): PhaseStats {
  const acks = attempts.filter((a) => a.status >= 200 && a.status < 300).length;
  return {
    attempts: attempts.length,
    acks,
    errors: attempts.length - acks,
    p99Ms: p99(attempts.map((a) => a.ms)),
  };
}

/** The first acknowledgement by the target region of an attempt sent after the fault: the dead primary cannot have made it. */
export function firstRecoveryAck(
  journal: readonly JournalEntry[],
  to: string,
  faultAt: number,
): number | null {
  const acks = journal.filter((e) => e.region === to && e.sentAt >= faultAt).map((e) => e.ackAt);
  return acks.length ? Math.min(...acks) : null;
}

export function perSecond(attempts: readonly Attempt[], start: number): SecondBucket[] {
  const buckets: { acks: number; errors: number }[] = [];
  for (const a of attempts) {
    const s = Math.max(0, Math.floor((a.t + a.ms - start) / 1000));
    while (buckets.length <= s) buckets.push({ acks: 0, errors: 0 });
    if (a.status >= 200 && a.status < 300) buckets[s].acks++;
    else buckets[s].errors++;
  }
  return buckets.map((b, second) => ({ second, ...b }));
}

/** Seconds of steady acknowledgement, and the share, that end an outage (issue 13: ≥ 99% over 3 s). */
export const STEADY = { seconds: 3, share: 0.99 } as const;

/**
 * When checkout works again: the first acknowledgement of the first STEADY.seconds consecutive seconds (counted
 * from `from`) that each have attempts and at least STEADY.share of them acknowledged (an attempt counts in the
 * second its answer arrived).
 */
export function steadyAt(attempts: readonly Attempt[], from: number): number | null {
  const later = attempts.filter((a) => a.t + a.ms >= from);
  const buckets = perSecond(later, from);
  const good = (b: SecondBucket | undefined) =>
    !!b && b.acks + b.errors > 0 && b.acks >= STEADY.share * (b.acks + b.errors);
  for (let s = 0; s + STEADY.seconds <= buckets.length; s++) {
    if (buckets.slice(s, s + STEADY.seconds).every(good)) {
      const start = from + s * 1000;
      const acks = later
        .filter((a) => a.status >= 200 && a.status < 300 && a.t + a.ms >= start)
        .map((a) => a.t + a.ms);
      return Math.min(...acks);
    }
  }
  return null;
}

export interface MeasureInput extends FaultWindow {
  readonly loadStart: number;
  readonly attempts: readonly Attempt[];
  readonly journal: readonly JournalEntry[];
  readonly reconciliation: Reconciliation;
  readonly unacknowledged: number;
  readonly rejected: number;
  readonly steps: { step: string; status: string; ms: number }[];
}

export function measure(i: MeasureInput): Measurement {
  const firstAckAt = firstRecoveryAck(i.journal, i.to, i.faultAt);
  const detectedAt = Math.max(i.faultAt, i.detectedAt);
  // Clamp so the three parts always add up to the RTO, even when an ack races the promotion mark by a few ms.
  const promotedAt = Math.max(
    detectedAt,
    firstAckAt === null ? i.promotedAt : Math.min(i.promotedAt, firstAckAt),
  );
  const end = firstAckAt ?? Infinity;
  const steady = steadyAt(i.attempts, i.faultAt);
  const r = i.reconciliation;
  const earliestLost = r.lostWindow?.from;
  return {
    direction: i.direction,
    from: i.from,
    to: i.to,
    faultKind: i.faultKind,
    faultAt: i.faultAt,
    detectedAt,
    promotedAt,
    firstAckAt,
    firstAckMs: firstAckAt === null ? null : firstAckAt - i.faultAt,
    rtoMs: steady === null ? null : steady - i.faultAt,
    parts: {
      detectionMs: detectedAt - i.faultAt,
      promotionMs: promotedAt - detectedAt,
      warmUpMs: firstAckAt === null ? null : firstAckAt - promotedAt,
    },
    steps: i.steps,
    rpo: {
      acknowledged: r.acknowledged,
      lostOrders: r.missing.length,
      lostWindowMs: earliestLost === undefined ? 0 : Math.max(0, i.faultAt - earliestLost),
      lostAcks: r.lostWindow,
      lostKeys: r.missing.map((m) => m.key),
    },
    duplicates: r.duplicates.length,
    duplicateKeys: r.duplicates,
    unacknowledged: i.unacknowledged,
    rejected: i.rejected,
    phases: {
      before: phaseStats(i.attempts.filter((a) => a.t < i.faultAt)),
      during: phaseStats(i.attempts.filter((a) => a.t >= i.faultAt && a.t < end)),
      after: phaseStats(i.attempts.filter((a) => a.t >= end)),
    },
    series: perSecond(i.attempts, i.loadStart),
    loadStart: i.loadStart,
  };
}
