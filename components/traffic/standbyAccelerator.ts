import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  AcceleratorHealthArgs,
  createEndpointGroup,
  validateAcceleratorArgs,
} from "./acceleratorEndpointGroup";
import { createAcceleratorListener } from "./globalAcceleratorFrontDoor";

export interface StandbyAcceleratorArgs extends AcceleratorHealthArgs {
  /** Provider for us-west-2, where the Global Accelerator API lives. Required. */
  readonly acceleratorProvider: aws.Provider;
  /** The recovery region: where the rebuilt ALB will be. Required. */
  readonly region: string;
  /** The rebuilt region's ALB; absent until the rebuild, when the endpoint group is added. */
  readonly albArn?: pulumi.Input<string>;
  /** Accelerator name. Defaults to the component name. */
  readonly acceleratorName?: string;
  /** Region role, for tags. Defaults to `recovery`. */
  readonly role?: string;
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
    const problems = validateAcceleratorArgs(args);
    if (problems.length > 0)
      throw new pulumi.ResourceError(`StandbyAccelerator ${name}: ${problems.join("; ")}`, this);
    const inUsWest2 = { parent: this, provider: args.acceleratorProvider };

    const { accelerator, listener } = createAcceleratorListener(
      name,
      {
        acceleratorName: args.acceleratorName ?? name,
        ports: [443, 80],
        role: args.role ?? "recovery",
      },
      inUsWest2,
    );
    if (args.albArn !== undefined) {
      const group = createEndpointGroup(
        `${name}-${args.region}`,
        { ...args, albArn: args.albArn, listenerArn: listener.arn },
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
