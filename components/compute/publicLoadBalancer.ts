import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import {
  elbNameProblems,
  healthCheckPathProblems,
  hostnameProblems,
  portProblems,
  subnetProblems,
} from "./validate";

export interface PublicLoadBalancerArgs {
  /** VPC of the load balancer and its target groups. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's IPv4 range: the ALB may only send traffic into it. Required. */
  readonly vpcCidr: string;
  /** Public subnets, at least 2 (one per AZ). Required. */
  readonly subnetIds: pulumi.Input<string>[];
  /** The shop's public name, which the WAF is named for. Required. */
  readonly domainName: string;
  /** The validated ACM certificate of the HTTPS listener (a SiteCertificate's). Required. */
  readonly certificateArn: pulumi.Input<string>;
  /** Port the storefront tasks listen on. Defaults to `8080`. */
  readonly appPort?: number;
  /** Shallow health check path of both target groups. Defaults to `/healthz`. */
  readonly healthCheckPath?: string;
  /** TLS policy of the HTTPS listener. Defaults to `ELBSecurityPolicy-TLS13-1-2-2021-06`. */
  readonly sslPolicy?: string;
  /** Requests per client IP per 5 minutes before WAF blocks it. Defaults to `2000`. */
  readonly rateLimitPer5Minutes?: number;
  /** Deletion protection; lifting it is a deliberate act (moving to a lower tier). Defaults to `true`. */
  readonly deletionProtection?: boolean;
  /** S3 bucket for ALB access logs. Defaults to none (no access logs). */
  readonly accessLogsBucket?: pulumi.Input<string>;
}

/** Path the order API target group serves: its p99 TargetResponseTime is the checkout latency (DESIGN decision 6). */
const ORDERS_PATH_PATTERN = "/api/orders*";
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The args with every default applied; only the access logs bucket may stay unset (no access logs). */
export type ResolvedPublicLoadBalancerArgs = Required<
  Omit<PublicLoadBalancerArgs, "accessLogsBucket">
> &
  Pick<PublicLoadBalancerArgs, "accessLogsBucket">;

/**
 * The defaulted args and every problem with them at once, each naming its property. `name` is the component's: its
 * children's auto-names must fit ELB's limit.
 */
export function resolvePublicLoadBalancerArgs(
  args: PublicLoadBalancerArgs,
  name: string,
): Resolved<ResolvedPublicLoadBalancerArgs> {
  const a: ResolvedPublicLoadBalancerArgs = {
    ...args,
    appPort: args.appPort ?? 8080,
    healthCheckPath: args.healthCheckPath ?? "/healthz",
    sslPolicy: args.sslPolicy ?? DEFAULT_SSL_POLICY,
    rateLimitPer5Minutes: args.rateLimitPer5Minutes ?? 2000,
    deletionProtection: args.deletionProtection ?? true,
  };
  const problems = [
    ...subnetProblems(args.subnetIds, "subnetIds"),
    ...portProblems(a.appPort, "appPort"),
    ...healthCheckPathProblems(a.healthCheckPath, "healthCheckPath"),
  ];
  problems.push(...hostnameProblems(args.domainName, "domainName"));
  const limit = a.rateLimitPer5Minutes;
  if (!Number.isInteger(limit) || limit < 10 || limit > 2_000_000_000)
    problems.push(`rateLimitPer5Minutes must be an integer from 10 to 2000000000 (got ${limit})`);
  if (!/^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\/[0-9]{1,2}$/.test(args.vpcCidr ?? ""))
    problems.push(`vpcCidr must be an IPv4 CIDR (got "${args.vpcCidr}")`);
  problems.push(...elbNameProblems([`${name}-alb`, `${name}-app`, `${name}-orders`], name));
  return { args: a, errors: problems };
}

/**
 * The public front of a region: an internet-facing ALB that speaks only HTTPS (HTTP redirects) with the region's
 * certificate (SiteCertificate), AWS WAF in front, and two target groups: the storefront, and the order API on its own target
 * group so its latency is measurable on its own.
 */
export class PublicLoadBalancer extends pulumi.ComponentResource {
  public readonly albArn: pulumi.Output<string>;
  public readonly albArnSuffix: pulumi.Output<string>;
  public readonly dnsName: pulumi.Output<string>;
  public readonly zoneId: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly appTargetGroupArn: pulumi.Output<string>;
  public readonly appTargetGroupArnSuffix: pulumi.Output<string>;
  public readonly ordersTargetGroupArn: pulumi.Output<string>;
  public readonly ordersTargetGroupArnSuffix: pulumi.Output<string>;
  public readonly httpsListenerArn: pulumi.Output<string>;
  /**
   * The listeners and the listener rule that attach the target groups to the ALB: an ECS service using the target
   * groups must wait for them. ECS refuses a target group no listener or rule attaches to a load balancer ("The target group with
   * targetGroupArn ... does not have an associated load balancer", CreateService's InvalidParameterException; the
   * provider's docs say to depend on the listener: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service).
   */
  public readonly targetGroupAttachments: pulumi.Resource[];
  /** The certificate once validated (depends on the CertificateValidation). */
  public readonly certificateArn: pulumi.Output<string>;
  public readonly webAclArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: PublicLoadBalancerArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:compute:PublicLoadBalancer", name, {}, opts);
    const a = requireValid(
      resolvePublicLoadBalancerArgs(args, name),
      "PublicLoadBalancer",
      name,
      this,
    );
    const opt = { parent: this };

