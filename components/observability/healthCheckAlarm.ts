import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface HealthCheckAlarmArgs {
  /** The Route 53 health check to watch (DeepHealthCheck.healthCheckId). Required. */
  readonly healthCheckId: pulumi.Input<string>;
  /** Topic to notify; alarms publish only within their region, so it must live in us-east-1. Required. */
  readonly topicArn: pulumi.Input<string>;
  /**
   * Provider for us-east-1, needed by every stack outside it (Route 53's metrics exist only there).
   * Defaults to `undefined` (the stack's own provider).
   */
  readonly usEast1Provider?: aws.Provider;
  /** Consecutive failing minutes before the alarm fires. Defaults to `1`. */
  readonly evaluationPeriods?: number;
  /** Region role, named in the alarm's description. Defaults to `primary`. */
  readonly role?: string;
}

/** HealthCheckAlarmArgs with the defaults applied; no `usEast1Provider` means the stack's own. */
export type ResolvedHealthCheckAlarmArgs = Required<Omit<HealthCheckAlarmArgs, "usEast1Provider">> &
  Pick<HealthCheckAlarmArgs, "usEast1Provider">;

/**
 * HealthCheckAlarmArgs with every default applied, and every problem with them, each naming its property.
 * `stackRegion` is the stack's own region: outside us-east-1 the alarm needs a us-east-1 provider.
 */
export function resolveHealthCheckAlarmArgs(
  args: HealthCheckAlarmArgs,
  stackRegion: string | undefined,
): Resolved<ResolvedHealthCheckAlarmArgs> {
  const problems: string[] = [];
  const periods = args.evaluationPeriods ?? 1;
  if (!args.usEast1Provider && stackRegion !== undefined && stackRegion !== "us-east-1") {
    problems.push(
      `usEast1Provider is required in ${stackRegion}: Route 53 health check metrics exist only in us-east-1`,
    );
  }
  // An ARN known now can be checked now; one that comes from another resource is checked by AWS.
  if (typeof args.topicArn === "string" && !/^arn:aws[a-z-]*:sns:us-east-1:/.test(args.topicArn)) {
    problems.push(
      `topicArn must be an SNS topic in us-east-1, where the alarm lives (got "${args.topicArn}")`,
    );
  }
  if (!Number.isInteger(periods) || periods < 1)
    problems.push(`evaluationPeriods must be a whole number from 1 (got ${periods})`);
  return {
    args: { ...args, evaluationPeriods: periods, role: args.role ?? "primary" },
    errors: problems,
  };
}

/**
 * Alarms when a Route 53 health check fails (HealthCheckStatus below 1), in us-east-1, where Route 53 publishes
 * its metrics (DESIGN decision 5). Missing data counts as failing: a deleted or stalled check must not look healthy.
 */
export class HealthCheckAlarm extends pulumi.ComponentResource {
  public readonly alarmArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: HealthCheckAlarmArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:observability:HealthCheckAlarm", name, {}, opts);
    const a = requireValid(
      resolveHealthCheckAlarmArgs(args, aws.config.region),
      "HealthCheckAlarm",
      name,
      this,
    );

    const alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-alarm`,
      {
        alarmDescription: `Route 53 deep health check of the ${a.role} region is failing`,
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: a.healthCheckId },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: a.evaluationPeriods,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        alarmActions: [a.topicArn],
        okActions: [a.topicArn],
      },
      a.usEast1Provider ? { parent: this, provider: a.usEast1Provider } : { parent: this },
    );

    this.alarmArn = alarm.arn;
    this.registerOutputs({ alarmArn: this.alarmArn });
  }
}
