/**
 * The contract between the RegionSwitchActions component and its Lambda handler: the environment variables the
 * component writes and the handler reads. No AWS SDK here, so the Pulumi program loads it for free.
 */
import type { Direction } from "../../tiers/tierProfile";

/** The runbook steps the custom-action Lambda carries out (the rest are ARC blocks). */
export const ACTION_STEPS = [
  "check-target-health",
  "scale-database",
  "switch-routing",
  "drain-traffic",
  "set-region-role",
  "verify-health",
] as const;
export type ActionStep = (typeof ACTION_STEPS)[number];

export function isActionStep(value: unknown): value is ActionStep {
  return typeof value === "string" && (ACTION_STEPS as readonly string[]).includes(value);
}

/** What a step checks in one region. */
export interface RegionTargets {
  readonly albArn: string;
  readonly ecsClusterArn: string;
  readonly dbClusterArn: string;
}

export interface ActionConfig {
  /** Where this function runs (Lambda's `AWS_REGION`). */
  readonly region: string;
  /** The workflow action this function serves: it runs in the activating, or the deactivating, region. */
  readonly action: "activate" | "deactivate";
  readonly approach: "activePassive" | "activeActive";
  readonly primaryRegion: string;
  /** The plan's other region. */
  readonly peerRegion: string;
  /** The shop's name: /topology and /health/deep are probed there, as customers reach it. */
  readonly domainName: string;
  /** The steps this function may be invoked for; any other StepName is refused. */
  readonly steps: readonly ActionStep[];
  readonly targets: Readonly<Record<string, RegionTargets>>;
  readonly globalClusterId?: string;
  /** The routing switch object (DESIGN.md decision 15), owned by the primary stack, in the recovery region. */
  readonly routingSwitch?: {
    readonly bucket: string;
    readonly key: string;
    readonly region: string;
  };
  readonly acceleratorListenerArn?: string;
  /** REGION_ROLE of the storefront tasks: `auto` follows the database, so set-region-role verifies /topology. */
  readonly regionRoleMode: "auto" | "primary";
  /** scale-database: the Serverless v2 floor (ACUs) a promoted standby gets (TierProfile DatabaseCapacity). */
  readonly databaseFailoverMinAcu?: number;
}

/** Environment variable of each config field. */
export const ENV = {
  action: "SWITCH_ACTION",
  approach: "RECOVERY_APPROACH",
  primaryRegion: "PRIMARY_REGION",
  peerRegion: "PEER_REGION",
  domainName: "DOMAIN_NAME",
  steps: "ACTION_STEPS",
  targets: "REGION_TARGETS",
  globalClusterId: "GLOBAL_CLUSTER_ID",
  switchBucket: "SWITCH_BUCKET",
  switchKey: "SWITCH_KEY",
  switchRegion: "SWITCH_REGION",
  acceleratorListenerArn: "ACCELERATOR_LISTENER_ARN",
  regionRoleMode: "REGION_ROLE_MODE",
  databaseFailoverMinAcu: "DB_FAILOVER_MIN_ACU",
} as const;

/** The function's config from its environment; throws one error naming every missing or bad variable. */
export function configFromEnv(env: Readonly<Record<string, string | undefined>>): ActionConfig {
  const problems: string[] = [];
  const get = (key: string): string => {
    const v = env[key];
    if (v === undefined || v === "") problems.push(`${key} is not set`);
    return v ?? "";
  };
  const opt = (key: string): string | undefined => (env[key] ? env[key] : undefined);
  const region = get("AWS_REGION");
  const action = get(ENV.action);
  if (action && action !== "activate" && action !== "deactivate") {
    problems.push(`${ENV.action} must be activate or deactivate (got ${action})`);
  }
  const approach = get(ENV.approach);
  if (approach && approach !== "activePassive" && approach !== "activeActive") {
    problems.push(`${ENV.approach} must be activePassive or activeActive (got ${approach})`);
  }
  const steps = get(ENV.steps).split(",").filter(Boolean);
  const unknown = steps.filter((s) => !isActionStep(s));
  if (unknown.length) problems.push(`${ENV.steps} has unknown step(s) ${unknown.join(", ")}`);
  let targets: Record<string, RegionTargets> = {};
  try {
    targets = JSON.parse(get(ENV.targets) || "{}");
  } catch {
    problems.push(`${ENV.targets} is not JSON`);
  }
  const mode = opt(ENV.regionRoleMode) ?? "auto";
  if (mode !== "auto" && mode !== "primary")
    problems.push(`${ENV.regionRoleMode} must be auto or primary (got ${mode})`);
  const floorText = opt(ENV.databaseFailoverMinAcu);
  const floor = floorText === undefined ? undefined : Number(floorText);
  if (floor !== undefined && !(floor > 0)) {
    problems.push(
      `${ENV.databaseFailoverMinAcu} must be a positive number of ACUs (got ${floorText})`,
    );
  }
  if (steps.includes("scale-database") && floor === undefined)
    problems.push(`${ENV.databaseFailoverMinAcu} is required by scale-database`);
  const bucket = opt(ENV.switchBucket);
  const config: ActionConfig = {
    region,
    action: action as ActionConfig["action"],
    approach: approach as ActionConfig["approach"],
    primaryRegion: get(ENV.primaryRegion),
    peerRegion: get(ENV.peerRegion),
    domainName: get(ENV.domainName),
    steps: steps.filter(isActionStep),
    targets,
    globalClusterId: opt(ENV.globalClusterId),
    routingSwitch: bucket
      ? { bucket, key: get(ENV.switchKey), region: get(ENV.switchRegion) }
      : undefined,
    acceleratorListenerArn: opt(ENV.acceleratorListenerArn),
    regionRoleMode: mode as ActionConfig["regionRoleMode"],
    databaseFailoverMinAcu: floor,
  };
  if (problems.length)
    throw new Error(`region switch action misconfigured: ${problems.join("; ")}`);
  return config;
}

/** Where a step acts, from where the function runs and the action it serves. */
export interface Route {
  /** The region taking the primary role (or, active/active, staying in service). */
  readonly to: string;
  /** The other region. */
  readonly from: string;
  readonly direction: Direction;
}

/**
 * An activation runs in the region it activates: that region is the target, and activating the primary stack's
 * region is a failback. A deactivation (active/active) runs in the region going out, and acts on the one staying;
 * an active/active activation brings a region back alongside the other, so it is that tier's failback.
 */
export function routeOf(
  cfg: Pick<ActionConfig, "region" | "action" | "approach" | "primaryRegion" | "peerRegion">,
): Route {
  if (cfg.action === "deactivate")
    return { to: cfg.peerRegion, from: cfg.region, direction: "failover" };
  const direction =
    cfg.approach === "activeActive" || cfg.region === cfg.primaryRegion ? "failback" : "failover";
  return { to: cfg.region, from: cfg.peerRegion, direction };
}
