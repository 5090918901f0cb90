import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ARC_CONTROL_PLANE_REGION, GLOBAL_ACCELERATOR_REGION } from "../../../stacks/topology";
import { PrimaryOutputKey } from "../../../stacks/outputs";
import { PrimaryLink, ResolvedDrTierArgs } from "../tierArgs";
import { TierProfile } from "../tierProfile";
import { providerDefaultTags } from "../../defaultTags";

/** Everything a section of the composition needs about where it is building. */
export interface Site {
  readonly name: string;
  readonly profile: TierProfile;
  readonly args: ResolvedDrTierArgs;
  readonly opts: pulumi.ComponentResourceOptions;
  readonly isPrimary: boolean;
  /**
   * Backup-restore's recovery stack during a failover (`securecart:rebuildFromSnapshot`): the region is rebuilt
   * around the restored data, with the identities made ahead of time and no call to a us-east-1 control plane.
   */
  readonly rebuild?: { readonly snapshotIdentifier: string };
  /** Recovery stack: the primary's outputs and a provider for its region. */
  readonly primary?: PrimaryLink & {
    readonly region: string;
    readonly provider: aws.Provider;
    // The primary's outputs are whatever shape each key has (stacks/outputs.ts); callers know theirs.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    readonly output: (key: PrimaryOutputKey) => pulumi.Output<any>;
  };
}

/** The extra providers a serving region needs; undefined where the region's own provider already fits. */
export interface SiteProviders {
  readonly usEast1Provider?: aws.Provider;
  readonly acceleratorProvider?: aws.Provider;
  /** The primary of a failover-record tier: the recovery region, where its routing switch lives. */
  readonly switchProvider?: { readonly provider: aws.Provider; readonly region: string };
  /** The primary of a failover-record tier with ARC routing control: ARC's control plane, and the cells (regions). */
  readonly arcProvider?: { readonly provider: aws.Provider; readonly regions: readonly string[] };
}

export interface ArcRoutingControlUse {
  /** Whether this deployment's failover records are gated by ARC routing controls. */
  readonly enabled: boolean;
  /** Why a requested `securecart:arcRoutingControl` does nothing in this tier. */
  readonly warning?: string;
}

/**
 * ARC routing controls replace the S3 routing switch of failover records (DESIGN.md decision 15), so only a tier
 * with failover records uses them. Elsewhere the key is a no-op with a warning, not an error: switching
 * `securecart:drTier` stays a change of one value (decision 2), and nothing is created or billed.
 */
export function arcRoutingControlUse(
  profile: TierProfile,
  requested: boolean,
): ArcRoutingControlUse {
  if (!requested) return { enabled: false };
  // Each region's routing control gates its own record with its deep check: a region that is not running has
  // neither until it is rebuilt, and its record is the last resort that needs no gate.
  if (profile.frontDoor === "failover-records" && profile.recovery.serves) return { enabled: true };
  return {
    enabled: false,
    warning:
      `securecart:arcRoutingControl is on, but the ${profile.tier} tier has no pair of running regions for routing controls ` +
      `to gate (${profile.frontDoor === "failover-records" ? "its recovery region runs nothing until rebuilt; the S3 switch gates the PRIMARY" : `front door: ${profile.frontDoor}`}): ` +
      `no ARC cluster is created and none is billed`,
  };
}

/**
 * A provider for another region than the stack's own. Its credentials check and account-ID lookup go to the
 * stack's own region's STS, not the target region's: the provider otherwise calls STS in its own region when it
 * is configured ("sts_region: AWS region for STS. If unset, AWS will use the same region for STS as other
 * non-STS operations", Terraform AWS provider, https://registry.terraform.io/providers/hashicorp/aws/latest/docs#sts_region;
 * Pulumi's `stsRegion`), and every provider is configured on every preview and update, even when none of its
 * resources changes. So the recovery stack's `pulumi up` during a us-east-1 outage (backup-restore's rebuild)
 * would fail at its us-east-1 provider. A regional STS endpoint's credentials "are valid in all AWS Regions"
 * (IAM User Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html).
 * It carries the default provider's tags (components/defaultTags.ts).
 */
export function regionProvider(
  name: string,
  region: string,
  homeRegion: string,
  opts: pulumi.ResourceOptions,
): aws.Provider {
  return new aws.Provider(
    name,
    {
      region: region as aws.Region,
      ...(region === homeRegion ? {} : { stsRegion: homeRegion }),
      defaultTags: providerDefaultTags(),
    },
    opts,
  );
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
        : regionProvider(`${name}-us-east-1`, "us-east-1", region, opts);
  // A recovery region that is rebuilt on failover has a standby accelerator for its SECONDARY record.
  const standbyAccelerator = !site.isPrimary && !profile.recovery.serves;
  const acceleratorProvider =
    profile.frontDoor === "global-accelerator" || standbyAccelerator
      ? regionProvider(`${name}-accelerator`, GLOBAL_ACCELERATOR_REGION, region, opts)
      : undefined;
  const peerRegion = site.args.config.peerRegion;
  const gatesRecords =
    site.isPrimary && profile.frontDoor === "failover-records" && peerRegion !== undefined;
  // ARC routing controls replace the S3 switch as the records' gate; the switch object stays, as the storefront's
  // write fence (DESIGN.md decision 15), so its region's provider is needed either way.
  const arc =
    gatesRecords && arcRoutingControlUse(profile, site.args.config.arcRoutingControl).enabled;
  const switchProvider = gatesRecords
    ? {
        provider: regionProvider(`${name}-switch-region`, peerRegion!, region, opts),
        region: peerRegion!,
      }
    : undefined;
  const arcProvider = arc
    ? {
        provider: regionProvider(
          `${name}-arc-control-plane`,
          ARC_CONTROL_PLANE_REGION,
          region,
          opts,
        ),
        regions: [region, peerRegion!],
      }
    : undefined;
  return { usEast1Provider, acceleratorProvider, switchProvider, arcProvider };
}
