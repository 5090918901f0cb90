import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { DEFAULT_SSL_POLICY } from "./publicLoadBalancer";
import { elbNameProblems, healthCheckPathProblems, portProblems, subnetProblems } from "./validate";

export interface OrderApiNlbArgs {
  /** VPC of the load balancer. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's IPv4 range: the NLB forwards only into it. Required. */
  readonly vpcCidr: string;
  /** Private app subnets, at least 2 (one per AZ). Required. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Networks allowed to call the order API (e.g. the peer region's VPC over the TGW). Defaults to `[vpcCidr]`. */
  readonly allowedCidrBlocks?: string[];
  /**
   * ACM certificate for a TLS listener on 443 that terminates TLS and forwards to the tasks. Without it the NLB
   * passes plain TCP on `appPort` through (the callers then speak to the tasks directly). Defaults to none.
   */
  readonly certificateArn?: pulumi.Input<string>;
  /** TLS policy of the TLS listener. Defaults to `ELBSecurityPolicy-TLS13-1-2-2021-06`. */
  readonly sslPolicy?: string;
  /** Port the storefront tasks listen on. Defaults to `8080`. */
  readonly appPort?: number;
  /** HTTP health check path of the target group. Defaults to `/healthz`. */
  readonly healthCheckPath?: string;
  /** Deletion protection. Defaults to `true`. */
  readonly deletionProtection?: boolean;
}

/** The args with every default applied; only the certificate may stay unset (a plain TCP listener). */
export type ResolvedOrderApiNlbArgs = Required<Omit<OrderApiNlbArgs, "certificateArn">> &
  Pick<OrderApiNlbArgs, "certificateArn">;

/**
 * The defaulted args and every problem with them at once, each naming its property. `name` is the component's: its
 * children's auto-names must fit ELB's limit.
 */
export function resolveOrderApiNlbArgs(
  args: OrderApiNlbArgs,
  name: string,
): Resolved<ResolvedOrderApiNlbArgs> {
  const a: ResolvedOrderApiNlbArgs = {
    ...args,
    allowedCidrBlocks: args.allowedCidrBlocks ?? [args.vpcCidr],
    sslPolicy: args.sslPolicy ?? DEFAULT_SSL_POLICY,
    appPort: args.appPort ?? 8080,
    healthCheckPath: args.healthCheckPath ?? "/healthz",
    deletionProtection: args.deletionProtection ?? true,
  };
  const cidr = /^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\/[0-9]{1,2}$/;
  const problems = [
    ...subnetProblems(args.subnetIds, "subnetIds"),
    ...portProblems(a.appPort, "appPort"),
    ...healthCheckPathProblems(a.healthCheckPath, "healthCheckPath"),
  ];
  if (!cidr.test(args.vpcCidr ?? ""))
    problems.push(`vpcCidr must be an IPv4 CIDR (got "${args.vpcCidr}")`);
  const allowed = args.allowedCidrBlocks;
  if (allowed !== undefined && allowed.length === 0)
    problems.push("allowedCidrBlocks must not be empty");
  for (const block of allowed ?? []) {
    if (!cidr.test(block)) problems.push(`allowedCidrBlocks must hold IPv4 CIDRs (got "${block}")`);
    else if (block.endsWith("/0"))
      problems.push(
        `allowedCidrBlocks must not open the internal order API to everyone (got "${block}")`,
      );
  }
  problems.push(...elbNameProblems([`${name}-lb`, `${name}-tg`], name));
  return { args: a, errors: problems };
}

/**
 * Internal network load balancer in front of the order API, for callers inside the network (other services, the
 * peer region over the Transit Gateway). Cross-zone load balancing keeps all tasks in use when one AZ has fewer.
 * The storefront service registers its tasks in the target group, next to the ALB's.
 */
export class OrderApiNlb extends pulumi.ComponentResource {
  public readonly nlbArn: pulumi.Output<string>;
  public readonly nlbArnSuffix: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly zoneId: pulumi.Output<string>;
  public readonly targetGroupArn: pulumi.Output<string>;
  public readonly targetGroupArnSuffix: pulumi.Output<string>;
  public readonly listenerArn: pulumi.Output<string>;
  /** The listener that attaches the target group to the NLB, which an ECS service using it must wait for (as PublicLoadBalancer's). */
  public readonly targetGroupAttachments: pulumi.Resource[];
  public readonly securityGroupId: pulumi.Output<string>;
  /** The port callers use: 443 with a certificate, otherwise `appPort`. */
  public readonly listenerPort: number;

  constructor(name: string, args: OrderApiNlbArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:compute:OrderApiNlb", name, {}, opts);
    const a = requireValid(resolveOrderApiNlbArgs(args, name), "OrderApiNlb", name, this);
    const appPort = a.appPort;
    const tls = a.certificateArn !== undefined;
    const listenerPort = tls ? 443 : appPort;
    const opt = { parent: this };

    const sg = new aws.ec2.SecurityGroup(
      `${name}-nlb`,
      {
        vpcId: a.vpcId,
        description:
          "Internal order API NLB: listener from allowed networks, app port into the VPC",
        ingress: [
          {
            protocol: "tcp",
            fromPort: listenerPort,
            toPort: listenerPort,
            cidrBlocks: a.allowedCidrBlocks,
            description: "order API callers",
          },
        ],
        egress: [
          {
            protocol: "tcp",
            fromPort: appPort,
            toPort: appPort,
            cidrBlocks: [a.vpcCidr],
            description: "to storefront tasks",
          },
        ],
      },
      opt,
    );

    // Short suffixes: ELB names hold 32 characters, Pulumi's suffix included (elbNameProblems).
    const nlb = new aws.lb.LoadBalancer(
      `${name}-lb`,
      {
        loadBalancerType: "network",
        internal: true,
        subnets: a.subnetIds,
        securityGroups: [sg.id],
        enableCrossZoneLoadBalancing: true,
        enableDeletionProtection: a.deletionProtection,
      },
      opt,
    );

    const targetGroup = new aws.lb.TargetGroup(
      `${name}-tg`,
      {
        vpcId: a.vpcId,
        targetType: "ip",
        protocol: "TCP",
        port: appPort,
        deregistrationDelay: 30,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          path: a.healthCheckPath,
          matcher: "200",
          interval: 10,
          healthyThreshold: 2,
          unhealthyThreshold: 2,
        },
      },
      opt,
    );

    const listener = new aws.lb.Listener(
      `${name}-${tls ? "tls" : "tcp"}`,
      {
        loadBalancerArn: nlb.arn,
        port: listenerPort,
        protocol: tls ? "TLS" : "TCP",
        certificateArn: a.certificateArn,
        sslPolicy: tls ? a.sslPolicy : undefined,
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      },
      opt,
    );

    this.nlbArn = nlb.arn;
    this.nlbArnSuffix = nlb.arnSuffix;
    this.dnsName = nlb.dnsName;
    this.zoneId = nlb.zoneId;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.listenerArn = listener.arn;
    this.targetGroupAttachments = [listener];
    this.securityGroupId = sg.id;
    this.listenerPort = listenerPort;
    this.registerOutputs({
      nlbArn: this.nlbArn,
      dnsName: this.dnsName,
      targetGroupArn: this.targetGroupArn,
    });
  }
}
