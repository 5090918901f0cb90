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
export function observe(
  state: TargetHealth,
  ok: boolean,
  threshold: number,
  now: number,
): TargetHealth {
  if (state.healthy === undefined) return { healthy: ok, streak: 0, changedAt: now };
  if (ok === state.healthy) return state.streak === 0 ? state : { ...state, streak: 0 };
  const streak = state.streak + 1;
  if (streak >= threshold) return { healthy: ok, streak: 0, changedAt: now };
  return { ...state, streak };
}

/**
 * `failover`: Route 53 failover records, PRIMARY then SECONDARY (fixed: no record changes role at run time).
 * `switch-gated`: the same records where the switch alone gates the PRIMARY (a recovery region rebuilt from
 * backups: components/tiers/tierProfile.ts, failsOverOnDeepHealth).
 * `all-healthy`: Global Accelerator endpoint groups: every healthy target (dials 100/100).
 */
export type RoutingMode = "failover" | "switch-gated" | "all-healthy";

/**
 * The targets that get traffic. `order` is the records' order (PRIMARY first); drained targets never get
 * traffic. In `failover` mode the PRIMARY's health check is CALCULATED, as the program plans it
 * (components/traffic/routingSwitch.ts): its deep check AND the routing switch (`switchOn`: the switch object's
 * own check, which fails when it says anything but `primary=on` or cannot be read). Route 53 answers with the
 * PRIMARY while that passes, else with the SECONDARY while its deep check passes, and with both failing, with
 * the PRIMARY ("How health checks work in simple and complex configurations":
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html). Global
 * Accelerator likewise fails open when no endpoint is healthy.
 */
export function pickTargets(
  mode: RoutingMode,
  order: readonly string[],
  health: Readonly<Record<string, TargetHealth>>,
  drained: ReadonlySet<string> = new Set(),
  switchOn = true,
): string[] {
  const candidates = order.filter((t) => !drained.has(t));
  if (mode === "failover" || mode === "switch-gated") {
    const [primary, ...others] = candidates;
    const primaryPasses =
      switchOn && (mode === "switch-gated" || health[primary]?.healthy === true);
    if (primary !== undefined && primaryPasses) return [primary];
    const secondary = others.find((t) => health[t]?.healthy === true);
    return secondary ? [secondary] : candidates.slice(0, 1);
  }
  const healthy = candidates.filter((t) => health[t]?.healthy === true);
  return healthy.length > 0 ? healthy : candidates;
}

/**
 * What each mode's front door probes. Route 53's checks read the deep path. Global Accelerator takes an ALB's
 * health from ELB target health, and the target groups check the shallow /healthz
 * (https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html).
 */
export function healthPathOf(mode: RoutingMode): string {
  return mode === "all-healthy" ? "/healthz" : "/health/deep";
}

/**
 * The dial follower's decision (components/observability/probes/dialFollower.mjs, decide()): the one target whose
 * deep check has failed while another passes and still takes traffic is drained; never the last one, never
 * when both fail, and nothing is ever undrained here.
 */
export function followerDrains(
  deep: Readonly<Record<string, TargetHealth>>,
  drained: ReadonlySet<string>,
): string | undefined {
  const names = Object.keys(deep);
  const dead = names.filter((n) => deep[n].healthy === false);
  const serving = names.filter((n) => deep[n].healthy === true && !drained.has(n));
  if (dead.length !== 1 || serving.length === 0 || drained.has(dead[0])) return undefined;
  return dead[0];
}
