import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

export type ReplicaLagMetric = "AuroraGlobalDBReplicationLag" | "AuroraReplicaLag";

/** A load balancer as its alarms name it: the `arnSuffix` dimensions of the ALB and its target groups. */
export interface AlarmedLoadBalancer {
  /** The ALB's `arnSuffix` (the LoadBalancer dimension). */
  readonly albArnSuffix: pulumi.Input<string>;
  /** The `/api/orders*` target group's `arnSuffix`: its p99 response time is the checkout latency. */
  readonly ordersTargetGroupArnSuffix: pulumi.Input<string>;
  /** The storefront's default target group's `arnSuffix`, watched for unhealthy hosts too. Defaults to `undefined` (not watched). */
  readonly appTargetGroupArnSuffix?: pulumi.Input<string>;
}

export interface RegionAlarmsArgs {
  /** The region's AlertTopic, which every alarm and the cache failover rule notify. Required. */
  readonly topicArn: pulumi.Input<string>;
  /** The public ALB and its target groups, by their CloudWatch dimensions (a PublicLoadBalancer will do). Required. */
  readonly alb: AlarmedLoadBalancer;
  /** Scaling policies the checkout latency alarm triggers besides the topic (DESIGN decision 6). Defaults to `[]`. */
  readonly scaleOutPolicyArns?: pulumi.Input<string>[];
  /** Checkout latency p99, in seconds, above which the alarm fires and scale-out starts. Defaults to `0.5`. */
  readonly latencyThresholdSeconds?: number;
  /** 5xx responses per minute (ALB-generated and target-generated alike) above which those alarms fire. Defaults to `10`. */
  readonly http5xxThreshold?: number;
  /** Alarm on the database replica's lag (regions that hold a replica). Defaults to `false`. */
  readonly dbReplicaLag?: boolean;
  /** The Aurora cluster identifier whose lag is watched; required when dbReplicaLag is true. Defaults to `undefined`. */
  readonly dbClusterIdentifier?: pulumi.Input<string>;
  /** Which lag metric: a global database's secondary or a cross-region replica cluster. Defaults to `AuroraGlobalDBReplicationLag`. */
  readonly dbReplicaLagMetric?: ReplicaLagMetric;
  /** Replica lag, in milliseconds, above which the alarm fires; well under the tier's RPO. Defaults to `10000`. */
  readonly dbReplicaLagThresholdMs?: number;
  /** Forward the cache's ElastiCache events (failover) to the topic. Defaults to `false`. */
  readonly cache?: boolean;
  /** The ElastiCache replication group id; required when cache is true. Defaults to `undefined`. */
  readonly cacheReplicationGroupId?: pulumi.Input<string>;
  /**
   * The dashboard's name: letters, digits, "-" and "_". Dashboards are global to the account (their ARN carries no
   * region: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html#amazoncloudwatch-resources-for-iam-policies,
   * `arn:${Partition}:cloudwatch::${Account}:dashboard/${DashboardName}`), so a stack per region must put its region
   * in the name, or the second PutDashboard overwrites the first and destroying either deletes both. Defaults to
   * the component's name.
   */
  readonly dashboardName?: string;
}

/** Args that stay optional once resolved: absent means "not watched" or "not used". */
type OptionalRegionAlarmsArgs = "dbClusterIdentifier" | "cacheReplicationGroupId";

/** RegionAlarmsArgs with every default applied. */
export type ResolvedRegionAlarmsArgs = Required<Omit<RegionAlarmsArgs, OptionalRegionAlarmsArgs>> &
  Pick<RegionAlarmsArgs, OptionalRegionAlarmsArgs>;

/**
 * RegionAlarmsArgs with every default applied (the dashboard is named after the component, `name`), and every
 * problem with their plain fields and presence rules, each naming its property.
 */
