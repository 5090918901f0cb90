import * as pulumi from "@pulumi/pulumi";
import { ActiveActive } from "./activeActive";
import { BackupRestore } from "./backupRestore";
import { DrTierArgs, DrTierComponent } from "./drTierComponent";
import { PilotLight } from "./pilotLight";
import { TierProfile } from "./tierProfile";
import { WarmStandby } from "./warmStandby";

export * from "./tierProfile";
export { ActiveActive, BackupRestore, PilotLight, WarmStandby, DrTierComponent };
export { DR_TIER_TYPE } from "./drTierComponent";
export type { DrTierArgs };
export { primaryLink, resolveDrTierArgs, TIER_DEFAULTS } from "./tierArgs";
export type { PrimaryLink, TierImage, TierSizes } from "./tierArgs";

type TierClass = new (
  name: string,
  args: DrTierArgs,
  opts?: pulumi.ComponentResourceOptions,
) => DrTierComponent;

/** The component class for each profile's `component` name: how `drTier` picks the strategy. */
export const TIER_COMPONENTS: Readonly<Record<TierProfile["component"], TierClass>> = {
  BackupRestore,
  PilotLight,
  WarmStandby,
  ActiveActive,
};
