import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GLOBAL_ACCELERATOR_REGION, peerOf } from "../../../stacks/topology";
import { PrimaryOutputKey } from "../../../stacks/outputs";
import { DrTierArgs, PrimaryLink } from "../tierArgs";
import { TierProfile } from "../tierProfile";

/** Everything a section of the composition needs about where it is building. */
export interface Site {
  readonly name: string;
  readonly profile: TierProfile;
  readonly args: DrTierArgs;
  readonly opts: pulumi.ComponentResourceOptions;
  readonly isPrimary: boolean;
  /** Recovery stack: the primary's outputs and a provider for its region. */
  readonly primary?: PrimaryLink & {
    readonly region: string;
    readonly provider: aws.Provider;
    readonly output: (key: PrimaryOutputKey) => pulumi.Output<any>;
  };
}

/** The extra providers a serving region needs; undefined where the region's own provider already fits. */
export interface SiteProviders {
  readonly usEast1Provider?: aws.Provider;
  readonly acceleratorProvider?: aws.Provider;
  /** The primary of a failover-record tier: the recovery region, where its routing switch lives. */
  readonly switchProvider?: { readonly provider: aws.Provider; readonly region: string };
}

export function siteProviders(site: Site): SiteProviders {
  const { name, opts, profile, primary } = site;
  const region = site.args.config.region;
  // Route 53 health-check metrics, and so their alarms, exist only in us-east-1.
  const usEast1Provider =
    region === "us-east-1"
      ? undefined
      : primary?.region === "us-east-1"
        ? primary.provider
        : new aws.Provider(`${name}-us-east-1`, { region: "us-east-1" }, opts);
  const acceleratorProvider =
    profile.frontDoor === "global-accelerator"
      ? new aws.Provider(`${name}-accelerator`, { region: GLOBAL_ACCELERATOR_REGION }, opts)
      : undefined;
  const peerRegion = peerOf(site.args.config.stack)?.region;
  const switchProvider =
    site.isPrimary && profile.frontDoor === "failover-records" && peerRegion
      ? { provider: new aws.Provider(`${name}-switch-region`, { region: peerRegion as aws.Region }, opts), region: peerRegion }
      : undefined;
  return { usEast1Provider, acceleratorProvider, switchProvider };
}
