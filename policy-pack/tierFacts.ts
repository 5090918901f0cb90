// The tier facts the rules need, asked of the one tier table (DESIGN decision 18). policyConfig.ts writes them
// into each stack's policy config; the rules read them from there and never compare tier names for them.
import { bothRegionsWrite, isDrTier, recoveryTakesTraffic, TIER_PROFILES } from "../components/tiers/tierProfile";

export interface TierFacts {
    /** Longest a health check may take to declare the serving region unhealthy, in seconds. */
    detectionBudgetSeconds: number;
    /** The recovery region takes traffic in normal operation (active-active). */
    recoveryTakesTraffic: boolean;
    /** Both regions take writes, so every global-cluster member forwards writes. */
    bothRegionsWrite: boolean;
}

export function tierFacts(tier: string): TierFacts {
    if (!isDrTier(tier)) {
        throw new Error(`unknown DR tier ${tier}`);
    }
    const profile = TIER_PROFILES[tier];
    return {
        detectionBudgetSeconds: profile.detectionBudgetSeconds,
        recoveryTakesTraffic: recoveryTakesTraffic(profile),
        bothRegionsWrite: bothRegionsWrite(profile),
    };
}
