import { AlertTopic } from "../../observability";
import { Site } from "./site";

export interface AlertsResult {
  readonly alerts: AlertTopic;
}

/** Created before the data and compute sections: the order-validation Lambda reports to it. */
export function composeAlerts(site: Site): AlertsResult {
  const { config } = site.args;
  const alerts = new AlertTopic(`${site.name}-alerts`, { email: config.alertEmail, role: config.role }, site.opts);
  return { alerts };
}
