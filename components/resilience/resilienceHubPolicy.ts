import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../iam";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { PROJECT_TAG_VALUE } from "../tags";

/** Resilience Hub policy tiers (the service's own vocabulary, not the DR tier). */
export const RESILIENCY_POLICY_TIERS = [
  "MissionCritical",
  "Critical",
  "Important",
  "CoreServices",
  "NonCritical",
  "NotApplicable",
] as const;
export type ResiliencyPolicyTier = (typeof RESILIENCY_POLICY_TIERS)[number];

/** Disaster-recovery approaches the Resilience Hub v2 policy accepts for its multi-Region requirement. */
export const V2_DR_APPROACHES = [
  "ACTIVE_ACTIVE",
  "HOT_STANDBY",
  "WARM_STANDBY",
  "PILOT_LIGHT",
  "BACKUP_AND_RESTORE",
] as const;
export type V2DisasterRecoveryApproach = (typeof V2_DR_APPROACHES)[number];

/** RPO/RTO in minutes. */
export interface RecoveryObjectives {
  readonly rpoMinutes: number;
  readonly rtoMinutes: number;
}

/** Resilience Hub v2 (services model): a policy with Multi-AZ and multi-Region requirements and a service under it. */
export interface ResilienceHubV2Args {
  /** Regions the service runs in (primary first). Must hold at least 1. */
  readonly regions: string[];
  /** The multi-Region approach assessed against. Required. */
  readonly disasterRecoveryApproach: V2DisasterRecoveryApproach;
  /** Tag values of `project` that Resilience Hub discovers the service's resources by. Defaults to `["securecart"]`. */
  readonly discoveryTagValues?: string[];
}

export interface ResilienceHubPolicyArgs {
  /** Label of the DR setup this policy describes (e.g. the DR tier), used in the policy's name and description. Required. */
  readonly tier: string;
  /** Regional-disaster recovery point objective in minutes (> 0). Required. */
  readonly rpoMinutes: number;
  /** Regional-disaster recovery time objective in minutes (> 0). Required. */
  readonly rtoMinutes: number;
  /**
   * The RPO/RTO the platform is computed to achieve (the DR contract). When present it replaces `rpoMinutes` and
   * `rtoMinutes`, so the policy assesses against what was built rather than what was hoped for. Defaults to `undefined`.
   */
  readonly contract?: RecoveryObjectives;
  /** Resilience Hub's criticality tier for the policy. Defaults to `MissionCritical`. */
  readonly policyTier?: ResiliencyPolicyTier;
  /** Ceiling, in minutes, on RPO and RTO for AZ, hardware and software failures. Defaults to `5`. */
  readonly inRegionCapMinutes?: number;
  /** Where recovery data may live: `AnyLocation`, `SameContinent` or `SameCountry`. Defaults to `AnyLocation`. */
  readonly dataLocationConstraint?: "AnyLocation" | "SameContinent" | "SameCountry";
  /** Also create the Resilience Hub v2 policy and service (DESIGN decision 11). Defaults to `undefined` (v1 policy only). */
  readonly v2?: ResilienceHubV2Args;
}

/** ResilienceHubPolicyArgs with every default applied; `contract` and `v2` stay optional (absent: not used). */
export interface ResolvedResilienceHubPolicyArgs extends Required<
  Omit<ResilienceHubPolicyArgs, "contract" | "v2">
> {
  readonly contract?: RecoveryObjectives;
  readonly v2?: Required<ResilienceHubV2Args>;
}

const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,59}$/;

function positive(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value > 0;
}

