// Detection and failover timing: how long a health check takes to declare a failure, held to the tier's
// detection budget (TierProfile.detectionBudgetSeconds, through policy config: DESIGN decision 18).
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import {
  asArray,
  configOf,
  contextProperties,
  forEachKnown,
  onTypes,
  T,
  whenKnown,
} from "./common";
import { ofType } from "./relations";
import { failoverType } from "./traffic";

const budgetSchema: PolicyConfigSchema = {
  properties: { detectionBudgetSeconds: contextProperties.detectionBudgetSeconds },
};
const budgetOf = (args: Parameters<typeof configOf>[0]) =>
  configOf<{ detectionBudgetSeconds: number }>(args, budgetSchema).detectionBudgetSeconds;

/** Route 53 health checks that probe an endpoint themselves (CALCULATED, CLOUDWATCH_METRIC and ARC ones do not). */
const ENDPOINT_CHECKS = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

/**
 * Seconds an endpoint health check takes to turn unhealthy: the request interval times the failure threshold,
 * defaulting as the API does (RequestInterval 30, FailureThreshold 3).
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
export function healthCheckSeconds(hc: Record<string, any>): number | undefined {
  const type = String(hc.type ?? "").toUpperCase();
  if (!ENDPOINT_CHECKS.includes(type)) {
    return undefined;
  }
  return (hc.requestInterval ?? 30) * (hc.failureThreshold ?? 3);
}

export const route53HealthCheckDetectionTime: ResourceValidationPolicy = {
  name: "route53-health-check-detection-time",
  description:
    "Route 53 endpoint health checks declare a failure within the tier's detection budget.",
  enforcementLevel: "mandatory",
  configSchema: budgetSchema,
  validateResource: validateResourceOfType(aws.route53.HealthCheck, (hc, args, report) => {
    const seconds = healthCheckSeconds(hc);
    const budget = budgetOf(args);
    if (seconds !== undefined && seconds > budget) {
      report(
        `Route 53 health check requestInterval × failureThreshold must be at most ${budget} seconds (is ${seconds}).`,
      );
    }
  }),
};

/**
 * A health check that cannot fail never moves traffic: Route 53 treats a disabled check as healthy and an
 * inverted one upside down, and a TCP check on a load balancer passes while every target behind it is down,
 * since the load balancer itself accepts the connection.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
 */
export const route53HealthCheckCanFail: ResourceValidationPolicy = {
  name: "route53-health-check-can-fail",
  description:
    "Route 53 health checks are enabled, not inverted, and probe a load balancer's application rather than its TCP port.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.route53.HealthCheck, (hc, _args, report) => {
    if (hc.disabled === true) {
      report("Route 53 health check disabled must be false.");
    }
    if (hc.invertHealthcheck === true) {
      report("Route 53 health check invertHealthcheck must be false.");
    }
    if (
      String(hc.type ?? "").toUpperCase() === "TCP" &&
      /\.elb\.amazonaws\.com\.?$/i.test(hc.fqdn ?? "")
    ) {
      report(
        "Route 53 health check type must be HTTP, HTTPS or a string match against a load balancer, not TCP.",
      );
    }
  }),
};

/** Whether `ref` (a property of `from`) names the health check `hc`: by propertyDependencies, id or name. */
function namesCheck(from: PolicyResource, key: string, hc: PolicyResource): boolean {
  if ((from.propertyDependencies?.[key] ?? []).some((d) => d.urn === hc.urn)) {
    return true;
  }
  const ids = asArray<string>(whenKnown(() => from.props[key]));
  return ids.some(
    (id) => typeof id === "string" && (id === hc.name || id.startsWith(`${hc.name}-`)),
  );
}

