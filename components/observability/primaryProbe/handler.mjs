// The primary region's deep health, probed from the recovery region every minute, as a CloudWatch metric in
// this region: Route 53's health-check metrics exist only in us-east-1, so during a us-east-1 outage this is
// what still pages people (DESIGN.md decision 15, "Alerting").
import https from "node:https";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";

/** 1 when the primary's /health/deep, reached through its own ALB as the shop (SNI), finds the orders database. */
export function probe({ host, domain, timeoutMs = 5000, request = https.get }) {
  return new Promise((resolve) => {
    const req = request({ host, servername: domain, path: "/health/deep", headers: { host: domain, accept: "application/json" }, timeout: timeoutMs }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        try {
          resolve(res.statusCode === 200 && JSON.parse(body)?.checks?.orders?.ok === true ? 1 : 0);
        } catch {
          resolve(0);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve(0));
  });
}

/** The Lambda handler, with its dependencies injectable for tests. */
export function makeHandler({ env = process.env, check = probe, cloudWatch = new CloudWatchClient({}) } = {}) {
  return async () => {
    const value = await check({ host: env.PRIMARY_ALB, domain: env.DOMAIN_NAME });
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
