/**
 * The DR contract of a tier as the primary stack's config would deploy it, without planning: for tools that
 * compare against the promise (the drill) and need no resources.
 */
import { parseLocalConfig, resolveConfig } from "../../components/config";
import { computeContract, DrContract } from "../../components/tiers/contract";
import { contractFacts } from "../../components/tiers/composeRegion";
import { DrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { PROJECT, STACKS } from "../../stacks/topology";
import { effectiveConfig } from "./stackConfig";

export function configuredContract(tier: DrTier): DrContract {
  const primary = STACKS.find((s) => s.role === "primary")!;
  const raw = effectiveConfig(primary.stack, { [`${PROJECT}:drTier`]: tier });
  const config = resolveConfig(
    parseLocalConfig(raw, {
      stack: primary.stack,
      expectedRegion: primary.region,
      expectedRole: primary.role,
    }),
  );
  const profile = TIER_PROFILES[tier];
  return computeContract(profile, contractFacts(profile, config.approvalMinutes, config.capacity));
}
