/**
 * The front door's health logic, pure so it can be tested without sockets. It mirrors Route 53: a target flips
 * only after `threshold` consecutive probes disagree with its current state, so one slow probe does not fail a
 * region over, and a recovering region must prove itself before it gets traffic back.
 */

export interface TargetHealth {
  /** undefined until the first probe: that probe decides, like the storefront's first role check. */
  readonly healthy: boolean | undefined;
  /** Consecutive probes that disagreed with `healthy`. */
  readonly streak: number;
  readonly changedAt?: number;
}

export const UNKNOWN: TargetHealth = { healthy: undefined, streak: 0 };

/** Folds one probe result into a target's state. */
export function observe(state: TargetHealth, ok: boolean, threshold: number, now: number): TargetHealth {
  if (state.healthy === undefined) return { healthy: ok, streak: 0, changedAt: now };
  if (ok === state.healthy) return state.streak === 0 ? state : { ...state, streak: 0 };
  const streak = state.streak + 1;
  if (streak >= threshold) return { healthy: ok, streak: 0, changedAt: now };
  return { ...state, streak };
}

/**
 * `failover`: Route 53 failover records: the first healthy target in priority order.
 * `all-healthy`: Global Accelerator endpoint groups: every healthy target (dials 100/100).
 */
export type RoutingMode = "failover" | "all-healthy";

/**
 * The targets that get traffic. `order` is priority order (PRIMARY first); drained targets never get traffic.
 * When no target is healthy, Route 53 and Global Accelerator fail open (treat all as healthy) rather than answer
 * nothing, so we do too.
 */
export function pickTargets(
  mode: RoutingMode,
  order: readonly string[],
  health: Readonly<Record<string, TargetHealth>>,
  drained: ReadonlySet<string> = new Set(),
): string[] {
  const candidates = order.filter((t) => !drained.has(t));
  const healthy = candidates.filter((t) => health[t]?.healthy === true);
  const pool = healthy.length > 0 ? healthy : candidates;
  return mode === "failover" ? pool.slice(0, 1) : pool;
}
