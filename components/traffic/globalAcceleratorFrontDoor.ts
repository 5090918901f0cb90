import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import {
  AcceleratorHealthArgs,
  createEndpointGroup,
  resolveAcceleratorHealthArgs,
} from "./acceleratorEndpointGroup";

export interface GlobalAcceleratorFrontDoorArgs extends AcceleratorHealthArgs {
  /** URNs the shop's record had under another front door, so a tier switch updates it in place. Defaults to `[]`. */
  readonly recordAliases?: pulumi.Input<string>[];
  /** The existing hosted zone (config `hostedZoneId`). Required. */
  readonly zoneId: pulumi.Input<string>;
  /** The shop's name, aliased to the accelerator. Required. */
  readonly domainName: pulumi.Input<string>;
  /** The primary region's ALB ARN, the primary endpoint group's only endpoint. Required. */
  readonly albArn: pulumi.Input<string>;
  /** The primary region, e.g. `us-east-1`. Required. */
  readonly region: string;
  /** Provider for us-west-2, where the Global Accelerator API lives; every accelerator resource uses it. Required. */
  readonly acceleratorProvider: aws.Provider;
  /** The accelerator's name: letters, digits and hyphens, at most 64. Defaults to the component's name. */
  readonly acceleratorName?: string;
  /** TCP ports the listener accepts (the ALB redirects 80 to 443). Defaults to `[443, 80]`. */
  readonly ports?: number[];
  /** S3 bucket for the accelerator's flow logs. Defaults to `undefined` (flow logs off). */
  readonly flowLogsBucket?: pulumi.Input<string>;
  /** Key prefix for the flow logs. Defaults to `global-accelerator/`. */
  readonly flowLogsPrefix?: string;
}

/** GlobalAcceleratorFrontDoorArgs with the defaults applied; no `flowLogsBucket` means flow logs off. */
export type ResolvedGlobalAcceleratorFrontDoorArgs = Required<
  Omit<GlobalAcceleratorFrontDoorArgs, "flowLogsBucket">
> &
  Pick<GlobalAcceleratorFrontDoorArgs, "flowLogsBucket">;

/**
 * GlobalAcceleratorFrontDoorArgs with every default applied (the accelerator is named after the component,
 * `name`), and every problem with their plain fields, each naming its property.
 */
export function resolveGlobalAcceleratorFrontDoorArgs(
  name: string,
  args: GlobalAcceleratorFrontDoorArgs,
): Resolved<ResolvedGlobalAcceleratorFrontDoorArgs> {
  const health = resolveAcceleratorHealthArgs(args);
  const problems = [...health.errors];
  const acceleratorName = args.acceleratorName ?? name;
  const ports = args.ports ?? [443, 80];
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/.test(acceleratorName)) {
    problems.push(
      `acceleratorName must be 1 to 64 letters, digits or inner hyphens (got "${acceleratorName}")`,
    );
  }
  if (ports.length === 0) problems.push("ports must list at least one port");
  const bad = ports.filter((p) => !Number.isInteger(p) || p < 1 || p > 65535);
  if (bad.length > 0)
    problems.push(`ports must be integers from 1 to 65535 (got ${bad.join(", ")})`);
  if (new Set(ports).size !== ports.length) problems.push("ports must not repeat a port");
  return {
    args: {
      ...args,
      ...health.args,
      recordAliases: args.recordAliases ?? [],
      acceleratorName,
      ports,
      flowLogsPrefix: args.flowLogsPrefix ?? "global-accelerator/",
    },
    errors: problems,
  };
}

/**
 * active-active's front door, in the primary stack: a Global Accelerator whose TCP listener spreads clients over
 * one endpoint group per region (this one for the primary; the recovery stack adds its own with
 * AcceleratorEndpointGroup), and a Route 53 alias from the shop's name to it. Client affinity keeps a client on one
 * region, so its cart and its order land in the same place. Every accelerator resource goes through the us-west-2
 * provider; the record is global.
 */
