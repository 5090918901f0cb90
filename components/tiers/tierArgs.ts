import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import { PrimaryFacts } from "../../stacks/outputs";

/** The recovery stack's view of its primary: its outputs (through the StackReference) and plain facts. */
export interface PrimaryLink {
  readonly reference: pulumi.StackReference;
  /** Values known at plan time (region, CIDR, full-size capacity), already validated against this stack. */
  readonly facts: PrimaryFacts;
}

export interface DrTierArgs {
  /** Validated config of this stack (recovery stacks: already resolved against the primary). */
  readonly config: PlatformConfig;
  /** The AZs to span, resolved by the program (their count decides how many subnets exist). */
  readonly availabilityZones: string[];
  /** Recovery stack only: the primary it follows. */
  readonly primary?: PrimaryLink;
}
