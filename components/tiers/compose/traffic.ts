import * as aws from "@pulumi/aws";
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
  StandbyAccelerator,
} from "../../traffic";
import { GLOBAL_ACCELERATOR_REGION } from "../../../stacks/topology";
import { AlertsResult } from "./alerts";
import { ComputeResult } from "./compute";
import { arcRoutingControlUse, Site, SiteProviders } from "./site";
import { failsOverOnDeepHealth } from "../tierProfile";

/**
 * How fast the front door notices a dead region: Route 53 health checks and Global Accelerator endpoint groups
 * both probe /health/deep this often, this many times. The DR contract's detection time is computed from it.
 */
export const FRONT_DOOR_DETECTION = { intervalSeconds: 10, failureThreshold: 3 } as const;
/** Route 53 answers alias records to a load balancer with a fixed 60 s TTL. */
export const ALIAS_TTL_SECONDS = 60;

export interface TrafficResult {
  /** The Route 53 deep check of this region's front door (a rebuilt region's: through its standby accelerator). */
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
  if (!isPrimary && !profile.recovery.serves) {
    return {
      health: composeStandbyFrontDoor(site, acceleratorProvider!, alb.albArn),
      arcGated: false,
    };
  }
  const { config } = site.args;
  const arc = arcRoutingControlUse(profile, config.arcRoutingControl);
  // The primary says it once; a recovery stack follows the primary's effective value and has nothing to add.
  if (arc.warning && isPrimary) pulumi.log.warn(arc.warning);
  const health = frontDoorCheck(site, alb.dnsName);
  let acceleratorListenerArn: pulumi.Input<string> | undefined;
  let routingSwitch: RoutingSwitch | undefined;
  let routingControl: ArcRoutingControl | undefined;
  let arcGated = false;
  let acceleratorDnsName: pulumi.Input<string> | undefined;
  const alias = { targetDnsName: alb.dnsName, targetZoneId: alb.zoneId };
  // The shop's A record is one Route 53 record whatever the front door: the accelerator's record aliases the
  // failover record's, so a tier switch updates it in place instead of creating a second record for the same
  // name and deleting the first (DESIGN.md decision 13; "aliases" option: https://www.pulumi.com/docs/iac/concepts/options/aliases/).
  const dnsName = recordComponentName(site);
  const recordUrns = [
    pulumi.createUrn(
      `${dnsName}-a`,
      "aws:route53/record:Record",
      pulumi.createUrn(dnsName, FailoverRecord.TYPE, opts.parent),
    ),
  ];
  switch (profile.frontDoor) {
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
            switchRegion: switchProvider,
            // Where the recovery region is rebuilt, the switch alone gates the PRIMARY: the deep check alerts.
            deepHealthCheckId:
              arcProvider || !failsOverOnDeepHealth(profile) ? undefined : health.healthCheckId,
            gatesAlone: !arcProvider && !failsOverOnDeepHealth(profile),
          },
          opts,
        );
        gate = routingSwitch.healthCheckId ?? gate;
      }
      if (arcProvider) {
        routingControl = new ArcRoutingControl(
          `${name}-arc`,
          { controlPlaneProvider: arcProvider.provider, regions: arcProvider.regions },
          opts,
        );
        gate = arcGate(site, [health.healthCheckId, routingControl.healthCheckIds[config.region]]);
        arcGated = true;
      } else if (arc.enabled && primary) {
        const own = primary
          .output("routingControlHealthCheckIds")
          .apply((ids: Record<string, string> | undefined) => {
            const id = ids?.[config.region];
            if (!id) {
              throw new Error(
                `the primary's routingControlHealthCheckIds has no ${config.region} check: pulumi up the primary stack first`,
              );
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
        opts,
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
            ...ACCELERATOR_HEALTH,
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
            ...ACCELERATOR_HEALTH,
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
            alertTopic: alerts,
          },
          opts,
        );
      }
      break;
  }
  return {
    health,
    acceleratorListenerArn,
    acceleratorDnsName,
    routingSwitch,
    routingControl,
    arcGated,
  };
}

/** The region's deep check, at the front door's detection timing: on its ALB, or through its standby accelerator. */
function frontDoorCheck(site: Site, fqdn: pulumi.Input<string>): DeepHealthCheck {
  return new DeepHealthCheck(
    `${site.name}-health`,
    {
      fqdn,
      requestInterval: FRONT_DOOR_DETECTION.intervalSeconds,
      failureThreshold: FRONT_DOOR_DETECTION.failureThreshold,
    },
    site.opts,
  );
}

/** The shop's record component: the same name in every tier and in both stacks, each owning its own record. */
function recordComponentName(site: Site): string {
  return `${site.name}-dns`;
}

/** Global Accelerator's probes of a region's ALB: the front door's detection settings. */
const ACCELERATOR_HEALTH = {
  healthCheckIntervalSeconds: FRONT_DOOR_DETECTION.intervalSeconds,
  thresholdCount: FRONT_DOOR_DETECTION.failureThreshold,
} as const;

/**
 * A recovery region rebuilt on failover (backup-restore): the SECONDARY record aliases a standby accelerator made
 * ahead of time, and the rebuild adds its ALB behind the accelerator. Neither the record nor its check changes,
 * so moving traffic needs only the operator switch (S3's data plane) and the accelerator (us-west-2): no Route 53
 * API call, no us-east-1 endpoint (DESIGN.md decision 15). Before the rebuild `albArn` is undefined.
 *
 * The SECONDARY's check probes the deep path through the accelerator: it fails while nothing is behind it, so if
 * the switch's own region fails (and with it the PRIMARY's gate), both records are unhealthy and Route 53 keeps
 * answering with the PRIMARY instead of an empty accelerator ("How health checks work in failover
 * configurations": https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html).
 */
export function composeStandbyFrontDoor(
  site: Site,
  acceleratorProvider: aws.Provider,
  albArn?: pulumi.Input<string>,
): DeepHealthCheck {
  const { name, opts } = site;
  const { config } = site.args;
  const accelerator = new StandbyAccelerator(
    `${name}-standby-accelerator`,
    {
      acceleratorProvider,
      region: config.region,
      albArn,
      ...ACCELERATOR_HEALTH,
    },
    opts,
  );
  const health = frontDoorCheck(site, accelerator.acceleratorDnsName);
  new FailoverRecord(
    recordComponentName(site),
    {
      zoneId: config.hostedZoneId,
      domainName: config.domainName,
      failoverType: "SECONDARY",
      setIdentifier: config.region,
      targetDnsName: accelerator.acceleratorDnsName,
      targetZoneId: accelerator.acceleratorZoneId,
      healthCheckId: health.healthCheckId,
      // The check above already asks the region behind the accelerator.
      evaluateTargetHealth: false,
    },
    opts,
  );
  return health;
}

/** A region's failover-record gate under ARC: its deep check AND its routing control's RECOVERY_CONTROL check. */
function arcGate(site: Site, children: pulumi.Input<string>[]): pulumi.Output<string> {
  return new HealthGate(`${site.name}-arc-gate`, { childHealthCheckIds: children }, site.opts)
    .healthCheckId;
}
