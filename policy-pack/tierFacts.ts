// The tier facts the rules need, asked of the one tier table (DESIGN decision 18). policyConfig.ts writes them
// into each stack's policy config; the rules read them from there and never compare tier names for them.
import {
  bothRegionsWrite,
  failsOverOnDeepHealth,
  isDrTier,
  recoveryTakesTraffic,
  TIER_PROFILES,
} from "../components/tiers/tierProfile";

export interface TierFacts {
  /** Longest a health check may take to declare the serving region unhealthy, in seconds. */
  detectionBudgetSeconds: number;
  /** The recovery region takes traffic in normal operation (active-active). */
  recoveryTakesTraffic: boolean;
  /** Both regions take writes, so every global-cluster member forwards writes. */
  bothRegionsWrite: boolean;
  /** The recovery region runs the platform before any failover (everything but a backup-restore rebuild). */
  recoveryRuns: boolean;
  /** Storefront capacity the recovery region may idle at (0: defined at zero and scaled on failover). */
  recoveryMinCapacity: number;
  /** Route 53 moves traffic by itself when the primary's deep check fails (PRIMARY/SECONDARY records). */
  failsOverOnDeepHealth: boolean;
  /** The database and catalog replicate live to the recovery region (an Aurora global secondary). */
  dataReplicatedLive: boolean;
  /** The catalog has a DynamoDB replica in the recovery region. */
  catalogReplicated: boolean;
  /** Data is recovered from backup copies rather than a live replica, so backups must be frequent. */
  recoversFromBackups: boolean;
  /** The recovery cluster is a standby secondary that only replicates until promoted. */
  recoveryDatabaseStandby: boolean;
  /** The recovery region keeps a NAT gateway in every AZ (else it idles on `recoveryNatGateways`). */
  recoveryNatPerAz: boolean;
  /** NAT gateways a standby recovery region keeps when not one per AZ (0 when it keeps one per AZ). */
  recoveryNatGateways: number;
}

export function tierFacts(tier: string): TierFacts {
  if (!isDrTier(tier)) {
    throw new Error(`unknown DR tier ${tier}`);
  }
  const profile = TIER_PROFILES[tier];
  const live = profile.databaseReplication === "aurora-global";
  return {
    detectionBudgetSeconds: profile.detectionBudgetSeconds,
    recoveryTakesTraffic: recoveryTakesTraffic(profile),
    bothRegionsWrite: bothRegionsWrite(profile),
    recoveryRuns: profile.recovery.serves,
    recoveryMinCapacity: profile.recovery.serves ? profile.recovery.minCapacity : 0,
    failsOverOnDeepHealth: failsOverOnDeepHealth(profile),
    dataReplicatedLive: live,
    catalogReplicated: profile.catalogReplica,
    recoversFromBackups: profile.databaseReplication === "backup-copy",
    recoveryDatabaseStandby: live && !recoveryTakesTraffic(profile),
    recoveryNatPerAz: profile.recovery.network.natGateways === "per-az",
    recoveryNatGateways:
      profile.recovery.network.natGateways === "per-az" ? 0 : profile.recovery.network.natGateways,
  };
}