/** Seconds a health check takes to fail, following a CALCULATED check to its slowest child. */
function checkSeconds(hc: PolicyResource, checks: PolicyResource[], depth = 0): number | undefined {
  const own = whenKnown(() => healthCheckSeconds(hc.props));
  if (own !== undefined || depth > 3) {
    return own;
  }
  const children = checks.filter((c) => c !== hc && namesCheck(hc, "childHealthchecks", c));
  const times = children
    .map((c) => checkSeconds(c, checks, depth + 1))
    .filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * Resolvers keep answering with the failed region for the record's TTL after the check fails. An alias record
 * has no TTL of its own: for an ELB target, Route 53 answers with the load balancer's 60 seconds.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html
 */
function ttlSeconds(record: Record<string, any>): number {
  const aliases = asArray<{ name?: string }>(record.aliases);
  if (aliases.length > 0) {
    return aliases.some((a) => /\.elb\.amazonaws\.com\.?$/i.test(a?.name ?? "")) ? 60 : 0;
  }
  return record.ttl ?? 0;
}

export const route53FailoverDetectionTime: StackValidationPolicy = {
  name: "route53-failover-detection-time",
  description:
    "A failover record moves traffic within the tier's detection budget: its health check's time to fail plus the TTL resolvers cache.",
  enforcementLevel: "mandatory",
  configSchema: budgetSchema,
  validateStack: (args, report) => {
    const budget = budgetOf(args);
    const checks = ofType(args.resources, T.healthCheck);
    forEachKnown(ofType(args.resources, T.record), (r) => {
      if (failoverType(r.props) === undefined) {
        return;
      }
      const hc = checks.find((c) => namesCheck(r, "healthCheckId", c));
      const check = hc ? (checkSeconds(hc, checks) ?? 0) : 0;
      const ttl = ttlSeconds(r.props);
      if (check + ttl > budget) {
        const name = r.props.name ?? r.name;
        report(
          `Route 53 failover record ${name} health check time plus TTL must be at most ${budget} seconds (is ${check} + ${ttl}).`,
          r.urn,
        );
      }
    });
  },
};

/**
 * An ALB or NLB takes a target out after interval × unhealthy threshold; Global Accelerator takes an ALB
 * endpoint's health from it. Defaults as the provider sends them (interval 30, unhealthy threshold 3).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
 * https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoint-groups-health-check-options.html
 */
export const lbTargetGroupDetectionTime: ResourceValidationPolicy = {
  name: "lb-target-group-detection-time",
  description:
    "Load balancer target groups health-check their targets and declare a failure within the tier's detection budget.",
  enforcementLevel: "mandatory",
  configSchema: budgetSchema,
  validateResource: onTypes(T.targetGroup, (tg, args, report) => {
    if (tg.targetType === "lambda") {
      return;
    }
    const hc = tg.healthCheck ?? {};
    if (hc.enabled === false) {
      report("Load balancer target group healthCheck.enabled must be true.");
      return;
    }
    const seconds = (hc.interval ?? 30) * (hc.unhealthyThreshold ?? 3);
    const budget = budgetOf(args);
    if (seconds > budget) {
      report(
        `Load balancer target group healthCheck interval × unhealthyThreshold must be at most ${budget} seconds (is ${seconds}).`,
      );
    }
  }),
};

/** Global Accelerator uses its own checks only for endpoints that are not load balancers (same page as above). */
export const globalAcceleratorDetectionTime: ResourceValidationPolicy = {
  name: "globalaccelerator-detection-time",
  description:
    "Global Accelerator endpoint groups that check their own endpoints declare a failure within the tier's detection budget.",
  enforcementLevel: "mandatory",
  configSchema: budgetSchema,
  validateResource: validateResourceOfType(
    aws.globalaccelerator.EndpointGroup,
    (g, args, report) => {
      const endpoints = g.endpointConfigurations ?? [];
      const ownChecks = endpoints.some((e) => !/:elasticloadbalancing:/.test(e.endpointId ?? ""));
      if (!ownChecks) {
        return;
      }
      const seconds = (g.healthCheckIntervalSeconds ?? 30) * (g.thresholdCount ?? 3);
      const budget = budgetOf(args);
      if (seconds > budget) {
        report(
          `Global Accelerator endpoint group healthCheckIntervalSeconds × thresholdCount must be at most ${budget} seconds (is ${seconds}).`,
        );
      }
    },
  ),
};

export const timingResourceRules: ResourceValidationPolicy[] = [
  route53HealthCheckDetectionTime,
  route53HealthCheckCanFail,
  lbTargetGroupDetectionTime,
  globalAcceleratorDetectionTime,
];
export const timingStackRules: StackValidationPolicy[] = [route53FailoverDetectionTime];
