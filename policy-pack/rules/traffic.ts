// Load balancer, Route 53 and Global Accelerator rules. aws:lb/* and the legacy aws:alb/* tokens both match.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  ReportViolation,
  validateResourceOfType,
} from "@pulumi/policy";
import { configOf, contextProperties, StackContext } from "./common";

type LbProps = {
  subnets?: string[];
  subnetMappings?: { subnetId: string }[];
  enableDeletionProtection?: boolean;
  enableCrossZoneLoadBalancing?: boolean;
  desyncMitigationMode?: string;
  loadBalancerType?: string;
};
type LbCheck = (lb: LbProps, args: ResourceValidationArgs, report: ReportViolation) => void;

/** One check applied to both load balancer tokens. */
function onLoadBalancers(check: LbCheck) {
  return [
    validateResourceOfType(aws.lb.LoadBalancer, (lb, args, report) => check(lb, args, report)),
    validateResourceOfType(aws.alb.LoadBalancer, (lb, args, report) => check(lb, args, report)),
  ];
}

const subnetsSchema: PolicyConfigSchema = {
  properties: { minSubnets: { type: "integer", minimum: 2, default: 2 } },
};

export const lbMultiAz: ResourceValidationPolicy = {
  name: "lb-multi-az",
  description: "Load balancers span at least two subnets.",
  enforcementLevel: "mandatory",
  configSchema: subnetsSchema,
  validateResource: onLoadBalancers((lb, args, report) => {
    const { minSubnets } = configOf<{ minSubnets: number }>(args, subnetsSchema);
    const count = Math.max(lb.subnets?.length ?? 0, lb.subnetMappings?.length ?? 0);
    if (count < minSubnets) {
      report(`Load balancer subnets must list at least ${minSubnets} subnets.`);
    }
  }),
};

export const lbDeletionProtection: ResourceValidationPolicy = {
  name: "lb-deletion-protection",
  description: "Load balancers have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: onLoadBalancers((lb, _args, report) => {
    if (lb.enableDeletionProtection !== true) {
      report("Load balancer enableDeletionProtection must be true.");
    }
  }),
};

export const lbCrossZone: ResourceValidationPolicy = {
  name: "lb-cross-zone",
  description: "Network and gateway load balancers balance across zones (ALBs always do).",
  enforcementLevel: "mandatory",
  validateResource: onLoadBalancers((lb, _args, report) => {
    const type = lb.loadBalancerType ?? "application";
    if (type !== "application" && lb.enableCrossZoneLoadBalancing !== true) {
      report(
        `Load balancer enableCrossZoneLoadBalancing must be true for a ${type} load balancer.`,
      );
    }
  }),
};

export const lbDesyncMitigation: ResourceValidationPolicy = {
  name: "lb-desync-mitigation",
  description: "Application load balancers do not merely monitor HTTP desync attacks.",
  enforcementLevel: "mandatory",
  validateResource: onLoadBalancers((lb, _args, report) => {
    if (lb.desyncMitigationMode === "monitor") {
      report('Load balancer desyncMitigationMode must be "defensive" or "strictest".');
    }
  }),
};

type ListenerProps = {
  protocol?: string;
  defaultActions?: { type: string; redirect?: { protocol?: string } }[];
};

function checkListener(l: ListenerProps, report: ReportViolation): void {
  // An ALB listener defaults to HTTP; NLB listeners (TCP/TLS/UDP) are out of scope.
  const protocol = (l.protocol ?? "HTTP").toUpperCase();
  if (protocol !== "HTTP") {
    return;
  }
  const actions = l.defaultActions ?? [];
  const redirectsOnly =
    actions.length > 0 &&
    actions.every(
      (a) => a.type === "redirect" && (a.redirect?.protocol ?? "").toUpperCase() === "HTTPS",
    );
  if (!redirectsOnly) {
    report("Load balancer HTTP listener defaultActions must only redirect to HTTPS.");
  }
}

export const lbListenerHttps: ResourceValidationPolicy = {
  name: "lb-listener-https",
  description: "Load balancer listeners serve HTTPS; an HTTP listener only redirects to HTTPS.",
  enforcementLevel: "mandatory",
  validateResource: [
    validateResourceOfType(aws.lb.Listener, (l, _args, report) => checkListener(l, report)),
    validateResourceOfType(aws.alb.Listener, (l, _args, report) => checkListener(l, report)),
  ],
};

/** The record's failover type, from v7's failoverRoutingPolicies or a legacy singular object. */
export function failoverType(r: Record<string, any>): string | undefined {
  const list =
    r.failoverRoutingPolicies ?? (r.failoverRoutingPolicy ? [r.failoverRoutingPolicy] : []);
  const first = Array.isArray(list) && list.length > 0 ? list[0] : undefined;
  return first?.type !== undefined ? String(first.type).toUpperCase() : undefined;
}

export function hasHealthCheck(r: Record<string, any>): boolean {
  if (typeof r.healthCheckId === "string" && r.healthCheckId !== "") {
    return true;
  }
  return (r.aliases ?? []).some(
    (a: { evaluateTargetHealth?: boolean }) => a.evaluateTargetHealth === true,
  );
}

export const route53FailoverHealthCheck: ResourceValidationPolicy = {
  name: "route53-failover-health-check",
  description: "Route 53 failover records are health-checked, directly or through an alias target.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.route53.Record, (r, _args, report) => {
    if (failoverType(r) === undefined) {
      return;
    }
    if (!hasHealthCheck(r)) {
      report(
        "Route 53 failover record healthCheckId must be set, or its alias evaluateTargetHealth must be true.",
      );
    }
  }),
};

const dialSchema: PolicyConfigSchema = {
  properties: { recoveryTakesTraffic: contextProperties.recoveryTakesTraffic },
};

export const globalAcceleratorTrafficDial: ResourceValidationPolicy = {
  name: "globalaccelerator-traffic-dial",
  description:
    "In active-active, every Global Accelerator endpoint group takes its full share of traffic.",
  enforcementLevel: "mandatory",
  configSchema: dialSchema,
  validateResource: validateResourceOfType(
    aws.globalaccelerator.EndpointGroup,
    (g, args, report) => {
      const { recoveryTakesTraffic } = configOf<StackContext>(args, dialSchema);
      if (recoveryTakesTraffic && (g.trafficDialPercentage ?? 100) !== 100) {
        report(
          "Global Accelerator endpoint group trafficDialPercentage must be 100 in active-active.",
        );
      }
    },
  ),
};

export const trafficRules: ResourceValidationPolicy[] = [
  lbMultiAz,
  lbDeletionProtection,
  lbCrossZone,
  lbDesyncMitigation,
  lbListenerHttps,
  route53FailoverHealthCheck,
  globalAcceleratorTrafficDial,
];
