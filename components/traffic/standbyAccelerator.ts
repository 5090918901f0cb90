import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import {
  AcceleratorHealthArgs,
  createEndpointGroup,
  resolveAcceleratorHealthArgs,
} from "./acceleratorEndpointGroup";
import { createAcceleratorListener } from "./globalAcceleratorFrontDoor";

export interface StandbyAcceleratorArgs extends AcceleratorHealthArgs {
  /** Provider for us-west-2, where the Global Accelerator API lives. Required. */
  readonly acceleratorProvider: aws.Provider;
  /** The recovery region: where the rebuilt ALB will be. Required. */
  readonly region: string;
  /** The rebuilt region's ALB, behind a new endpoint group. Defaults to `undefined` (before the rebuild: no group). */
  readonly albArn?: pulumi.Input<string>;
  /** Accelerator name. Defaults to the component name. */
  readonly acceleratorName?: string;
}

/** StandbyAcceleratorArgs with the defaults applied; `albArn` stays absent until the rebuild. */
export type ResolvedStandbyAcceleratorArgs = Required<Omit<StandbyAcceleratorArgs, "albArn">> &
  Pick<StandbyAcceleratorArgs, "albArn">;

/**
 * StandbyAcceleratorArgs with every default applied (the accelerator is named after the component, `name`), and
 * every problem with them, each naming its property.
 */
export function resolveStandbyAcceleratorArgs(
  name: string,
  args: StandbyAcceleratorArgs,
): Resolved<ResolvedStandbyAcceleratorArgs> {
  const health = resolveAcceleratorHealthArgs(args);
  return {
    args: { ...args, ...health.args, acceleratorName: args.acceleratorName ?? name },
    errors: health.errors,
  };
}

/**
 * backup-restore, recovery stack: the accelerator the SECONDARY failover record aliases, made ahead of any
 * outage, so a rebuild in the recovery region changes no DNS record. Route 53's API (the only way to change a
 * record) is served from us-east-1; Global Accelerator's control plane is in us-west-2 (AWS Fault Isolation
 * Boundaries, "Global services": https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/global-services.html;
 * stacks/topology.ts GLOBAL_ACCELERATOR_REGION). Until the
 * rebuild there is no endpoint group, so nothing is probed and only the fixed accelerator fee is billed; the
 * rebuild passes `albArn` and the group appears, with this region's ALB behind it.
 */
export class StandbyAccelerator extends pulumi.ComponentResource {
  public readonly acceleratorDnsName: pulumi.Output<string>;
  public readonly acceleratorZoneId: pulumi.Output<string>;
  public readonly listenerArn: pulumi.Output<string>;
  /** Set once the rebuilt ALB is behind the accelerator. */
  public readonly endpointGroupArn?: pulumi.Output<string>;

  constructor(
    name: string,
    args: StandbyAcceleratorArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:traffic:StandbyAccelerator", name, {}, opts);
    const a = requireValid(
      resolveStandbyAcceleratorArgs(name, args),
      "StandbyAccelerator",
      name,
      this,
    );
    const inUsWest2 = { parent: this, provider: a.acceleratorProvider };

    const { accelerator, listener } = createAcceleratorListener(
      name,
      { acceleratorName: a.acceleratorName, ports: [443, 80] },
      inUsWest2,
    );
    if (a.albArn !== undefined) {
      const group = createEndpointGroup(
        `${name}-${a.region}`,
        { ...a, albArn: a.albArn, listenerArn: listener.arn },
        inUsWest2,
      );
      this.endpointGroupArn = group.arn;
    }
    this.acceleratorDnsName = accelerator.dnsName;
    this.acceleratorZoneId = accelerator.hostedZoneId;
    this.listenerArn = listener.arn;
    this.registerOutputs({
      acceleratorDnsName: this.acceleratorDnsName,
      listenerArn: this.listenerArn,
    });
  }
}
