// Cross-stack policies: rules over the union of both stacks' resources, which no single `pulumi preview` can see
// (DESIGN contract 2). Each is a registered policy object, listed, configured and levelled like the pack's own.
import {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  UnknownValueError,
} from "@pulumi/policy";
import { makeGetConfig, NotApplicable } from "./args";
import { tierFacts } from "./tierFacts";

/** What a cross-stack policy sees: each stack's resources, linked as the analyzer links them, and its config. */
export interface CrossStackArgs {
  primary: PolicyResource[];
  recovery: PolicyResource[];
  /** Schema defaults, then the declared context keys (tier, regions, tier facts), then the policy's config. */
  getConfig<T extends object>(): T;
}

export type ReportCrossStack = (message: string, urn?: string) => void;

export interface CrossStackPolicy {
  /** Kebab-case, prefixed `cross-stack-`. */
  name: string;
  /** One sentence. */
  description: string;
  enforcementLevel: EnforcementLevel;
  configSchema?: PolicyConfigSchema;
  validateCrossStack: (args: CrossStackArgs, report: ReportCrossStack) => void;
}

export interface CrossStackContext {
  tier: string;
  primaryRegion: string;
  recoveryRegion: string;
  [fact: string]: unknown;
}

export interface CrossStackViolation {
  policy: string;
  level: "mandatory" | "advisory";
  resource: string | null;
  message: string;
}

/** Per-policy config as in a --policy-pack-config file: a level, or values with an optional level. */
export type CrossStackConfig = Record<
  string,
  string | ({ enforcementLevel?: string } & Record<string, unknown>)
>;

function levelOf(
  p: CrossStackPolicy,
  config: CrossStackConfig,
): "mandatory" | "advisory" | "disabled" {
  const c = config[p.name];
  const level =
    (typeof c === "string" ? c : c?.enforcementLevel) ?? p.enforcementLevel ?? "advisory";
  return level === "disabled" ? "disabled" : level === "advisory" ? "advisory" : "mandatory";
}

function overridesOf(p: CrossStackPolicy, config: CrossStackConfig): Record<string, unknown> {
  const c = config[p.name];
  if (!c || typeof c === "string") {
    return {};
  }
  const { enforcementLevel: _ignored, ...rest } = c;
  return rest;
}

/** Runs each cross-stack policy once; unknown values and notApplicable report nothing, as in a preview. */
export function runCrossStack(
  primary: PolicyResource[],
  recovery: PolicyResource[],
  ctx: CrossStackContext,
  list: readonly CrossStackPolicy[],
  config: CrossStackConfig = {},
): CrossStackViolation[] {
  const out: CrossStackViolation[] = [];
  // The tier's facts follow its name unless the caller gave them (DESIGN decision 18): a caller with only the
  // tier cannot get another tier's facts from the schema defaults.
  const context: CrossStackContext = { ...tierFacts(ctx.tier), ...ctx };
  for (const p of list) {
    const level = levelOf(p, config);
    if (level === "disabled") {
      continue;
    }
    const args: CrossStackArgs = {
      primary,
      recovery,
      getConfig: makeGetConfig(p.configSchema, context, overridesOf(p, config)),
    };
    try {
      p.validateCrossStack(args, (message, urn) =>
        out.push({
          policy: p.name,
          level,
          resource: urn ?? null,
          message: message || p.description,
        }),
      );
    } catch (e) {
      if (!(e instanceof NotApplicable || e instanceof UnknownValueError)) {
        throw e;
      }
    }
  }
  return out;
}
