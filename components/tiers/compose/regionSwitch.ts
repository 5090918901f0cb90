import {
  ActionStep,
  lambdaSteps,
  RegionSwitchActions,
  RegionSwitchPlan,
  RoutingControlRef,
} from "../../resilience";
import { recoveryTakesTraffic, stepsOf, TierProfile } from "../tierProfile";

/** The Serverless v2 floor a promoted standby gets; a provisioned standby's scale-database has nothing to raise. */
function failoverFloorOf(profile: TierProfile): number {
  const c = profile.recovery.databaseCapacity;
  return c.kind === "serverless-v2" ? c.failoverMinAcu : 0.5;
}
import type { OperationsInputs } from "./operationsInputs";
import * as pulumi from "@pulumi/pulumi";
import { arcRoutingControlUse, Site } from "./site";

/**
 * The ARC Region Switch plan and its custom-action Lambdas, built by the recovery stack (DESIGN.md decision 1):
 * it holds both regions' references, and creates the primary region's Lambda through its primary-region provider.
 *
 * Routing: the plan's switch-routing step is the Lambda writing the routing switch, the same S3 PutObject the runbook
 * and the drill make (decision 15: one mechanism). ARC's own Route 53 health check block was not used:
 * - it creates health checks that "you then attach to Route 53 DNS records" yourself
 *   (https://docs.aws.amazon.com/r53recovery/latest/dg/route53-health-check-block.html); @pulumi/aws exposes their
 *   ids only through `aws.arcregionswitch.getRoute53HealthChecks({ planArn })`, readable by the stack that owns the
 *   plan (this one), while the PRIMARY record and its CALCULATED gate belong to the primary stack, which is deployed
 *   first and never references this stack;
 * - they would be a second switch beside the S3 object: a runbook failback writing `primary=on` would leave ARC's
 *   check unhealthy (or the reverse), and the PRIMARY would need both;
 * - ARC's check is inverted ("if the standby resource is unreachable, the health check for the primary Region defaults
 *   to healthy"); decision 15 never inverts one.
 * Both depend on the activating region only, where this Lambda runs. With ARC routing controls
 * (`securecart:arcRoutingControl`), the step also runs ARC's routing control block, as the runbook also sets them;
 * the Lambda still writes the switch object, the storefronts' write fence.
 */
export function composeRegionSwitch(site: Site, inputs: OperationsInputs): RegionSwitchPlan {
  const { name, opts, profile } = site;
  const primary = site.primary!;
  const { config } = site.args;
  const arcOn = arcRoutingControlUse(profile, config.arcRoutingControl).enabled;
  const controlArns = primary.output("routingControlArns") as pulumi.Output<Record<string, string>>;
  const routingControls: RoutingControlRef | undefined = arcOn
    ? {
        routingControlArns: Object.fromEntries(
          [primary.region, config.region].map((r) => [r, controlArns.apply((m) => m?.[r] ?? "")]),
        ),
      }
    : undefined;
  const { db } = inputs.data;
  const { alb, hosts, service } = inputs.compute;
  const regions = { primaryRegion: primary.region, recoveryRegion: config.region };
  const approach = recoveryTakesTraffic(profile) ? "activeActive" : "activePassive";
  const failoverSteps = stepsOf(profile, "failover");
  const failbackSteps = stepsOf(profile, "failback");
  const steps = lambdaSteps([failoverSteps, failbackSteps]) as ActionStep[];

  const actions = new RegionSwitchActions(
    `${name}-region-switch-actions`,
    {
      ...regions,
      providers: { [primary.region]: primary.provider },
      approach,
      steps,
      domainName: config.domainName,
      targets: {
        [primary.region]: {
          albArn: primary.output("albArn"),
          ecsClusterArn: primary.output("ecsClusterArn"),
          dbClusterArn: primary.output("dbClusterArn"),
        },
        [config.region]: {
          albArn: alb.albArn,
          ecsClusterArn: hosts.clusterArn,
          dbClusterArn: db.clusterArn,
        },
      },
      globalClusterIdentifier: primary.output("globalClusterId"),
      routingSwitch: steps.includes("switch-routing")
        ? {
            bucket: primary.output("routingSwitchBucket"),
            key: primary.output("routingSwitchKey"),
            region: primary.output("routingSwitchRegion"),
          }
        : undefined,
      acceleratorListenerArn: steps.includes("drain-traffic")
        ? primary.output("acceleratorListenerArn")
        : undefined,
      regionRoleMode: profile.regionRoleEnv,
      databaseFailoverMinAcu: steps.includes("scale-database")
        ? failoverFloorOf(profile)
        : undefined,
    },
    opts,
  );
  return new RegionSwitchPlan(
    `${name}-region-switch`,
    {
      ...regions,
      failoverSteps,
      failbackSteps,
      decisionRequired: profile.decisionRequired,
      rtoMinutes: profile.targets.rtoMinutes,
      recoveryApproach: approach,
      asgArns: { [primary.region]: primary.output("asgArn"), [config.region]: hosts.asgArn },
      ecsServices: {
        [primary.region]: {
          clusterArn: primary.output("ecsClusterArn"),
          serviceArn: primary.output("ecsServiceArn"),
        },
        [config.region]: { clusterArn: hosts.clusterArn, serviceArn: service.serviceArn },
      },
      globalClusterIdentifier: primary.output("globalClusterId"),
      databaseClusterArns: {
        [primary.region]: primary.output("dbClusterArn"),
        [config.region]: db.clusterArn,
      },
      routingControls,
      actionLambdas: actions.functionArns,
    },
    opts,
  );
}
