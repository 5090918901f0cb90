import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

/** Health settings shared by every region's endpoint group, so both regions are judged alike. */
export interface AcceleratorHealthArgs {
  /** Path Global Accelerator probes. Defaults to `/health/deep`. */
  readonly healthCheckPath?: string;
  /** Seconds between probes: 10 or 30. Defaults to `10`. */
  readonly healthCheckIntervalSeconds?: number;
  /** Consecutive results that change an endpoint's health, 1 to 10. Defaults to `3`. */
  readonly thresholdCount?: number;
  /** Share of the listener's traffic this region takes, 0 to 100; active-active runs both at 100. Defaults to `100`. */
  readonly trafficDialPercentage?: number;
}

export interface AcceleratorEndpointGroupArgs extends AcceleratorHealthArgs {
  /** The accelerator's listener (GlobalAcceleratorFrontDoor.listenerArn, from the primary stack). Required. */
  readonly listenerArn: pulumi.Input<string>;
  /** This region's ALB ARN, the group's only endpoint. Required. */
  readonly albArn: pulumi.Input<string>;
  /** The region the endpoint group serves, e.g. `eu-west-1`. Required. */
  readonly region: string;
  /** Provider for us-west-2, where the Global Accelerator API lives; every accelerator resource uses it. Required. */
  readonly acceleratorProvider: aws.Provider;
}

/** The health settings with every default applied. */
export type ResolvedAcceleratorHealthArgs = Required<AcceleratorHealthArgs>;

/** AcceleratorEndpointGroupArgs with every default applied. */
export type ResolvedAcceleratorEndpointGroupArgs = Required<AcceleratorEndpointGroupArgs>;

/**
 * What every accelerator component shares: the health settings with their defaults applied, and every problem
 * with them, the region and the us-west-2 provider, each naming its property.
 */
export function resolveAcceleratorHealthArgs(
  args: AcceleratorHealthArgs & {
    readonly region: string;
    readonly acceleratorProvider: aws.Provider;
  },
): Resolved<ResolvedAcceleratorHealthArgs> {
  const problems: string[] = [];
  const health: ResolvedAcceleratorHealthArgs = {
    healthCheckPath: args.healthCheckPath ?? "/health/deep",
    healthCheckIntervalSeconds: args.healthCheckIntervalSeconds ?? 10,
    thresholdCount: args.thresholdCount ?? 3,
    trafficDialPercentage: args.trafficDialPercentage ?? 100,
  };
  const { healthCheckPath: path, healthCheckIntervalSeconds: interval } = health;
  const { thresholdCount: threshold, trafficDialPercentage: dial } = health;
  if (!args.acceleratorProvider) {
    problems.push(
      "acceleratorProvider is required: the Global Accelerator API lives in us-west-2 whatever the stack's region",
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(args.region ?? "")) {
    problems.push(`region must be an AWS region such as eu-west-1 (got "${args.region}")`);
  }
  if (!path.startsWith("/") || path.length > 255) {
    problems.push(
      `healthCheckPath must start with "/" and hold at most 255 characters (got "${path}")`,
    );
  }
  if (interval !== 10 && interval !== 30)
    problems.push(`healthCheckIntervalSeconds must be 10 or 30 (got ${interval})`);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 10) {
    problems.push(`thresholdCount must be an integer from 1 to 10 (got ${threshold})`);
  }
  if (!(dial >= 0 && dial <= 100))
    problems.push(`trafficDialPercentage must be from 0 to 100 (got ${dial})`);
  return { args: health, errors: problems };
}

/** AcceleratorEndpointGroupArgs with every default applied, and every problem with them, each naming its property. */
export function resolveAcceleratorEndpointGroupArgs(
  args: AcceleratorEndpointGroupArgs,
): Resolved<ResolvedAcceleratorEndpointGroupArgs> {
  const health = resolveAcceleratorHealthArgs(args);
  return { args: { ...args, ...health.args }, errors: health.errors };
}

/**
 * The endpoint group for one region: the region's ALB at weight 100, client IPs preserved for the WAF and the
 * logs. Global Accelerator takes an ALB endpoint's health from the ALB's own target health; the HTTPS settings
 * here are what it uses for any endpoint that has none.
 */
export function createEndpointGroup(
  name: string,
  args: Omit<ResolvedAcceleratorEndpointGroupArgs, "acceleratorProvider">,
  opts: pulumi.CustomResourceOptions,
): aws.globalaccelerator.EndpointGroup {
  return new aws.globalaccelerator.EndpointGroup(
    name,
    {
      listenerArn: args.listenerArn,
      endpointGroupRegion: args.region,
      trafficDialPercentage: args.trafficDialPercentage,
      healthCheckProtocol: "HTTPS",
      healthCheckPort: 443,
      healthCheckPath: args.healthCheckPath,
      healthCheckIntervalSeconds: args.healthCheckIntervalSeconds,
      thresholdCount: args.thresholdCount,
      endpointConfigurations: [
        { endpointId: args.albArn, weight: 100, clientIpPreservationEnabled: true },
      ],
    },
    // The runbook dials a failed region to 0 at run time; `pulumi up` after a failover must not dial it back
    // (DESIGN.md decision 9).
    { ...opts, ignoreChanges: ["trafficDialPercentage"] },
  );
}

/**
 * active-active, recovery stack: this region's endpoint group on the primary's accelerator listener
 * (DESIGN decision 1: the recovery stack creates every cross-region link), through the us-west-2 provider.
 */
export class AcceleratorEndpointGroup extends pulumi.ComponentResource {
  public readonly endpointGroupArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: AcceleratorEndpointGroupArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:traffic:AcceleratorEndpointGroup", name, {}, opts);
    const a = requireValid(
      resolveAcceleratorEndpointGroupArgs(args),
      "AcceleratorEndpointGroup",
      name,
      this,
    );

    const group = createEndpointGroup(`${name}-group`, a, {
      parent: this,
      provider: a.acceleratorProvider,
    });

    this.endpointGroupArn = group.arn;
    this.registerOutputs({ endpointGroupArn: this.endpointGroupArn });
  }
}
