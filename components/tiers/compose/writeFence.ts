import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_SWITCH_KEY, SWITCH_OFF, SWITCH_ON } from "../../traffic/switchStates";
import { Site, SiteProviders } from "./site";

/**
 * Where a region's storefront reads the routing switch, and which body lets it write (DESIGN.md decision 15,
 * "Fencing"). The switch names the region that holds the writer role: `primary=on` the primary stack's,
 * `primary=off` the recovery stack's. The runbook flips it before promoting the database, so the old region
 * stops taking writes the promotion would lose; the database role still gates writes as well.
 */
export interface WriteFenceRef {
  readonly bucket: pulumi.Input<string>;
  readonly key: pulumi.Input<string>;
  /** The switch's region: the recovery region, in both stacks. */
  readonly region: string;
  /** The body under which this region may write. */
  readonly allows: typeof SWITCH_ON | typeof SWITCH_OFF;
}

export interface WriteFencePlan {
  readonly fence?: WriteFenceRef;
  /**
   * The primary creates its switch after the storefront (the switch's health check needs the ALB), so its
   * bucket name arrives later: call this with the RoutingSwitch's bucket name once it exists.
   */
  readonly resolveBucket?: (bucket: pulumi.Output<string>) => void;
}

/** The fence of a region whose front door has a routing switch; none in the other tiers. */
export function planWriteFence(site: Site, { switchProvider }: SiteProviders): WriteFencePlan {
  if (site.isPrimary) {
    if (!switchProvider) return {};
    const [bucket, resolveBucket] = pulumi.deferredOutput<string>();
    return {
      fence: { bucket, key: DEFAULT_SWITCH_KEY, region: switchProvider.region, allows: SWITCH_ON },
      resolveBucket,
    };
  }
  const serves = site.profile.recovery.serves || site.rebuild !== undefined;
  if (!serves || site.profile.frontDoor !== "failover-records" || !site.primary) return {};
  // The switch lives in this (the recovery) region; the primary stack owns it and exports where it is.
  const bucket = site.primary.output("routingSwitchBucket").apply((b: string | undefined) => {
    // An empty fence would be a task that cannot start (WRITE_FENCE_S3_URI s3:///): say what to do instead.
    if (!b)
      throw new Error(
        "the primary's routingSwitchBucket output is empty: pulumi up the primary stack first",
      );
    return b;
  });
  return {
    fence: {
      bucket,
      key: site.primary.output("routingSwitchKey"),
      region: site.args.config.region,
      allows: SWITCH_OFF,
    },
  };
}