/** ResilienceHubPolicyArgs with every default applied, and every problem with them, each naming its property. */
export function resolveResilienceHubPolicyArgs(
  name: string,
  args: ResilienceHubPolicyArgs,
): Resolved<ResolvedResilienceHubPolicyArgs> {
  const errors: string[] = [];
  if (!positive(args.rpoMinutes))
    errors.push(`rpoMinutes must be a number > 0 (got ${args.rpoMinutes})`);
  if (!positive(args.rtoMinutes))
    errors.push(`rtoMinutes must be a number > 0 (got ${args.rtoMinutes})`);
  if (args.contract) {
    if (!positive(args.contract.rpoMinutes))
      errors.push(`contract.rpoMinutes must be a number > 0 (got ${args.contract.rpoMinutes})`);
    if (!positive(args.contract.rtoMinutes))
      errors.push(`contract.rtoMinutes must be a number > 0 (got ${args.contract.rtoMinutes})`);
  }
  if (args.inRegionCapMinutes !== undefined && !positive(args.inRegionCapMinutes)) {
    errors.push(`inRegionCapMinutes must be a number > 0 (got ${args.inRegionCapMinutes})`);
  }
  if (
    args.policyTier !== undefined &&
    !(RESILIENCY_POLICY_TIERS as readonly string[]).includes(args.policyTier)
  ) {
    errors.push(
      `policyTier must be one of ${RESILIENCY_POLICY_TIERS.join(", ")} (got "${args.policyTier}")`,
    );
  }
  const policyName = resiliencyPolicyName(name, args.tier);
  if (!POLICY_NAME.test(policyName)) {
    errors.push(
      `tier must make a policy name of 2-60 letters, digits, _ or - (got "${policyName}")`,
    );
  }
  if (args.v2) {
    if (args.v2.regions.length < 1) errors.push("v2.regions must hold at least 1 region");
    if (!(V2_DR_APPROACHES as readonly string[]).includes(args.v2.disasterRecoveryApproach)) {
      errors.push(
        `v2.disasterRecoveryApproach must be one of ${V2_DR_APPROACHES.join(", ")} (got "${args.v2.disasterRecoveryApproach}")`,
      );
    }
  }
  const resolved: ResolvedResilienceHubPolicyArgs = {
    ...args,
    policyTier: args.policyTier ?? "MissionCritical",
    inRegionCapMinutes: args.inRegionCapMinutes ?? 5,
    dataLocationConstraint: args.dataLocationConstraint ?? "AnyLocation",
    v2: args.v2 && {
      ...args.v2,
      discoveryTagValues: args.v2.discoveryTagValues ?? [PROJECT_TAG_VALUE],
    },
  };
  return { args: resolved, errors };
}

export function resiliencyPolicyName(name: string, tier: string): string {
  return `${name}-${tier}`;
}

/** A duration in minutes as the whole-second Go duration the provider takes (Resilience Hub stores seconds). */
export function secondsDuration(minutes: number): string {
  return `${Math.round(minutes * 60)}s`;
}

/**
 * The resiliency policy map. A Region failure is held to the DR targets. AZ, hardware and software failures are
 * absorbed inside the region (Multi-AZ Aurora and cache failover, ASG/ECS replacement in minutes, no cross-region
 * restore), so they are held to a tighter bar: min(target, cap). The min never loosens a target that is already
 * tighter than the cap (active-active's 30 s RPO stays 30 s).
 */
export function resiliencyPolicyMap(objectives: RecoveryObjectives, capMinutes: number) {
  const local = {
    rpo: secondsDuration(Math.min(objectives.rpoMinutes, capMinutes)),
    rto: secondsDuration(Math.min(objectives.rtoMinutes, capMinutes)),
  };
  return {
    region: {
      rpo: secondsDuration(objectives.rpoMinutes),
      rto: secondsDuration(objectives.rtoMinutes),
    },
    az: { ...local },
    hardware: { ...local },
    software: { ...local },
  };
}

/**
 * The Resilience Hub resiliency policy for the shop: the DR tier's RPO/RTO for a Region failure and tighter
 * in-region bars for AZ, hardware and software failures. The primary stack always creates it (DESIGN decision 11).
 *
 * With `v2`, it also creates the Resilience Hub v2 policy (whole minutes: the v2 API has no seconds, so a
 * sub-minute target is rounded up to 1 minute there and stays exact in the v1 policy) and a v2 service under it
 * that discovers the shop's resources by the `project` tag, assessed through an invoker role Resilience Hub assumes.
 */
