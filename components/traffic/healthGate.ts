import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface HealthGateArgs {
  /** The checks that must all pass for the gate to pass: a region's deep check and its operator switch. Required. */
  readonly childHealthCheckIds: pulumi.Input<string>[];
}

/** HealthGateArgs (it has no defaults), and every problem with them, each naming its property. */
export function resolveHealthGateArgs(args: HealthGateArgs): Resolved<HealthGateArgs> {
  const n = args.childHealthCheckIds.length;
  // One child would make the gate a copy of it; Route 53 allows at most 256 children.
  const errors =
    n < 2 || n > 256 ? [`childHealthCheckIds must list 2 to 256 health checks (got ${n})`] : [];
  return { args, errors };
}

/**
 * A CALCULATED Route 53 health check that passes only while every child passes (child health threshold = the
 * number of children: "Monitoring other health checks",
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html). A failover record uses it
 * to require both its region's deep health and an operator switch (DESIGN.md decision 15). No child is inverted:
 * a switch turned off fails its check, and so the gate.
 */
export class HealthGate extends pulumi.ComponentResource {
  public readonly healthCheckId: pulumi.Output<string>;

  constructor(name: string, args: HealthGateArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:traffic:HealthGate", name, {}, opts);
    const a = requireValid(resolveHealthGateArgs(args), "HealthGate", name, this);

    const gate = new aws.route53.HealthCheck(
      `${name}-hc`,
      {
        type: "CALCULATED",
        childHealthchecks: a.childHealthCheckIds,
        childHealthThreshold: a.childHealthCheckIds.length,
        tags: { Name: name },
      },
      { parent: this },
    );

    this.healthCheckId = gate.id;
    this.registerOutputs({ healthCheckId: this.healthCheckId });
  }
}
