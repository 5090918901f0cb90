import { AlertTopic, PrimaryProbe } from "../../observability";
import { Site } from "./site";

export interface AlertsResult {
  readonly alerts: AlertTopic;
}

/**
 * Created before the data and compute sections: the order-validation Lambda reports to it. A recovery region
 * also watches the primary from here, so people are alerted while us-east-1 (and Route 53's alarms) are down.
 */
export function composeAlerts(site: Site): AlertsResult {
  const { config } = site.args;
  const alerts = new AlertTopic(
    `${site.name}-alerts`,
    { email: config.alertEmail, role: config.role },
    site.opts,
  );
  if (site.primary) {
    new PrimaryProbe(
      `${site.name}-primary-probe`,
      {
        albDnsName: site.primary.output("albDnsName"),
        domainName: config.domainName,
        primaryRegion: site.primary.region,
        alertTopicArn: alerts.topicArn,
      },
      site.opts,
    );
  }
  return { alerts };
}
