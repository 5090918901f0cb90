/**
 * The pieces drawn above the regions (DESIGN.md, "Global or cross-region pieces"): Route 53 records and health
 * checks, the Global Accelerator and its endpoint groups, the Region Switch plan and the Resilience Hub policy.
 * They are global whichever stack or provider creates them.
 */
import { Located, num, str } from "./located";
import { NodeDraft, TYPES } from "./nodes";

/** Record types that carry the shop's traffic; the ACM validation CNAMEs (`_…`) are plumbing and left out. */
export function isTrafficRecord(l: Located): boolean {
  const name = str(l.r.inputs.name) ?? "";
  return (
    l.r.type === TYPES.record &&
    ["A", "AAAA", "CNAME"].includes(String(l.r.inputs.type)) &&
    !name.startsWith("_")
  );
}

export function routingPolicy(inputs: Record<string, any>): string {
  const first = (v: unknown) => (Array.isArray(v) && v.length ? v[0] : undefined);
  const failover = first(inputs.failoverRoutingPolicies);
  if (failover) return `failover ${failover.type}`;
  const weighted = first(inputs.weightedRoutingPolicies);
  if (weighted) return `weighted ${weighted.weight}`;
  const latency = first(inputs.latencyRoutingPolicies);
  if (latency) return `latency ${latency.region}`;
  if (first(inputs.geolocationRoutingPolicies)) return "geolocation";
  return "simple";
}

function aliasTarget(inputs: Record<string, any>): string | undefined {
  const alias = Array.isArray(inputs.aliases) ? str(inputs.aliases[0]?.name) : undefined;
  if (!alias) return undefined;
  if (alias.includes("awsglobalaccelerator.com")) return "Global Accelerator";
  const region = elbRegion(alias);
  return region ? `ALB ${region}` : alias;
}

/** `name-123.us-east-1.elb.amazonaws.com` → `us-east-1`. */
export function elbRegion(dnsName: unknown): string | undefined {
  return /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.elb\.amazonaws\.com\.?$/.exec(str(dnsName) ?? "")?.[1];
}

function record(l: Located): NodeDraft {
  const i = l.r.inputs;
  const policy = routingPolicy(i);
  const target = aliasTarget(i);
  const details = [`${i.type} · ${policy}`];
  if (target) details.push(`alias → ${target}`);
  details.push(i.healthCheckId ? "with health check" : "no health check on record");
  return {
    kind: "record",
    label: `Route 53 ${str(i.name) ?? l.r.name}`,
    details,
    summary: `R53 ${policy}`,
    idle: false,
  };
}

function healthCheck(l: Located): NodeDraft {
  const i = l.r.inputs;
  // A CALCULATED check probes nothing itself: it combines its children (the deep check and the routing switch).
  if (i.type === "CALCULATED") {
    const children = Array.isArray(i.childHealthchecks) ? i.childHealthchecks.length : 0;
    const needed = num(i.childHealthThreshold) ?? children;
    const details = ["CALCULATED", `healthy when ${needed} of ${children} children are`];
    return {
      kind: "health-check",
      label: "Route 53 health check",
      details,
      summary: "health check",
      idle: false,
    };
  }
  const every = num(i.requestInterval);
  const details = [`${str(i.type) ?? "HTTPS"} ${str(i.resourcePath) ?? "/"}`];
  if (every !== undefined)
    details.push(`every ${every} s · ${num(i.failureThreshold) ?? "?"} misses`);
  // An ALB's name says its region; anything else (the switch's bucket, an accelerator) is shown as it is.
  const region = elbRegion(i.fqdn);
  details.push(region ? `probes ${region} ALB` : `probes ${str(i.fqdn) ?? "?"}`);
  return {
    kind: "health-check",
    label: "Route 53 health check",
    details,
    summary: "health check",
    idle: false,
  };
}

function accelerator(l: Located): NodeDraft {
  return {
    kind: "accelerator",
    label: "Global Accelerator",
    details: [`API in ${l.region}`, str(l.r.inputs.ipAddressType) ?? "IPV4"],
    summary: "Global Accelerator",
    idle: l.r.inputs.enabled === false,
  };
}

function endpointGroup(l: Located): NodeDraft {
  const dial = num(l.r.inputs.trafficDialPercentage) ?? 100; // AWS's default dial is 100
  const region = str(l.r.inputs.endpointGroupRegion) ?? "?";
  return {
    kind: "endpoint-group",
    label: `GA endpoint group ${region}`,
    details: [`traffic dial ${dial}%`],
    summary: `GA ${region} dial ${dial}%`,
    idle: dial === 0,
  };
}

function regionSwitch(l: Located): NodeDraft {
  const i = l.r.inputs;
  const regions = Array.isArray(i.regions) ? i.regions.join(" → ") : "";
  return {
    kind: "region-switch",
    label: "ARC Region Switch plan",
    details: [str(i.recoveryApproach) ?? "", regions].filter(Boolean),
    summary: "Region Switch plan",
    idle: false,
  };
}

function resilienceHub(l: Located): NodeDraft {
  return {
    kind: "resilience-hub",
    label: "Resilience Hub policy",
    details: [str(l.r.inputs.tier) ?? ""].filter(Boolean),
    summary: "Resilience Hub",
    idle: false,
  };
}

export const GLOBAL_BUILDERS: Readonly<Record<string, (l: Located) => NodeDraft | null>> = {
  [TYPES.record]: (l) => (isTrafficRecord(l) ? record(l) : null),
  [TYPES.healthCheck]: healthCheck,
  [TYPES.accelerator]: accelerator,
  [TYPES.endpointGroup]: endpointGroup,
  [TYPES.regionSwitch]: regionSwitch,
  [TYPES.resilienceHub]: resilienceHub,
};
