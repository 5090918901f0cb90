import * as pulumi from "@pulumi/pulumi";
import {
  AcceleratorEndpointGroup,
  DeepHealthCheck,
  DialFollower,
  FailoverRecord,
  GlobalAcceleratorFrontDoor,
  RoutingSwitch,
  SimpleRecord,
} from "../../traffic";
import { GLOBAL_ACCELERATOR_REGION } from "../../../stacks/topology";
import { AlertsResult } from "./alerts";
import { ComputeResult } from "./compute";
import { Site, SiteProviders } from "./site";

/**
 * How fast the front door notices a dead region: Route 53 health checks and Global Accelerator endpoint groups
 * both probe /health/deep this often, this many times. The DR contract's detection time is computed from it.
 */
export const FRONT_DOOR_DETECTION = { intervalSeconds: 10, failureThreshold: 3 } as const;
/** Route 53 answers alias records to a load balancer with a fixed 60 s TTL. */
export const ALIAS_TTL_SECONDS = 60;

export interface TrafficResult {
  readonly health: DeepHealthCheck;
  /** Set only on the primary of a Global Accelerator tier. */
  readonly acceleratorListenerArn?: pulumi.Input<string>;
  readonly acceleratorDnsName?: pulumi.Input<string>;
  /** Set only on the primary of a failover-record tier: the switch the runbook flips (DESIGN.md decision 15). */
  readonly routingSwitch?: RoutingSwitch;
}

/** The deep health check on this region's ALB and the front door (DNS records or accelerator) in front of it. */
export function composeTraffic(
  site: Site,
  { acceleratorProvider, switchProvider }: SiteProviders,
  { alb }: ComputeResult,
  { alerts }: AlertsResult,
): TrafficResult {
  const { name, opts, profile, isPrimary, primary } = site;
  const { config } = site.args;
  const role = config.role;
  const health = new DeepHealthCheck(
    `${name}-health`,
    {
      fqdn: alb.dnsName,
      requestInterval: FRONT_DOOR_DETECTION.intervalSeconds,
      failureThreshold: FRONT_DOOR_DETECTION.failureThreshold,
      role,
    },
    opts,
  );
  const acceleratorHealth = {
    healthCheckIntervalSeconds: FRONT_DOOR_DETECTION.intervalSeconds,
    thresholdCount: FRONT_DOOR_DETECTION.failureThreshold,
  };
  let acceleratorListenerArn: pulumi.Input<string> | undefined;
  let routingSwitch: RoutingSwitch | undefined;
  let acceleratorDnsName: pulumi.Input<string> | undefined;
  const alias = { albDnsName: alb.dnsName, albZoneId: alb.zoneId };
  // The shop's A record is one Route 53 record whatever the front door: each front door's record aliases the
  // others', so a tier switch updates it in place instead of creating a second record for the same name and
  // deleting the first (DESIGN.md decision 13; "aliases" option: https://www.pulumi.com/docs/iac/concepts/options/aliases/).
  const dnsName = `${name}-dns`;
  const recordTypes = [SimpleRecord.TYPE, FailoverRecord.TYPE];
  const componentAliases = (own: string) => ({ aliases: recordTypes.filter((t) => t !== own).map((type) => ({ type })) });
  const recordUrns = recordTypes.map((t) => pulumi.createUrn(`${dnsName}-a`, "aws:route53/record:Record", pulumi.createUrn(dnsName, t, opts.parent)));
  switch (profile.frontDoor) {
    case "simple-record":
      new SimpleRecord(
        dnsName,
        {
          zoneId: config.hostedZoneId,
          domainName: config.domainName,
          ...alias,
          healthCheckId: health.healthCheckId,
        },
        { ...opts, ...componentAliases(SimpleRecord.TYPE) },
      );
      break;
    case "failover-records":
      // The PRIMARY answers only while its deep check passes and the switch in the recovery region is on.
      routingSwitch = switchProvider
        ? new RoutingSwitch(
            `${name}-routing`,
            { switchProvider: switchProvider.provider, switchRegion: switchProvider.region, deepHealthCheckId: health.healthCheckId, role },
            opts,
          )
        : undefined;
      new FailoverRecord(
        dnsName,
        {
          zoneId: config.hostedZoneId,
          domainName: config.domainName,
          failoverType: isPrimary ? "PRIMARY" : "SECONDARY",
          setIdentifier: config.region,
          ...alias,
          healthCheckId: routingSwitch?.healthCheckId ?? health.healthCheckId,
        },
        { ...opts, ...componentAliases(FailoverRecord.TYPE) },
      );
      break;
    case "global-accelerator":
      if (isPrimary) {
        const ga = new GlobalAcceleratorFrontDoor(
          `${name}-accelerator`,
          {
            acceleratorProvider: acceleratorProvider!,
            region: config.region,
            albArn: alb.albArn,
            zoneId: config.hostedZoneId,
            domainName: config.domainName,
            ...acceleratorHealth,
            role,
            recordAliases: recordUrns,
          },
          opts,
        );
        acceleratorListenerArn = ga.listenerArn;
        acceleratorDnsName = ga.acceleratorDnsName;
      } else {
        new AcceleratorEndpointGroup(
          `${name}-accelerator`,
          {
            acceleratorProvider: acceleratorProvider!,
            listenerArn: primary!.output("acceleratorListenerArn"),
            region: config.region,
            albArn: alb.albArn,
            ...acceleratorHealth,
          },
          opts,
        );
        // The dial follows each region's deep check, so a region whose database is dead is drained.
        new DialFollower(
          `${name}-dial-follower`,
          {
            regions: [
              { region: primary!.region, albDnsName: primary!.output("albDnsName") },
              { region: config.region, albDnsName: alb.dnsName },
            ],
            domainName: config.domainName,
            listenerArn: primary!.output("acceleratorListenerArn"),
            acceleratorRegion: GLOBAL_ACCELERATOR_REGION,
            alertTopicArn: alerts.topicArn,
            role,
          },
          opts,
        );
      }
      break;
  }
  return { health, acceleratorListenerArn, acceleratorDnsName, routingSwitch };
}
