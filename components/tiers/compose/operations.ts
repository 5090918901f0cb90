import { HealthCheckAlarm, PatchManagement, RegionAlarms } from "../../observability";
import { FisExperiment, ResilienceHubPolicy } from "../../resilience";
import { Site } from "./site";
import { OperationsInputs } from "./operationsInputs";
import { composeRegionSwitch } from "./regionSwitch";

export interface OperationsResult {
  readonly alarms: RegionAlarms;
}

/** Alarms, patching and the resilience tooling (FIS, Resilience Hub, Region Switch). */
export function composeOperations(site: Site, inputs: OperationsInputs): OperationsResult {
  const { name, opts, profile, isPrimary, primary } = site;
  const { config, availabilityZones } = site.args;
  const role = config.role;
  const { contract } = inputs;
  const { usEast1Provider } = inputs.providers;
  const { alerts } = inputs.alerting;
  const { db, cache } = inputs.data;
  const { alb, hosts, service } = inputs.compute;
  const { health } = inputs.traffic;

  // --- observability and patching ---
  const alarms = new RegionAlarms(
    `${name}-alarms`,
    {
      topicArn: alerts.topicArn,
      alb,
      scaleOutPolicyArns: [service.checkoutScaleOutPolicyArn],
      dbClusterIdentifier: db.clusterIdentifier,
      dbReplicaLag: !isPrimary && !site.rebuild,
      cacheReplicationGroupId: cache.replicationGroupId,
      cache: true,
      // One dashboard per region: dashboard names are account-wide (RegionAlarmsArgs.dashboardName).
      dashboardName: `${name}-alarms-${config.region}`,
    },
    opts,
  );
  // A rebuild makes nothing in us-east-1, where Route 53's metrics (and so this alarm) live; the region's own
  // primary probe (../compose/alerts.ts) alerts from here instead.
  if (!site.rebuild) {
    new HealthCheckAlarm(
      `${name}-health-alarm`,
      {
        healthCheckId: health.healthCheckId,
        // The alarm lives in us-east-1, so it notifies the us-east-1 (primary's) topic.
        topicArn:
          isPrimary || config.region === "us-east-1"
            ? alerts.topicArn
            : primary!.output("alertTopicArn"),
        usEast1Provider,
      },
      opts,
    );
  }
  // Each region's own window (stacks/topology.ts): the two regions are never patched at once.
  const patchSchedule = config.patchWindow;
  new PatchManagement(
    `${name}-patching`,
    { patchGroup: hosts.patchGroup, schedule: patchSchedule, role },
    opts,
  );

  // --- resilience ---
  // No Elastic Disaster Recovery: the hosts are stateless Auto Scaling group members (README, "Why no Elastic
  // Disaster Recovery"). FIS needs a role of its own: IAM's control plane is in us-east-1, so a rebuild runs no
  // experiments.
  if (!site.rebuild) {
    new FisExperiment(
      `${name}-fis`,
      {
        asgName: hosts.asgName,
        availabilityZone: availabilityZones[0],
        stopAlarmArn: alarms.target5xxAlarmArn,
      },
      opts,
    );
  }
  if (isPrimary) {
    // The policy holds the region to what this deployment computes it can do, not only to the tier's targets.
    new ResilienceHubPolicy(
      `${name}-resilience`,
      {
        tier: profile.tier,
        rtoMinutes: profile.targets.rtoMinutes,
        rpoMinutes: profile.targets.rpoMinutes,
        contract: { rpoMinutes: contract.rpoMinutes, rtoMinutes: contract.rtoMinutes },
      },
      opts,
    );
  }
  if (primary && profile.regionSwitchPlan) composeRegionSwitch(site, inputs);
  return { alarms };
}
