import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createSecureBucket } from "../data/secureBucket";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { DEFAULT_CHECKER_REGIONS } from "./deepHealthCheck";

import { DEFAULT_SWITCH_KEY, SWITCH_ON } from "./switchStates";

export { DEFAULT_SWITCH_KEY, SWITCH_OFF, SWITCH_ON } from "./switchStates";

/** How often Route 53 reads the switch, and after how many misses a flip counts: a flip is deliberate, not noise. */
export const SWITCH_CHECK = { requestInterval: 10, failureThreshold: 1 } as const;

export interface RoutingSwitchArgs {
  /**
   * The region that holds the switch (the recovery region, healthy when the primary is not): its provider, and
   * its name for the S3 endpoint Route 53 probes. Required.
   */
  readonly switchRegion: { readonly provider: aws.Provider; readonly region: string };
  /**
   * The PRIMARY region's deep health check, which must pass as well. Defaults to none: then the switch gates no
   * record and is only the storefront's write fence (ARC routing controls gate the records instead).
   */
  readonly deepHealthCheckId?: pulumi.Input<string>;
  /**
   * Without `deepHealthCheckId`, gate the PRIMARY by the switch alone: where the recovery region is rebuilt on
   * failover, so a failing deep check must not send shoppers away on its own. Defaults to `false`.
   */
  readonly gatesAlone?: boolean;
  /** Key of the switch object. Defaults to `routing/primary`. */
  readonly key?: string;
  /** Seconds between probes of the switch: 10 or 30. Defaults to `10`. */
  readonly requestInterval?: number;
  /** Failed probes before a flipped switch counts, 1 to 10. Defaults to `1` (a flip is deliberate, not noise). */
  readonly failureThreshold?: number;
}

/** RoutingSwitchArgs with the defaults applied; no `deepHealthCheckId` means the switch gates no CALCULATED check. */
export type ResolvedRoutingSwitchArgs = Required<Omit<RoutingSwitchArgs, "deepHealthCheckId">> &
  Pick<RoutingSwitchArgs, "deepHealthCheckId">;

/** RoutingSwitchArgs with every default applied (the Route 53 API checks the values; nothing to reject here). */
export function resolveRoutingSwitchArgs(
  args: RoutingSwitchArgs,
): Resolved<ResolvedRoutingSwitchArgs> {
  return {
    args: {
      ...args,
      gatesAlone: args.gatesAlone ?? false,
      key: args.key ?? DEFAULT_SWITCH_KEY,
      requestInterval: args.requestInterval ?? SWITCH_CHECK.requestInterval,
      failureThreshold: args.failureThreshold ?? SWITCH_CHECK.failureThreshold,
    },
    errors: [],
  };
}

/**
 * The PRIMARY record's gate, flipped without the Route 53 API (DESIGN.md decision 15). Route 53's API is served
 * from us-east-1, so during a us-east-1 outage only data planes can be relied on ("AWS Fault Isolation
 * Boundaries", global services: https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/global-services.html).
 * Following the "standby takes over primary" pattern of AWS's "Creating Disaster Recovery Mechanisms Using
 * Amazon Route 53" (https://aws.amazon.com/blogs/networking-and-content-delivery/creating-disaster-recovery-mechanisms-using-amazon-route-53/):
 * - an object in a bucket in the recovery region says `primary=on`; a Route 53 HTTPS_STR_MATCH check reads it
 *   (Route 53 searches the first 5,120 bytes of the body for the string);
 * - a CALCULATED check passes only while both the deep check and the switch pass (child health threshold 2,
 *   "Monitoring other health checks": https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html);
 * - the runbook writes `primary=off` (or back `primary=on`) with S3's PutObject in the recovery region, a data
 *   plane call; no check is ever inverted.
 * Only Route 53's health checkers may read the object: the policy allows them by their published address
 * ranges (ip-ranges.json, service ROUTE53_HEALTHCHECKS), which S3 does not count as public access. The ranges
 * are read at deploy time: a checker AWS adds later is refused until the next `pulumi up`, which does not flip
 * the switch, because Route 53 counts an endpoint healthy while more than 18% of its checkers see it healthy
 * ("How Route 53 determines whether a health check is healthy"). SSE-S3, not KMS: an anonymous reader cannot
 * decrypt a KMS-encrypted object.
 * If the recovery region's S3 fails, the switch fails too and the PRIMARY goes unhealthy: with the SECONDARY
 * healthy traffic moves there; with both unhealthy Route 53 answers with the PRIMARY ("How health checks work
 * in failover configurations": https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html).
 */
