/**
 * Argument checks shared by the compute blocks. Each returns problem messages (never throws), so a component can
 * report every problem of its args at once, each naming the property.
 */

/** `min ≤ desired ≤ max`, all non-negative integers, and `max ≥ 1` so the runbook only ever raises desired/min. */
export function countProblems(
  counts: { min: number; desired: number; max: number },
  names: { min: string; desired: string; max: string },
): string[] {
  const problems: string[] = [];
  for (const key of ["min", "desired", "max"] as const) {
    const v = counts[key];
    if (!Number.isInteger(v) || v < 0)
      problems.push(`${names[key]} must be a non-negative integer (got ${v})`);
  }
  if (Number.isInteger(counts.max) && counts.max < 1)
    problems.push(
      `${names.max} must be at least 1 (got ${counts.max}); keep it at full size so a failover only raises ${names.desired}`,
    );
  if (counts.desired > counts.max)
    problems.push(
      `${names.desired} (${counts.desired}) must not exceed ${names.max} (${counts.max})`,
    );
  if (counts.min > counts.desired)
    problems.push(
      `${names.min} (${counts.min}) must not exceed ${names.desired} (${counts.desired})`,
    );
  return problems;
}

/**
 * Pulumi names an auto-named resource `<logical name>-<7 random characters>`, and the provider refuses a name over
 * AWS's limit before anything is created (pulumi/pulumi-cdk#62: '"name" cannot be longer than 32 characters'). ELB
 * allows 32 characters for a load balancer and for a target group
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html), so every such
 * logical name must leave room for the suffix.
 */
const AUTONAME_SUFFIX_LENGTH = 8;
const ELB_NAME_MAX = 32;

/** One problem per logical name whose auto-name would exceed ELB's 32 characters. */
export function elbNameProblems(logicalNames: readonly string[], component: string): string[] {
  return logicalNames
    .filter((n) => n.length + AUTONAME_SUFFIX_LENGTH > ELB_NAME_MAX)
    .map(
      (n) =>
        `name "${component}" is too long: "${n}" plus Pulumi's ${AUTONAME_SUFFIX_LENGTH}-character suffix exceeds ELB's ${ELB_NAME_MAX}-character limit`,
    );
}

/** At least two subnets, so losing one AZ never takes the block down. */
export function subnetProblems(
  subnetIds: readonly unknown[] | undefined,
  property: string,
): string[] {
  const n = subnetIds?.length ?? 0;
  return n < 2 ? [`${property} must hold at least 2 subnets in different AZs (got ${n})`] : [];
}

/** An HTTP path a health check can request: starts with `/`, no spaces, at most 1024 characters. */
export function healthCheckPathProblems(path: string, property: string): string[] {
  return /^\/[^\s?#]{0,1023}$/.test(path)
    ? []
    : [`${property} must be an absolute path such as "/healthz" (got "${path}")`];
}

const HOSTNAME = /^(?=.{1,253}$)(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A DNS name such as `shop.example.com` (a leading `*.` allowed, as ACM allows it). */
export function hostnameProblems(name: string | undefined, property: string): string[] {
  return HOSTNAME.test(name ?? "")
    ? []
    : [`${property} must be a DNS name such as "shop.example.com" (got "${name}")`];
}

export function portProblems(port: number, property: string): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : [`${property} must be a port from 1 to 65535 (got ${port})`];
}

export function positiveIntegerProblems(value: number, property: string, min = 1): string[] {
  return Number.isInteger(value) && value >= min
    ? []
    : [`${property} must be an integer of at least ${min} (got ${value})`];
}

/** The retention values CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

export function logRetentionProblems(days: number, property: string): string[] {
  return LOG_RETENTION_DAYS.includes(days)
    ? []
    : [`${property} must be one of ${LOG_RETENTION_DAYS.join(", ")} (got ${days})`];
}