export class GlobalAcceleratorFrontDoor extends pulumi.ComponentResource {
  public readonly acceleratorArn: pulumi.Output<string>;
  public readonly acceleratorDnsName: pulumi.Output<string>;
  public readonly listenerArn: pulumi.Output<string>;
  public readonly endpointGroupArn: pulumi.Output<string>;
  public readonly fqdn: pulumi.Output<string>;

  constructor(
    name: string,
    args: GlobalAcceleratorFrontDoorArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:traffic:GlobalAcceleratorFrontDoor", name, {}, opts);
    const a = requireValid(
      resolveGlobalAcceleratorFrontDoorArgs(name, args),
      "GlobalAcceleratorFrontDoor",
      name,
      this,
    );
    const inUsWest2 = { parent: this, provider: a.acceleratorProvider };

    const { accelerator, listener } = createAcceleratorListener(
      name,
      {
        acceleratorName: a.acceleratorName,
        ports: a.ports,
        flowLogs: a.flowLogsBucket
          ? { bucket: a.flowLogsBucket, prefix: a.flowLogsPrefix }
          : undefined,
      },
      inUsWest2,
    );
    const group = createEndpointGroup(
      `${name}-${a.region}`,
      { ...a, listenerArn: listener.arn },
      inUsWest2,
    );
    const record = new aws.route53.Record(
      `${name}-a`,
      {
        zoneId: a.zoneId,
        name: a.domainName,
        type: "A",
        aliases: [
          {
            name: accelerator.dnsName,
            zoneId: accelerator.hostedZoneId,
            evaluateTargetHealth: true,
          },
        ],
        allowOverwrite: false,
      },
      { parent: this, aliases: a.recordAliases },
    );

    this.acceleratorArn = accelerator.arn;
    this.acceleratorDnsName = accelerator.dnsName;
    this.listenerArn = listener.arn;
    this.endpointGroupArn = group.arn;
    this.fqdn = record.fqdn;
    this.registerOutputs({
      acceleratorArn: this.acceleratorArn,
      acceleratorDnsName: this.acceleratorDnsName,
      listenerArn: this.listenerArn,
    });
  }
}

/** What an accelerator and its listener are made from: the front door's and the standby accelerator's. */
export interface AcceleratorListenerArgs {
  readonly acceleratorName: string;
  readonly ports: number[];
  /** Where the flow logs go; absent, flow logs are off. */
  readonly flowLogs?: { readonly bucket: pulumi.Input<string>; readonly prefix: string };
}

/**
 * An accelerator with one TCP listener. Client affinity keeps a client on one region, so its cart and its order
 * land in the same place. Through the us-west-2 provider in `opts`.
 */
export function createAcceleratorListener(
  name: string,
  args: AcceleratorListenerArgs,
  opts: pulumi.CustomResourceOptions,
): { accelerator: aws.globalaccelerator.Accelerator; listener: aws.globalaccelerator.Listener } {
  const accelerator = new aws.globalaccelerator.Accelerator(
    `${name}-accelerator`,
    {
      name: args.acceleratorName,
      ipAddressType: "IPV4",
      enabled: true,
      attributes: args.flowLogs
        ? {
            flowLogsEnabled: true,
            flowLogsS3Bucket: args.flowLogs.bucket,
            flowLogsS3Prefix: args.flowLogs.prefix,
          }
        : { flowLogsEnabled: false },
      tags: { Name: args.acceleratorName },
    },
    opts,
  );
  const listener = new aws.globalaccelerator.Listener(
    `${name}-listener`,
    {
      acceleratorArn: accelerator.arn,
      protocol: "TCP",
      clientAffinity: "SOURCE_IP",
      portRanges: args.ports.map((port) => ({ fromPort: port, toPort: port })),
    },
    opts,
  );
  return { accelerator, listener };
}
