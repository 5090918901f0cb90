/**
 * The routing switch's two states (./routingSwitch.ts), in a module of their own: the failover runbook writes
 * them and must not load Pulumi to know them.
 */
/** The switch object's body while the primary region may serve; anything else takes its PRIMARY record out. */
export const SWITCH_ON = "primary=on";
/** What the runbook writes to fail over. */
export const SWITCH_OFF = "primary=off";
/** The switch object's key in its bucket. */
export const DEFAULT_SWITCH_KEY = "routing/primary";