export function resolveRegionAlarmsArgs(
  name: string,
  args: RegionAlarmsArgs,
): Resolved<ResolvedRegionAlarmsArgs> {
  const problems: string[] = [];
  const resolved: ResolvedRegionAlarmsArgs = {
    ...args,
    scaleOutPolicyArns: args.scaleOutPolicyArns ?? [],
    latencyThresholdSeconds: args.latencyThresholdSeconds ?? 0.5,
    http5xxThreshold: args.http5xxThreshold ?? 10,
    dbReplicaLag: args.dbReplicaLag ?? false,
    dbReplicaLagMetric: args.dbReplicaLagMetric ?? "AuroraGlobalDBReplicationLag",
    dbReplicaLagThresholdMs: args.dbReplicaLagThresholdMs ?? 10000,
    cache: args.cache ?? false,
    dashboardName: args.dashboardName ?? name,
  };
  const { latencyThresholdSeconds: latency, http5xxThreshold: http5xx } = resolved;
  const { dbReplicaLagThresholdMs: lag, dashboardName } = resolved;
  if (!(latency > 0 && latency <= 60))
    problems.push(`latencyThresholdSeconds must be above 0 and at most 60 (got ${latency})`);
  if (!(Number.isInteger(http5xx) && http5xx >= 0))
    problems.push(`http5xxThreshold must be a whole number of responses (got ${http5xx})`);
  if (args.dbReplicaLag && args.dbClusterIdentifier === undefined) {
    problems.push("dbClusterIdentifier is required when dbReplicaLag is true");
  }
  if (args.dbReplicaLag && !(lag > 0))
    problems.push(`dbReplicaLagThresholdMs must be above 0 (got ${lag})`);
  const metric = resolved.dbReplicaLagMetric;
  if (metric !== "AuroraGlobalDBReplicationLag" && metric !== "AuroraReplicaLag") {
    problems.push(
      `dbReplicaLagMetric must be AuroraGlobalDBReplicationLag or AuroraReplicaLag (got "${metric}")`,
    );
  }
  if (args.cache && args.cacheReplicationGroupId === undefined)
    problems.push("cacheReplicationGroupId is required when cache is true");
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(dashboardName)) {
    problems.push(
      `dashboardName must be 1 to 255 letters, digits, "-" or "_" (got "${dashboardName}")`,
    );
  }
  return { args: resolved, errors: problems };
}

/**
 * EventBridge pattern for the cache's events: ElastiCache's own events name the group or its member clusters
 * (`<group>-001`...) in `resources`, and a failover started through the API (TestFailover) names the group in
 * the CloudTrail request.
 */
export function cacheEventPattern(replicationGroupId: string): Record<string, unknown> {
  return {
    source: ["aws.elasticache"],
    $or: [
      { resources: [{ wildcard: `arn:aws:elasticache:*:*:*:${replicationGroupId}*` }] },
      { detail: { requestParameters: { replicationGroupId: [replicationGroupId] } } },
    ],
  };
}

/**
 * The region's CloudWatch alarms and dashboard: checkout latency p99 on the orders target group (which also
 * drives scale-out), ALB and target 5xx, unhealthy hosts per target group, the database replica's lag, and the
 * cache's failover events through EventBridge. Every alarm notifies the topic, and tells it when it clears.
 */
export class RegionAlarms extends pulumi.ComponentResource {
  public readonly checkoutLatencyAlarmArn: pulumi.Output<string>;
  public readonly elb5xxAlarmArn: pulumi.Output<string>;
  public readonly target5xxAlarmArn: pulumi.Output<string>;
  /** UnHealthyHostCount alarms by target group (`orders`, and `app` when given). */
  public readonly unhealthyHostAlarmArns: Record<string, pulumi.Output<string>>;
  public readonly dbReplicaLagAlarmArn: pulumi.Output<string> | undefined;
  public readonly cacheEventRuleArn: pulumi.Output<string> | undefined;
  public readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: RegionAlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:observability:RegionAlarms", name, {}, opts);
    const a = requireValid(resolveRegionAlarmsArgs(name, args), "RegionAlarms", name, this);
    const latencyThreshold = a.latencyThresholdSeconds;
    const http5xxThreshold = a.http5xxThreshold;
    const lagMetric = a.dbReplicaLagMetric;
    const lagThreshold = a.dbReplicaLagThresholdMs;
    const opt = { parent: this };
    const notify = [a.topicArn];
    const common = { okActions: notify };
    const region = aws.getRegionOutput({}, opt).region;

