/**
 * The offline plan: runs the real program for each stack under mocks, in deploy order, feeding the recovery
 * stack the primary's planned outputs, then runs the policy pack over each stack and pairs the two stacks.
 */
import { PlanError } from "./planError";
import type { PlannedResource, Violation } from "../../policy-pack/offline";
import { crossStackViolations, runPolicies } from "../../policy-pack/offline";
import { buildPolicyConfig } from "../../policy-pack/policyConfig";
import { platform } from "../../components/platform";
import {
  DrTier,
  isDrTier,
  recoveryTakesTraffic,
  TIER_PROFILES,
} from "../../components/tiers/tierProfile";
import { monthlyCost } from "./cost";
import { deployOrder, findStack, peerOf, PROJECT } from "../../stacks/topology";
import { planConfig } from "./stackConfig";
import { checkStackConfigs } from "./checkConfig";
import { runUnderMocks } from "./runUnderMocks";
import type { PlannedInvoke } from "./mockAws";

export interface DrContractSummary {
  readonly rpoMinutes: number | null;
  readonly rtoMinutes: number | null;
  readonly monthlyUsd: { readonly primary: number | null; readonly recovery: number | null };
  readonly [extra: string]: unknown;
}

export interface StackPlan {
  readonly stack: string;
  readonly region: string;
  readonly role: string;
  readonly tier: string;
  readonly resources: PlannedResource[];
  readonly violations: Violation[];
  readonly contract: DrContractSummary;
  readonly outputs: Record<string, unknown>;
  /** The data-source calls a run of this stack makes, with their regions (every run makes them). */
  readonly invokes: readonly PlannedInvoke[];
}

export interface PairPlan {
  readonly stacks: StackPlan[];
  readonly crossStackViolations: Violation[];
}

export { PlanError };

/** Org-qualified reference name → stack name (`organization/securecart/prod-us-east-1` → `prod-us-east-1`). */
function outputsByStack(plans: StackPlan[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const p of plans) {
    out[p.stack] = p.outputs;
    out[`organization/${PROJECT}/${p.stack}`] = p.outputs;
  }
  return out;
}

/** Plans one stack, given the already-planned stacks it may reference. */
async function planOne(
  stack: string,
  tier: DrTier | undefined,
  earlier: StackPlan[],
  extra: Record<string, string> = {},
): Promise<StackPlan> {
  const topo = findStack(stack);
  if (!topo) throw new PlanError(`unknown stack ${stack}`);
  const config = planConfig(stack, tier, extra);
  let result;
  try {
    result = await runUnderMocks(platform, {
      stack,
      config,
      stackOutputs: outputsByStack(earlier),
    });
  } catch (e) {
    throw new PlanError(`${stack}: ${(e as Error).message}`);
  }
  const outputs = result.outputs;
  const role = String(config[`${PROJECT}:role`] ?? topo.role);
  const planTier = String(outputs.drTier ?? tier ?? "");
  const region = String(config["aws:region"] ?? topo.region);
  const context = {
    role: role as "primary" | "recovery",
    tier: planTier,
    region,
    peerRegion: peerOf(stack)?.region ?? "",
  };
  // The policy config CI writes for this stack (policy-pack/policyConfig.ts), so both judge alike.
  const policyConfig = buildPolicyConfig(context as Parameters<typeof buildPolicyConfig>[0], {
    deletionProtection: config[`${PROJECT}:deletionProtection`] !== "false",
  });
  const violations = runPolicies(result.resources, context, undefined, policyConfig);
  const contract = (outputs.contract as DrContractSummary | undefined) ?? {
    rpoMinutes: null,
    rtoMinutes: null,
    monthlyUsd: { primary: null, recovery: null },
  };
  return {
    stack,
    region,
    role,
    tier: planTier,
    resources: result.resources,
    violations,
    contract,
    outputs,
    invokes: result.invokes,
  };
}

/**
 * Plans `only` (or every stack) under `tier` (or each stack's configured tier). Stacks a requested stack
 * references are planned first, since their outputs are its inputs; only the requested ones are returned.
 */
export interface PlanOptions {
  /** Plan only this stack (and, first, the stacks it references). */
  readonly only?: string;
  /** Plan as if the primary's `drTier` were this. */
  readonly tier?: DrTier;
  /** Extra config per stack, over its stack file (as `pulumi config set` would leave it). */
  readonly config?: Readonly<Record<string, Record<string, string>>>;
}