    const sg = new aws.ec2.SecurityGroup(
      `${name}-alb`,
      {
        vpcId: a.vpcId,
        description: "Public ALB: HTTP (redirect) and HTTPS in, app port into the VPC out",
        ingress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
            description: "HTTPS",
          },
          {
            protocol: "tcp",
            fromPort: 80,
            toPort: 80,
            cidrBlocks: ["0.0.0.0/0"],
            description: "HTTP, redirected to HTTPS",
          },
        ],
        egress: [
          {
            protocol: "tcp",
            fromPort: a.appPort,
            toPort: a.appPort,
            cidrBlocks: [a.vpcCidr],
            description: "to storefront tasks",
          },
        ],
      },
      opt,
    );

    const alb = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: a.subnetIds,
        securityGroups: [sg.id],
        enableDeletionProtection: a.deletionProtection,
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "strictest",
        enableHttp2: true,
        idleTimeout: 60,
        accessLogs: a.accessLogsBucket
          ? { bucket: a.accessLogsBucket, prefix: name, enabled: true }
          : undefined,
      },
      opt,
    );

    const targetGroup = (suffix: string) =>
      new aws.lb.TargetGroup(
        `${name}-${suffix}`,
        {
          vpcId: a.vpcId,
          targetType: "ip",
          protocol: "HTTP",
          port: a.appPort,
          deregistrationDelay: 30,
          healthCheck: {
            enabled: true,
            path: a.healthCheckPath,
            matcher: "200",
            protocol: "HTTP",
            interval: 15,
            timeout: 5,
            healthyThreshold: 2,
            unhealthyThreshold: 3,
          },
        },
        opt,
      );
    const appTg = targetGroup("app");
    const ordersTg = targetGroup("orders");

    const https = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: a.sslPolicy,
        certificateArn: a.certificateArn,
        defaultActions: [{ type: "forward", targetGroupArn: appTg.arn }],
      },
      opt,
    );
    new aws.lb.Listener(
      `${name}-http`,
      {
        loadBalancerArn: alb.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [
          {
            type: "redirect",
            redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
          },
        ],
      },
      opt,
    );
    const ordersRule = new aws.lb.ListenerRule(
      `${name}-orders`,
      {
        listenerArn: https.arn,
        priority: 10,
        conditions: [{ pathPattern: { values: [ORDERS_PATH_PATTERN] } }],
        actions: [{ type: "forward", targetGroupArn: ordersTg.arn }],
      },
      opt,
    );

    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (priority: number, ruleName: string) => ({
      name: ruleName,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: "AWS", name: ruleName } },
      visibilityConfig: visibility(`${name}-${ruleName}`),
    });
    const webAcl = new aws.wafv2.WebAcl(
      `${name}-waf`,
      {
        scope: "REGIONAL",
        description: `WAF for ${a.domainName}`,
        defaultAction: { allow: {} },
        rules: [
          managed(1, "AWSManagedRulesCommonRuleSet"),
          managed(2, "AWSManagedRulesKnownBadInputsRuleSet"),
          {
            name: "rate-limit-per-ip",
            priority: 3,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit: a.rateLimitPer5Minutes,
                aggregateKeyType: "IP",
                evaluationWindowSec: 300,
              },
            },
            visibilityConfig: visibility(`${name}-rate-limit`),
          },
        ],
        visibilityConfig: visibility(`${name}-waf`),
      },
      opt,
    );
    new aws.wafv2.WebAclAssociation(
      `${name}-waf`,
      { resourceArn: alb.arn, webAclArn: webAcl.arn },
      opt,
    );

    this.albArn = alb.arn;
    this.albArnSuffix = alb.arnSuffix;
    this.dnsName = alb.dnsName;
    this.zoneId = alb.zoneId;
    this.securityGroupId = sg.id;
    this.appTargetGroupArn = appTg.arn;
    this.appTargetGroupArnSuffix = appTg.arnSuffix;
    this.ordersTargetGroupArn = ordersTg.arn;
    this.ordersTargetGroupArnSuffix = ordersTg.arnSuffix;
    this.httpsListenerArn = https.arn;
    this.targetGroupAttachments = [https, ordersRule];
    this.certificateArn = pulumi.output(a.certificateArn);
    this.webAclArn = webAcl.arn;
    this.registerOutputs({
      albArn: this.albArn,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      certificateArn: this.certificateArn,
      webAclArn: this.webAclArn,
    });
  }
}
