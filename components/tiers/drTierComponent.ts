import * as pulumi from "@pulumi/pulumi";
import { TierProfile } from "./tierProfile";
import { composeRegion } from "./composeRegion";
import { requireValid } from "../lib/resolveArgs";
import { DrTierArgs, resolveDrTierArgs } from "./tierArgs";

export type { DrTierArgs, PrimaryLink } from "./tierArgs";

/**
 * The one component type of every tier. A URN holds the whole chain of parent types (DESIGN.md decision 13),
 * so a type per tier would give every resource a new identity on a tier switch: `pulumi up` would create a
 * second platform and delete the first, databases included. With one type and the tier as data (the `drTier`
 * output, the profile), everything two tiers share keeps its URN, with no aliases to carry forever. Chosen over
 * "each tier component aliases the other three", which would leave three alias URNs on every resource and
 * rename the whole state on each switch.
 */
export const DR_TIER_TYPE = "securecart:tiers:DrTier";

/**
 * What the four tier components share: each composes the same building blocks for its region's role, with
 * its own TierProfile. The subclasses are the reusable entry points (`new WarmStandby(name, args)`); they add
 * no logic and no type of their own.
 */
export abstract class DrTierComponent extends pulumi.ComponentResource {
  /** Stack outputs: endpoints, the tier, the DR contract, and what the recovery stack reads. */
  public readonly stackOutputs: Record<string, pulumi.Input<unknown>>;
  /** The tier this component builds. */
  public readonly tier: TierProfile["tier"];

  protected constructor(
    profile: TierProfile,
    name: string,
    args: DrTierArgs,
    opts: pulumi.ComponentResourceOptions,
  ) {
    super(DR_TIER_TYPE, name, {}, opts);
    this.tier = profile.tier;
    const resolved = requireValid(resolveDrTierArgs(profile, args), profile.component, name, this);
    this.stackOutputs = composeRegion(this, name, profile, resolved);
    this.registerOutputs(this.stackOutputs);
  }
}
