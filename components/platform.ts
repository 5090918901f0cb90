/**
 * The program: reads this stack's config, resolves the primary's facts (recovery stack), and builds the tier
 * component the config names. `index.ts` exports it; the offline plan runs the same function under mocks.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, LocalConfig, parseLocalConfig, resolveConfig } from "./config";
import { TIER_COMPONENTS } from "./tiers";
import { tierProfile } from "./tiers/tierProfile";
import { PrimaryLink, primaryLink } from "./tiers/tierArgs";
import { findStack, PROJECT, supportedTopology } from "../stacks/topology";
import { PrimaryFacts } from "../stacks/outputs";
import { platformTierArgs } from "./platformTierArgs";

/** A ConfigError becomes a RunError: the CLI prints its message without a stack trace. */
function runErrorFrom(e: unknown): unknown {
  return e instanceof ConfigError ? new pulumi.RunError(e.message) : e;
}

export async function platform(): Promise<Record<string, unknown>> {
  const stack = pulumi.getStack();
  let local: LocalConfig;
  try {
    supportedTopology();
  } catch (e) {
    // A topology the program cannot build is the user's to fix in stacks/topology.ts: a message, not a stack trace.
    throw new pulumi.RunError((e as Error).message);
  }
  try {
    const topo = findStack(stack);
    local = parseLocalConfig(pulumi.runtime.allConfig(), {
      stack,
      expectedRegion: topo?.region,
      expectedRole: topo?.role,
    });
  } catch (e) {
    throw runErrorFrom(e);
  }

  let primary: PrimaryLink | undefined;
  let facts: PrimaryFacts | undefined;
  if (local.role === "recovery") {
    primary = await primaryLink(
      new pulumi.StackReference(`${PROJECT}-primary`, { name: local.peerStack }),
    );
    facts = primary?.facts;
  }
  let config;
  try {
    config = resolveConfig(local, facts);
  } catch (e) {
    throw runErrorFrom(e);
  }

  const profile = tierProfile(config.drTier);
  const zones = await aws.getAvailabilityZones({ state: "available" });
  const availabilityZones = zones.names.slice(0, config.azCount);
  const Tier = TIER_COMPONENTS[profile.component];
  const tier = new Tier(PROJECT, platformTierArgs(config, availabilityZones, primary));
  return tier.stackOutputs;
}
