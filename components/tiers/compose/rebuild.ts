import { RebuildReadiness } from "../../resilience";
import { orderValidationName } from "./compute";
import { Site } from "./site";

/**
 * What backup-restore's recovery stack makes ahead of an outage for the rebuild (DESIGN.md decision 15): its IAM
 * roles and database credentials. The same resource in the idle region and in the rebuilt one, so the rebuild's
 * `pulumi up` finds it unchanged and calls no IAM API.
 */
export function composeRebuildReadiness(site: Site): RebuildReadiness {
  const primary = site.primary!;
  return new RebuildReadiness(
    `${site.name}-rebuild`,
    {
      region: site.args.config.region,
      // The runbook restores the DR vault's copy of the catalog under the primary's table name.
      catalogTableName: primary.output("catalogTableName"),
      orderValidationName: orderValidationName(site.name),
      writeFence: {
        bucket: primary.output("routingSwitchBucket"),
        key: primary.output("routingSwitchKey"),
      },
    },
    site.opts,
  );
}
