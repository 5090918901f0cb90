import * as pulumi from "@pulumi/pulumi";
import { TierProfile } from "./tierProfile";
import { composeRegion } from "./composeRegion";
import { DrTierArgs } from "./tierArgs";

export type { DrTierArgs, PrimaryLink } from "./tierArgs";

/**
 * What the four tier components share: each composes the same building blocks for its region's role, with
 * its own TierProfile. The subclasses exist so a stack's tier is visible as a component type in the plan and
 * in `pulumi stack`; they add no logic of their own.
 */
export abstract class DrTierComponent extends pulumi.ComponentResource {
  /** Stack outputs: endpoints, the tier, the DR contract, and what the recovery stack reads. */
  public readonly stackOutputs: Record<string, pulumi.Input<unknown>>;

  protected constructor(type: string, profile: TierProfile, name: string, args: DrTierArgs, opts: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    if (args.config.drTier !== profile.tier) {
      throw new pulumi.ResourceError(`config.drTier is ${args.config.drTier} but this component builds ${profile.tier}`, this);
    }
    if (args.config.role === "recovery" && !args.primary) {
      throw new pulumi.ResourceError("primary must be given for a recovery-role stack", this);
    }
    this.stackOutputs = composeRegion(this, name, profile, args);
    this.registerOutputs(this.stackOutputs);
  }
}
