import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

/** What the storefront's /health/deep body holds while the orders database answers (DESIGN decision 5). */
export const DEFAULT_SEARCH_STRING = '"orders":{"ok":true';
/** Route 53 checker regions; three at least, so one checker region's trouble never flips the check. */
export const DEFAULT_CHECKER_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
/** The regions Route 53 runs health checkers in (its API rejects any other). */
export const ROUTE53_CHECKER_REGIONS = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
];

export interface DeepHealthCheckArgs {
  /** The load balancer's DNS name to probe (the ALB's `dnsName`). Required. */
  readonly fqdn: pulumi.Input<string>;
  /** HTTPS port to probe. Defaults to `443`. */
  readonly port?: number;
  /** Path of the deep check, which answers 503 when the orders database or the catalog is down. Defaults to `/health/deep`. */
  readonly resourcePath?: string;
  /** Text the body must contain (Route 53 reads its first 5,120 bytes). Defaults to `"orders":{"ok":true`. */
  readonly searchString?: string;
  /** Seconds between probes from each checker: 10 (fast) or 30. Defaults to `10`. */
  readonly requestInterval?: number;
  /** Consecutive failed probes before the endpoint counts as unhealthy, 1 to 10. Defaults to `3`. */
  readonly failureThreshold?: number;
  /** Route 53 checker regions, at least 3. Defaults to `["us-east-1", "us-west-2", "eu-west-1"]`. */
  readonly regions?: string[];
}

/** DeepHealthCheckArgs with every default applied. */
export type ResolvedDeepHealthCheckArgs = Required<DeepHealthCheckArgs>;

/** DeepHealthCheckArgs with every default applied, and every problem with them, each naming its property. */
export function resolveDeepHealthCheckArgs(
  args: DeepHealthCheckArgs,
): Resolved<ResolvedDeepHealthCheckArgs> {
  const problems: string[] = [];
  const resolved: ResolvedDeepHealthCheckArgs = {
    fqdn: args.fqdn,
    port: args.port ?? 443,
    resourcePath: args.resourcePath ?? "/health/deep",
    searchString: args.searchString ?? DEFAULT_SEARCH_STRING,
    requestInterval: args.requestInterval ?? 10,
    failureThreshold: args.failureThreshold ?? 3,
    regions: args.regions ?? DEFAULT_CHECKER_REGIONS,
  };
  const { port, resourcePath: path, searchString: search, regions } = resolved;
  const { requestInterval: interval, failureThreshold: threshold } = resolved;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    problems.push(`port must be an integer from 1 to 65535 (got ${port})`);
  if (!path.startsWith("/") || path.length > 255) {
    problems.push(
      `resourcePath must start with "/" and hold at most 255 characters (got "${path}")`,
    );
  }
  if (search.length < 1 || search.length > 255) {
    problems.push(
      `searchString must hold 1 to 255 characters, Route 53's limit (got ${search.length})`,
    );
  }
  if (interval !== 10 && interval !== 30)
    problems.push(`requestInterval must be 10 or 30 seconds (got ${interval})`);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10) {
    problems.push(`failureThreshold must be an integer from 1 to 10 (got ${threshold})`);
  }
  if (new Set(regions).size < 3)
    problems.push(`regions must list at least 3 distinct checker regions (got ${regions.length})`);
  const unknown = regions.filter((r) => !ROUTE53_CHECKER_REGIONS.includes(r));
  if (unknown.length > 0) {
    problems.push(
      `regions must be Route 53 checker regions (${ROUTE53_CHECKER_REGIONS.join(", ")}); got ${unknown.join(", ")}`,
    );
  }
  return { args: resolved, errors: problems };
}

/**
 * A Route 53 health check against the load balancer's deep health endpoint: HTTPS, the body must show the orders
 * database answering. It drives the failover records (or, in backup-restore, only the alerting). Its
 * CloudWatch metric exists only in us-east-1 (DESIGN decision 5), so its alarm is a HealthCheckAlarm there.
 */
export class DeepHealthCheck extends pulumi.ComponentResource {
  public readonly healthCheckId: pulumi.Output<string>;
  /** Seconds between probes; with failureThreshold, how long an outage takes to detect (the DR contract's RTO). */
  public readonly requestInterval: number;
  public readonly failureThreshold: number;

  constructor(name: string, args: DeepHealthCheckArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:traffic:DeepHealthCheck", name, {}, opts);
    const a = requireValid(resolveDeepHealthCheckArgs(args), "DeepHealthCheck", name, this);

    // Route 53 does not validate the certificate, so probing the ALB's own name works with the shop's certificate;
    // SNI still sends the name, as an ALB with several certificates needs.
    const check = new aws.route53.HealthCheck(
      `${name}-hc`,
      {
        type: "HTTPS_STR_MATCH",
        fqdn: a.fqdn,
        port: a.port,
        resourcePath: a.resourcePath,
        searchString: a.searchString,
        requestInterval: a.requestInterval,
        failureThreshold: a.failureThreshold,
        measureLatency: true,
        enableSni: true,
        regions: a.regions,
        tags: { Name: `${name}-deep` },
      },
      { parent: this },
    );

    this.healthCheckId = check.id;
    this.requestInterval = a.requestInterval;
    this.failureThreshold = a.failureThreshold;
    this.registerOutputs({ healthCheckId: this.healthCheckId });
  }
}
