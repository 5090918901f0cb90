import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { scheduledProbe } from "./probes/scheduledProbe";

export const PROBE_NAMESPACE = "SecureCart/Probes";
export const PROBE_METRIC = "PrimaryDeepHealth";

export interface PrimaryProbeArgs {
  /** The primary region's ALB DNS name (its `albDnsName` output): the probe goes there. Required. */
  readonly albDnsName: pulumi.Input<string>;
  /** The shop's name, for TLS (SNI) and Host. Required. */
  readonly domainName: pulumi.Input<string>;
  /** The primary's region, the metric's dimension. Required. */
  readonly primaryRegion: string;
  /** This region's alert topic. Required. */
  readonly alertTopicArn: pulumi.Input<string>;
  /** Consecutive failed minutes before the alarm. Defaults to `2`. */
  readonly evaluationMinutes?: number;
}

/** PrimaryProbeArgs with every default applied. */
export type ResolvedPrimaryProbeArgs = Required<PrimaryProbeArgs>;

/** PrimaryProbeArgs with every default applied, and every problem with them, each naming its property. */
export function resolvePrimaryProbeArgs(
  args: PrimaryProbeArgs,
): Resolved<ResolvedPrimaryProbeArgs> {
  const minutes = args.evaluationMinutes ?? 2;
  const errors: string[] = [];
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10)
    errors.push(`evaluationMinutes must be an integer from 1 to 10 (got ${minutes})`);
  return { args: { ...args, evaluationMinutes: minutes }, errors };
}

/**
 * Alerting that survives the primary's region (DESIGN.md decision 15): Route 53 health-check metrics, and so
 * their alarms, exist only in us-east-1, so a us-east-1 outage would silence them. A Lambda in the recovery
 * region probes the primary's /health/deep every minute (EventBridge schedule), publishes 1 or 0 to CloudWatch
 * here, and an alarm here pages through this region's topic. A probe that stops reporting counts as failing
 * (treatMissingData "breaching"): if the probe itself breaks, people hear about it too.
 */
export class PrimaryProbe extends pulumi.ComponentResource {
  public readonly alarmArn: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;

  constructor(name: string, args: PrimaryProbeArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:observability:PrimaryProbe", name, {}, opts);
    const a = requireValid(resolvePrimaryProbeArgs(args), "PrimaryProbe", name, this);
    const opt = { parent: this };

    const fn = scheduledProbe(
      name,
      {
        handlerFile: "primaryProbe.mjs",
        environment: {
          PRIMARY_ALB: a.albDnsName,
          DOMAIN_NAME: a.domainName,
          PRIMARY_REGION: a.primaryRegion,
          METRIC_NAMESPACE: PROBE_NAMESPACE,
          METRIC_NAME: PROBE_METRIC,
        },
        // PutMetricData has no resource ARN; the namespace condition keeps the role to its own metric.
        statements: [
          {
            Sid: "OwnMetric",
            Effect: "Allow",
            Action: ["cloudwatch:PutMetricData"],
            Resource: "*",
            Condition: { StringEquals: { "cloudwatch:namespace": PROBE_NAMESPACE } },
          },
        ],
        timeoutSeconds: 15,
        description: `${name}: probe the primary's deep health`,
      },
      this,
    );
    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-down`,
      {
        alarmDescription: `The primary region ${a.primaryRegion} fails its deep health check, seen from this region (Route 53's own alarms live in us-east-1).`,
        namespace: PROBE_NAMESPACE,
        metricName: PROBE_METRIC,
        dimensions: { Region: a.primaryRegion },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: a.evaluationMinutes,
        datapointsToAlarm: a.evaluationMinutes,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        alarmActions: [a.alertTopicArn],
        okActions: [a.alertTopicArn],
      },
      opt,
    );

    this.alarmArn = alarm.arn;
    this.functionArn = fn.arn;
    this.registerOutputs({ alarmArn: this.alarmArn, functionArn: this.functionArn });
  }
}