    const checkoutLatency = new aws.cloudwatch.MetricAlarm(
      `${name}-checkout-latency`,
      {
        alarmDescription: `Checkout (/api/orders*) p99 response time above ${latencyThreshold} s: scaling out`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        extendedStatistic: "p99",
        dimensions: {
          LoadBalancer: a.alb.albArnSuffix,
          TargetGroup: a.alb.ordersTargetGroupArnSuffix,
        },
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        threshold: latencyThreshold,
        comparisonOperator: "GreaterThanThreshold",
        // A percentile over a handful of requests is noise; with no traffic there is no latency to act on.
        evaluateLowSampleCountPercentiles: "ignore",
        treatMissingData: "notBreaching",
        alarmActions: [...notify, ...a.scaleOutPolicyArns],
        ...common,
      },
      opt,
    );

    const count5xx = (suffix: string, metricName: string, what: string) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        {
          alarmDescription: `${what} 5xx responses above ${http5xxThreshold} a minute`,
          namespace: "AWS/ApplicationELB",
          metricName,
          statistic: "Sum",
          dimensions: { LoadBalancer: a.alb.albArnSuffix },
          period: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          threshold: http5xxThreshold,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: notify,
          ...common,
        },
        opt,
      );
    const elb5xx = count5xx("elb-5xx", "HTTPCode_ELB_5XX_Count", "Load balancer");
    const target5xx = count5xx("target-5xx", "HTTPCode_Target_5XX_Count", "Storefront");

    const targetGroups: Record<string, pulumi.Input<string>> = {
      orders: a.alb.ordersTargetGroupArnSuffix,
    };
    if (a.alb.appTargetGroupArnSuffix !== undefined)
      targetGroups.app = a.alb.appTargetGroupArnSuffix;
    const unhealthy: Record<string, pulumi.Output<string>> = {};
    for (const [key, targetGroup] of Object.entries(targetGroups)) {
      unhealthy[key] = new aws.cloudwatch.MetricAlarm(
        `${name}-unhealthy-${key}`,
        {
          alarmDescription: `Unhealthy targets in the ${key} target group`,
          namespace: "AWS/ApplicationELB",
          metricName: "UnHealthyHostCount",
          statistic: "Maximum",
          dimensions: { LoadBalancer: a.alb.albArnSuffix, TargetGroup: targetGroup },
          period: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: notify,
          ...common,
        },
        opt,
      ).arn;
    }

    let dbLag: aws.cloudwatch.MetricAlarm | undefined;
    if (a.dbReplicaLag) {
      dbLag = new aws.cloudwatch.MetricAlarm(
        `${name}-db-replica-lag`,
        {
          alarmDescription: `Orders database replica lag (${lagMetric}) above ${lagThreshold} ms: the RPO is at risk`,
          namespace: "AWS/RDS",
          metricName: lagMetric,
          statistic: "Maximum",
          dimensions: { DBClusterIdentifier: a.dbClusterIdentifier! },
          period: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          threshold: lagThreshold,
          comparisonOperator: "GreaterThanThreshold",
          // Replication that stops reporting has stopped replicating: silence must page, not reassure.
          treatMissingData: "breaching",
          alarmActions: notify,
          ...common,
        },
        opt,
      );
    }

    let cacheRule: aws.cloudwatch.EventRule | undefined;
    if (a.cache) {
      cacheRule = new aws.cloudwatch.EventRule(
        `${name}-cache-events`,
        {
          description: "ElastiCache failover and other events of the storefront's cache",
          eventPattern: pulumi
            .output(a.cacheReplicationGroupId!)
            .apply((id) => JSON.stringify(cacheEventPattern(id))),
        },
        opt,
      );
      new aws.cloudwatch.EventTarget(
        `${name}-cache-events`,
        { rule: cacheRule.name, arn: a.topicArn },
        opt,
      );
    }

    const widget = (
      title: string,
      metrics: unknown[],
      x: number,
      y: number,
      extra: Record<string, unknown> = {},
    ) => ({
      type: "metric",
      x,
      y,
      width: 12,
      height: 6,
      properties: {
        title,
        metrics,
        region,
        view: "timeSeries",
        stacked: false,
        period: 60,
        ...extra,
      },
    });
    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: a.dashboardName,
        dashboardBody: pulumi.jsonStringify({
          widgets: [
            widget(
              "Checkout latency p99 (s)",
              [
                [
                  "AWS/ApplicationELB",
                  "TargetResponseTime",
                  "LoadBalancer",
                  a.alb.albArnSuffix,
                  "TargetGroup",
                  a.alb.ordersTargetGroupArnSuffix,
                  { stat: "p99" },
                ],
              ],
              0,
              0,
              { annotations: { horizontal: [{ label: "scale-out", value: latencyThreshold }] } },
            ),
            widget(
              "5xx responses",
              [
                [
                  "AWS/ApplicationELB",
                  "HTTPCode_ELB_5XX_Count",
                  "LoadBalancer",
                  a.alb.albArnSuffix,
                  { stat: "Sum" },
                ],
                [
                  "AWS/ApplicationELB",
                  "HTTPCode_Target_5XX_Count",
                  "LoadBalancer",
                  a.alb.albArnSuffix,
                  { stat: "Sum" },
                ],
              ],
              12,
              0,
            ),
            widget(
              "Healthy / unhealthy hosts",
              Object.entries(targetGroups).flatMap(([key, tg]) =>
                [
                  ["HealthyHostCount", "Minimum", "healthy"],
                  ["UnHealthyHostCount", "Maximum", "unhealthy"],
                ].map(([metric, stat, label]) => [
                  "AWS/ApplicationELB",
                  metric,
                  "LoadBalancer",
                  a.alb.albArnSuffix,
                  "TargetGroup",
                  tg,
                  { stat, label: `${key} ${label}` },
                ]),
              ),
              0,
              6,
            ),
            ...(a.dbReplicaLag
              ? [
                  widget(
                    `Database replica lag (${lagMetric}, ms)`,
                    [
                      [
                        "AWS/RDS",
                        lagMetric,
                        "DBClusterIdentifier",
                        a.dbClusterIdentifier!,
                        { stat: "Maximum" },
                      ],
                    ],
                    12,
                    6,
                  ),
                ]
              : []),
            ...(a.cache
              ? [
                  widget(
                    "Cache: engine CPU and replication lag",
                    // Node metrics carry the member clusters' ids (<group>-001...), so a search finds them all.
                    [
                      ["EngineCPUUtilization", "Average", "cpu"],
                      ["ReplicationLag", "Maximum", "lag"],
                    ].map(([metric, stat, id]) => [
                      {
                        expression: pulumi.interpolate`SEARCH('{AWS/ElastiCache,CacheClusterId} MetricName="${metric}" ${a.cacheReplicationGroupId!}', '${stat}', 60)`,
                        id,
                      },
                    ]),
                    0,
                    12,
                  ),
                ]
              : []),
          ],
        }),
      },
      opt,
    );

    this.checkoutLatencyAlarmArn = checkoutLatency.arn;
    this.elb5xxAlarmArn = elb5xx.arn;
    this.target5xxAlarmArn = target5xx.arn;
    this.unhealthyHostAlarmArns = unhealthy;
    this.dbReplicaLagAlarmArn = dbLag?.arn;
    this.cacheEventRuleArn = cacheRule?.arn;
    this.dashboardName = dashboard.dashboardName;
    this.registerOutputs({
      checkoutLatencyAlarmArn: this.checkoutLatencyAlarmArn,
      elb5xxAlarmArn: this.elb5xxAlarmArn,
      target5xxAlarmArn: this.target5xxAlarmArn,
      dashboardName: this.dashboardName,
    });
  }
}
