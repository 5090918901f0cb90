import * as pulumi from "@pulumi/pulumi";
import {
  AcceleratorEndpointGroup,
  ArcRoutingControl,
  DeepHealthCheck,
  DialFollower,
  FailoverRecord,
  GlobalAcceleratorFrontDoor,
  HealthGate,
  RoutingSwitch,
  SimpleRecord,
} from "../../traffic";
import { GLOBAL_ACCELERATOR_REGION } from "../../../stacks/topology";
import { AlertsResult } from "./alerts";
import { ComputeResult } from "./compute";
import { arcRoutingControlUse, Site, SiteProviders } from "./site";

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
  /** Set only on the primary of a failover-record tier with `securecart:arcRoutingControl`: the switch instead. */
  readonly routingControl?: ArcRoutingControl;
  /** Whether this region's failover record is gated by its ARC routing control. */
  readonly arcGated: boolean;
}

/** The deep health check on this region's ALB and the front door (DNS records or accelerator) in front of it. */
export function composeTraffic(
  site: Site,
  { acceleratorProvider, switchProvider, arcProvider }: SiteProviders,
  { alb }: ComputeResult,
  { alerts }: AlertsResult,
): TrafficResult {
  const { name, opts, profile, isPrimary, primary } = site;
  const { config } = site.args;
  const role = config.role;
  const arc = arcRoutingControlUse(profile, config.arcRoutingControl);
  // The primary says it once; a recovery stack follows the primary's effective value and has nothing to add.
  if (arc.warning && isPrimary) pulumi.log.warn(arc.warning);
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
  let routingControl: ArcRoutingControl | undefined;
  let arcGated = false;
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
    case "failover-records": {
      // Each record answers only while its deep check passes and its operator switch is on: the S3 switch gates
      // the PRIMARY; with ARC, each region's routing control gates its own record, as AWS's pattern has it
      // (a control per cell, a RECOVERY_CONTROL check per control, one per failover record). Off is then a real
      // "no traffic here" for either region, and the runbook's On/Off pairs mean what they say.
      let gate: pulumi.Input<string> = health.healthCheckId;
      if (switchProvider) {
        // The switch: the PRIMARY's gate, or with ARC on only the write fence the storefronts poll.
        routingSwitch = new RoutingSwitch(
          `${name}-routing`,
          {
            switchProvider: switchProvider.provider,
            switchRegion: switchProvider.region,
            deepHealthCheckId: arcProvider ? undefined : health.healthCheckId,
            role,
          },
          opts,
        );
        gate = routingSwitch.healthCheckId ?? gate;
      }
      if (arcProvider) {
        routingControl = new ArcRoutingControl(
          `${name}-arc`,
          { controlPlaneProvider: arcProvider.provider, regions: arcProvider.regions, role },
          opts,
        );
        gate = arcGate(site, [health.healthCheckId, routingControl.healthCheckIds[config.region]]);
        arcGated = true;
      } else if (arc.enabled && primary) {
        const own = primary.output("routingControlHealthCheckIds").apply((ids: Record<string, string> | undefined) => {
          const id = ids?.[config.region];
          if (!id) {
            throw new Error(`the primary's routingControlHealthCheckIds has no ${config.region} check: pulumi up the primary stack first`);
          }
          return id;
        });
        gate = arcGate(site, [health.healthCheckId, own]);
        arcGated = true;
      }
      new FailoverRecord(
        dnsName,
        {
          zoneId: config.hostedZoneId,
          domainName: config.domainName,
          failoverType: isPrimary ? "PRIMARY" : "SECONDARY",
          setIdentifier: config.region,
          ...alias,
          healthCheckId: gate,
        },
        { ...opts, ...componentAliases(FailoverRecord.TYPE) },
      );
      break;
    }
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
            alertTopicKmsKeyArn: alerts.kmsKeyArn,
            role,
          },
          opts,
        );
      }
      break;
  }
  return { health, acceleratorListenerArn, acceleratorDnsName, routingSwitch, routingControl, arcGated };
}

/** A region's failover-record gate under ARC: its deep check AND its routing control's RECOVERY_CONTROL check. */
function arcGate(site: Site, children: pulumi.Input<string>[]): pulumi.Output<string> {
  return new HealthGate(`${site.name}-arc-gate`, { childHealthCheckIds: children, role: site.args.config.role }, site.opts).healthCheckId;
}
