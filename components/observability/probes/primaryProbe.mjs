// The primary region's deep health, probed from the recovery region every minute, as a CloudWatch metric in
// this region: Route 53's health-check metrics exist only in us-east-1, so during a us-east-1 outage this is
// what still pages people (DESIGN.md decision 15, "Alerting").
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { probe } from "./deepProbe.mjs";

export { probe };

/** The Lambda handler, with its dependencies injectable for tests. */
export function makeHandler({ env = process.env, check = probe, cloudWatch = new CloudWatchClient({}) } = {}) {
  return async () => {
    const value = (await check({ host: env.PRIMARY_ALB, domain: env.DOMAIN_NAME })) ? 1 : 0;
    await cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: env.METRIC_NAMESPACE,
        MetricData: [{ MetricName: env.METRIC_NAME, Dimensions: [{ Name: "Region", Value: env.PRIMARY_REGION }], Value: value, Unit: "Count" }],
      }),
    );
    return { healthy: value === 1 };
  };
}

export const handler = makeHandler();