export class RoutingSwitch extends pulumi.ComponentResource {
  /**
   * The PRIMARY record's check: the CALCULATED deep health AND the switch, or the switch's own check where it
   * gates alone (undefined for a fence only).
   */
  public readonly healthCheckId: pulumi.Output<string> | undefined;
  /** The check of the switch object alone (undefined for a fence only). */
  public readonly switchHealthCheckId: pulumi.Output<string> | undefined;
  public readonly bucketName: pulumi.Output<string>;
  public readonly key: string;
  public readonly region: string;
  /** Seconds from a flip until Route 53 acts on it (interval × threshold): part of the DR contract's RTO. */
  public readonly flipSeconds: number;

  constructor(name: string, args: RoutingSwitchArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:traffic:RoutingSwitch", name, {}, opts);
    const a = requireValid(resolveRoutingSwitchArgs(args), "RoutingSwitch", name, this);
    const { key, requestInterval, failureThreshold } = a;
    const inRegion = { parent: this, provider: a.switchRegion.provider };

    const checkers = aws.getIpRangesOutput(
      { services: ["route53_healthchecks"] },
      { parent: this, provider: a.switchRegion.provider },
    );
    const { bucket } = createSecureBucket(`${name}-bucket`, {
      kmsKeyArn: undefined,
      // Versioned (every flip is kept), and emptied on delete: a tier without failover records drops it.
      forceDestroy: true,
      // It holds one word of routing state, not data: nothing to back up (the backup-coverage rule's exemption).
      tags: { backup: "none", Name: `${name}-switch` },
      parent: this,
      provider: a.switchRegion.provider,
      extraStatements: (bucketArn) => [
        {
          Sid: "Route53HealthCheckersReadTheSwitch",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: pulumi.interpolate`${bucketArn}/${key}`,
          Condition: { IpAddress: { "aws:SourceIp": checkers.cidrBlocks } },
        },
      ],
    });
    new aws.s3.BucketObjectv2(
      `${name}-object`,
      {
        bucket: bucket.id,
        key,
        content: SWITCH_ON,
        contentType: "text/plain",
        cacheControl: "no-store",
      },
      // The runbook flips the body at run time; `pulumi up` after a failover must not flip it back (decision 9).
      { ...inRegion, ignoreChanges: ["content"] },
    );
    if (a.deepHealthCheckId !== undefined || a.gatesAlone) {
      const switchCheck = new aws.route53.HealthCheck(
        `${name}-switch`,
        {
          type: "HTTPS_STR_MATCH",
          fqdn: pulumi.interpolate`${bucket.bucket}.s3.${a.switchRegion.region}.amazonaws.com`,
          port: 443,
          resourcePath: `/${key}`,
          searchString: SWITCH_ON,
          requestInterval,
          failureThreshold,
          enableSni: true,
          regions: DEFAULT_CHECKER_REGIONS,
          tags: { Name: `${name}-switch` },
        },
        { parent: this },
      );
      if (a.deepHealthCheckId !== undefined) {
        const gate = new aws.route53.HealthCheck(
          `${name}-gate`,
          {
            type: "CALCULATED",
            childHealthchecks: [a.deepHealthCheckId, switchCheck.id],
            childHealthThreshold: 2,
            tags: { Name: `${name}-gate` },
          },
          { parent: this },
        );
        this.healthCheckId = gate.id;
      } else {
        this.healthCheckId = switchCheck.id;
      }
      this.switchHealthCheckId = switchCheck.id;
    }
    this.bucketName = bucket.bucket;
    this.key = key;
    this.region = a.switchRegion.region;
    this.flipSeconds = requestInterval * failureThreshold;
    this.registerOutputs({
      healthCheckId: this.healthCheckId,
      switchHealthCheckId: this.switchHealthCheckId,
      bucketName: this.bucketName,
    });
  }
}