export class ResilienceHubPolicy extends pulumi.ComponentResource {
  public readonly policyArn: pulumi.Output<string>;
  /** RPO/RTO the policy holds a Region failure to (the contract when given, else the targets). */
  public readonly objectives: RecoveryObjectives;
  public readonly v2PolicyArn?: pulumi.Output<string>;
  public readonly v2ServiceArn?: pulumi.Output<string>;

  constructor(
    name: string,
    args: ResilienceHubPolicyArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:resilience:ResilienceHubPolicy", name, {}, opts);
    const a = requireValid(
      resolveResilienceHubPolicyArgs(name, args),
      "ResilienceHubPolicy",
      name,
      this,
    );

    const objectives: RecoveryObjectives = a.contract ?? {
      rpoMinutes: a.rpoMinutes,
      rtoMinutes: a.rtoMinutes,
    };
    const cap = a.inRegionCapMinutes;
    const tags = { "dr-tier": a.tier };
    const opt = { parent: this };
    const source = a.contract ? "computed DR contract" : "tier targets";

    const policy = new aws.resiliencehub.ResiliencyPolicy(
      `${name}-policy`,
      {
        name: resiliencyPolicyName(name, a.tier),
        description: `SecureCart ${a.tier}: Region RPO ${objectives.rpoMinutes} min / RTO ${objectives.rtoMinutes} min (${source})`,
        tier: a.policyTier,
        dataLocationConstraint: a.dataLocationConstraint,
        policy: resiliencyPolicyMap(objectives, cap),
        tags,
      },
      opt,
    );

    this.objectives = objectives;
    this.policyArn = policy.arn;

    if (a.v2) {
      const wholeMinutes = (m: number) => Math.max(1, Math.ceil(m));
      const v2Policy = new aws.resiliencehub.V2Policy(
        `${name}-v2-policy`,
        {
          name: resiliencyPolicyName(name, a.tier),
          description: `SecureCart ${a.tier} (${source})`,
          multiAz: {
            disasterRecoveryApproach: "ACTIVE_ACTIVE",
            rpoInMinutes: wholeMinutes(Math.min(objectives.rpoMinutes, cap)),
            rtoInMinutes: wholeMinutes(Math.min(objectives.rtoMinutes, cap)),
          },
          multiRegion: {
            disasterRecoveryApproach: a.v2.disasterRecoveryApproach,
            rpoInMinutes: wholeMinutes(objectives.rpoMinutes),
            rtoInMinutes: wholeMinutes(objectives.rtoMinutes),
          },
          tags,
        },
        opt,
      );
      // Resilience Hub reads the discovered resources through this role; the AWS managed policy is read-only.
      const invoker = new aws.iam.Role(
        `${name}-invoker`,
        {
          description: "Resilience Hub assessment of the SecureCart service",
          assumeRolePolicy: serviceTrustPolicy("resiliencehub.amazonaws.com"),
          tags,
        },
        opt,
      );
      const invokerPolicy = new aws.iam.RolePolicyAttachment(
        `${name}-invoker`,
        {
          role: invoker.name,
          policyArn: "arn:aws:iam::aws:policy/AWSResilienceHubAsssessmentExecutionPolicy",
        },
        opt,
      );
      const service = new aws.resiliencehub.V2Service(
        `${name}-service`,
        {
          name: resiliencyPolicyName(name, a.tier),
          description: `SecureCart storefront (${a.tier})`,
          policyArn: v2Policy.arn,
          regions: a.v2.regions,
          permissionModel: { invokerRoleName: invoker.name },
          tags,
        },
        { parent: this, dependsOn: [invokerPolicy] },
      );
      new aws.resiliencehub.V2InputSource(
        `${name}-tags`,
        {
          serviceArn: service.arn,
          resourceConfiguration: {
            resourceTags: [{ key: "project", values: a.v2.discoveryTagValues }],
          },
        },
        opt,
      );
      this.v2PolicyArn = v2Policy.arn;
      this.v2ServiceArn = service.arn;
    }

    this.registerOutputs({
      policyArn: this.policyArn,
      v2PolicyArn: this.v2PolicyArn,
      v2ServiceArn: this.v2ServiceArn,
    });
  }
}