export async function plan(options: PlanOptions = {}): Promise<PairPlan> {
  const order = deployOrder();
  const wanted = options.only ? upTo(order, options.only) : order;
  // Every stack file's mistakes in one run: the engine would stop at the first stack that fails.
  checkStackConfigs(wanted, (stack) => planConfig(stack, options.tier, options.config?.[stack]));
  const plans: StackPlan[] = [];
  for (const stack of wanted)
    plans.push(await planOne(stack, options.tier, plans, options.config?.[stack]));
  // The costs cover the whole deployment whichever stacks were asked for: the recovery stack also creates
  // resources in the primary's region (the links it owns, DESIGN.md decision 1), so a plan of the primary alone
  // would otherwise report a smaller primary. A later stack that cannot be planned is left out, and the
  // contract's `costIncludes` says so.
  const costOnly: StackPlan[] = [];
  for (const stack of order.filter((s) => !wanted.includes(s))) {
    try {
      costOnly.push(
        await planOne(stack, options.tier, [...plans, ...costOnly], options.config?.[stack]),
      );
    } catch (e) {
      if (!(e instanceof PlanError)) throw e;
    }
  }
  const priced = withCosts([...plans, ...costOnly]).slice(0, plans.length);
  const primary = priced.find((p) => p.role === "primary");
  const recovery = priced.find((p) => p.role === "recovery");
  const cross =
    primary && recovery && !options.only
      ? crossStackViolations(primary.resources, recovery.resources, {
          tier: primary.tier,
          primaryRegion: primary.region,
          recoveryRegion: recovery.region,
        })
      : [];
  return {
    stacks: options.only ? priced.filter((p) => p.stack === options.only) : priced,
    crossStackViolations: cross,
  };
}

/**
 * Fills each stack's contract with the monthly cost of the primary and recovery regions, over every stack
 * planned (the recovery stack also creates resources in the primary region). A region not planned is null.
 * Services whose API is in us-west-2 (Global Accelerator, the ARC cluster of `securecart:arcRoutingControl`)
 * bill to the primary's home region, so they land in `primary`, and so lower `recoveryCostShare`.
 */
function withCosts(plans: StackPlan[]): StackPlan[] {
  const primary = plans.find((p) => p.role === "primary");
  if (!primary) return plans;
  const recoveryRegion =
    plans.find((p) => p.role === "recovery")?.region ?? peerOf(primary.stack)?.region ?? "";
  const activeActive = isDrTier(primary.tier) && recoveryTakesTraffic(TIER_PROFILES[primary.tier]);
  const report = monthlyCost(plans, {
    trafficShare: activeActive
      ? { [primary.region]: 0.5, [recoveryRegion]: 0.5 }
      : { [primary.region]: 1 },
    homeRegion: primary.region,
  });
  const recoveryPlanned = plans.some((p) => p.role === "recovery");
  const usdPrimary = report.byRegion[primary.region] ?? 0;
  const usdRecovery = recoveryPlanned ? (report.byRegion[recoveryRegion] ?? 0) : null;
  const target = isDrTier(primary.tier)
    ? TIER_PROFILES[primary.tier].targets.recoveryCostShare
    : null;
  const share =
    usdRecovery === null || usdPrimary === 0
      ? null
      : Math.round((usdRecovery / usdPrimary) * 1000) / 1000;
  return plans.map((p) => ({
    ...p,
    contract: {
      ...p.contract,
      monthlyUsd: { primary: usdPrimary, recovery: usdRecovery },
      // What the figures are made of: by region, from every stack costed (DESIGN.md contract 1 allows added fields).
      costIncludes: {
        stacks: plans.map((x) => x.stack),
        primary: `${primary.region}: every costed stack's resources there, and the us-west-2 control-plane services (Global Accelerator, ARC)`,
        recovery: `${recoveryRegion}: every costed stack's resources there`,
        capacity: Number(primary.outputs.capacity),
      },
      recoveryCostShare: share,
      meetsTargets: {
        ...((p.contract.meetsTargets as object) ?? {}),
        cost: share === null || target === null ? null : share <= target,
      },
    },
  }));
}

function upTo(order: string[], stack: string): string[] {
  const i = order.indexOf(stack);
  if (i < 0) throw new PlanError(`unknown stack ${stack}`);
  return order.slice(0, i + 1);
}

/** The `plan --json` document of one stack (DESIGN.md, contract 1). */
export function stackDocument(p: StackPlan): Record<string, unknown> {
  return {
    stack: p.stack,
    region: p.region,
    role: p.role,
    tier: p.tier,
    resources: p.resources.map(resourceDocument),
    violations: p.violations,
    contract: p.contract,
    outputs: p.outputs,
  };
}

/** One planned resource as contract 1 prints it: identity, inputs, and what the engine's state records. */
export function resourceDocument(r: PlannedResource): Record<string, unknown> {
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    parent: r.parent,
    inputs: r.inputs,
    dependencies: r.dependencies,
    ignoreChanges: r.ignoreChanges ?? [],
    protect: r.protect ?? false,
    retainOnDelete: r.retainOnDelete ?? false,
    deleteBeforeReplace: r.deleteBeforeReplace ?? false,
    aliases: r.aliases ?? [],
  };
}
