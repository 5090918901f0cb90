/**
 * The DR contract a stack exports: what its tier promises. For now the targets come from the tier profile;
 * the computed contract (issue 7) will derive them from the planned resources.
 */
import { PlatformConfig } from "../config";
import { TierProfile } from "./tierProfile";

export interface DrContract {
  readonly tier: string;
  readonly rpoMinutes: number;
  readonly rtoMinutes: number;
  readonly targets: { readonly rpoMinutes: number; readonly rtoMinutes: number; readonly recoveryCostShare: number };
  /** Monthly cost per region in USD; null until the cost model exists. */
  readonly monthlyUsd: { readonly primary: number | null; readonly recovery: number | null };
}

export function drContract(profile: TierProfile, _config: PlatformConfig): DrContract {
  return {
    tier: profile.tier,
    rpoMinutes: profile.targets.rpoMinutes,
    rtoMinutes: profile.targets.rtoMinutes,
    targets: { ...profile.targets },
    monthlyUsd: { primary: null, recovery: null },
  };
}
