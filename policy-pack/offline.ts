// Offline runner: runs the policies over planned resources (from setMocks) exactly as the analyzer would,
// and pairs the two stacks' halves, which no single `pulumi preview` can see (DESIGN contract 2).
import {
  PolicyConfigSchema,
  ResourceValidation,
  ResourceValidationPolicy,
  StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import {
  makeResourceArgs,
  makeStackArgs,
  NotApplicable,
  providerIndex,
  RawResource,
  toPolicyResources,
} from "./args";
import { crossStackPolicies, policies } from "./policies";
import { asArray } from "./rules/common";
import { CrossStackContext, CrossStackPolicy, runCrossStack } from "./crossStack";
import { TierFacts, tierFacts } from "./tierFacts";

export interface PlannedResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  inputs: Record<string, any>;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  provider?: string;
  /** Input properties the engine will not update (`ignoreChanges`), as planned. */
  ignoreChanges?: string[];
  /** Resource options as the engine records them (absent in hand-made test fixtures). */
  protect?: boolean;
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
  /** Every URN the engine would match this resource to, inherited aliases included. */
  aliases?: string[];
  /** Read, not created (a `StackReference`, a `.get`): `pulumi preview` shows it as `> … read`. */
  read?: boolean;
}

export interface Violation {
  policy: string;
  level: "mandatory" | "advisory";
  resource: string | null /* URN */;
  message: string;
}

export interface StackPolicyContext extends Partial<TierFacts> {
  role: "primary" | "recovery";
  tier: string;
  region: string;
  peerRegion: string;
}

type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;
/** Per-policy config as in a --policy-pack-config file: a level, or an object of values and a level. */
export type PolicyPackConfig = Record<
  string,
  string | ({ enforcementLevel?: string } & Record<string, unknown>)
>;

function levelOf(p: AnyPolicy, config: PolicyPackConfig): "mandatory" | "advisory" | "disabled" {
  const c = config[p.name];
  const configured = typeof c === "string" ? c : c?.enforcementLevel;
  // The engine's pack-level default is "advisory"; "remediate" validates as "mandatory".
  const level = configured ?? p.enforcementLevel ?? "advisory";
  return level === "disabled" ? "disabled" : level === "advisory" ? "advisory" : "mandatory";
}

function overridesOf(p: AnyPolicy, config: PolicyPackConfig): Record<string, unknown> {
  const c = config[p.name];
  if (!c || typeof c === "string") {
    return {};
  }
  const { enforcementLevel: _ignored, ...rest } = c;
  return rest;
}

function isResourcePolicy(p: AnyPolicy): p is ResourceValidationPolicy {
  const v = (p as ResourceValidationPolicy).validateResource;
  return typeof v === "function" || Array.isArray(v);
}

function isStackPolicy(p: AnyPolicy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Runs `fn`; a policy that is not applicable or meets an unknown value reports nothing (as in preview). */
function guarded(policy: string, fn: () => unknown): void {
  try {
    const out = fn();
    if (out && typeof (out as Promise<void>).then === "function") {
      throw new Error(`policy ${policy} is asynchronous; use runPoliciesAsync`);
    }
  } catch (e) {
    if (e instanceof NotApplicable || e instanceof UnknownValueError) {
      return;
    }
    throw e;
  }
}

async function guardedAsync(fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof NotApplicable || e instanceof UnknownValueError) {
      return;
    }
    throw e;
  }
}

interface Call {
  policy: AnyPolicy;
  run: () => unknown;
}

function plan(
  resources: PlannedResource[],
  ctx: StackPolicyContext,
  policyList: AnyPolicy[],
  config: PolicyPackConfig,
  out: Violation[],
): Call[] {
  const calls: Call[] = [];
  // The tier's facts, as policyConfig.ts writes them for the CLI (DESIGN decision 18), unless given.
  const context = { ...tierFacts(ctx.tier), ...ctx };
  const providerFor = providerIndex(resources as RawResource[]);
  const reporter =
    (p: AnyPolicy, level: "mandatory" | "advisory", fallbackUrn: string | null) =>
    (message: string, urn?: string) => {
      out.push({
        policy: p.name,
        level,
        resource: urn ?? fallbackUrn,
        message: message || p.description,
      });
    };
  for (const p of policyList) {
    const level = levelOf(p, config);
    if (level === "disabled") {
      continue;
    }
    const schema: PolicyConfigSchema | undefined = p.configSchema;
    const overrides = overridesOf(p, config);
    if (isResourcePolicy(p)) {
      const validations: ResourceValidation[] = asArray(p.validateResource);
      for (const r of resources) {
        for (const validation of validations) {
          // The engine skips a single typed validation when the type differs, before calling it. validateResourceOfType
          // tags the function with __pulumiType, and @pulumi/policy's server.js reads it back through its internal
          // getPulumiType, which the package's typings do not export: this reads the same field the same way.
          const pulumiType = (validation as { __pulumiType?: string }).__pulumiType;
          if (!Array.isArray(p.validateResource) && pulumiType && pulumiType !== r.type) {
            continue;
          }
          calls.push({
            policy: p,
            run: () => {
              const args = makeResourceArgs({
                type: r.type,
                props: r.inputs ?? {},
                urn: r.urn,
                name: r.name,
                parent: r.parent,
                provider: providerFor(r as RawResource),
                schema,
                context,
                config: overrides,
              });
              return validation(args, reporter(p, level, r.urn));
            },
          });
        }
      }
    } else if (isStackPolicy(p)) {
      calls.push({
        policy: p,
        run: () => {
          const args = makeStackArgs({
            resources: toPolicyResources(resources),
            schema,
            context,
            config: overrides,
          });
          return p.validateStack(args, reporter(p, level, null));
        },
      });
    }
  }
  return calls;
}

/** Runs every policy over one stack's planned resources. Synchronous policies only (all of ours are). */
export function runPolicies(
  resources: PlannedResource[],
  ctx: StackPolicyContext,
  policyList: AnyPolicy[] = policies,
  config: PolicyPackConfig = {},
): Violation[] {
  const out: Violation[] = [];
  for (const call of plan(resources, ctx, policyList, config, out)) {
    guarded(call.policy.name, call.run);
  }
  return out;
}

/** As runPolicies, awaiting asynchronous validations. */
export async function runPoliciesAsync(
  resources: PlannedResource[],
  ctx: StackPolicyContext,
  policyList: AnyPolicy[] = policies,
  config: PolicyPackConfig = {},
): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const call of plan(resources, ctx, policyList, config, out)) {
    await guardedAsync(call.run);
  }
  return out;
}

// ---- Cross-stack pairing -------------------------------------------------------------------------

export type { CrossStackContext } from "./crossStack";

/**
 * Runs the registered cross-stack policies over both stacks (each linked as its own analyzer would link it),
 * with the tier's facts added to the context, and reports a missing or mismatched partner.
 */
export function crossStackViolations(
  primary: PlannedResource[],
  recovery: PlannedResource[],
  ctx: CrossStackContext,
  policyList: readonly CrossStackPolicy[] = crossStackPolicies,
  config: PolicyPackConfig = {},
): Violation[] {
  return runCrossStack(
    toPolicyResources(primary),
    toPolicyResources(recovery),
    ctx,
    policyList,
    config,
  );
}
