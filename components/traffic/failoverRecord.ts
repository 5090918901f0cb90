import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export type FailoverType = "PRIMARY" | "SECONDARY";

export interface FailoverRecordArgs {
  /** The existing hosted zone (config `hostedZoneId`). Required. */
  readonly zoneId: pulumi.Input<string>;
  /** The shop's name, e.g. `shop.example.com`; the PRIMARY and SECONDARY records share it. Required. */
  readonly domainName: pulumi.Input<string>;
  /** `PRIMARY` (in the primary stack) or `SECONDARY` (in the recovery stack). Required. */
  readonly failoverType: FailoverType;
  /** Tells the pair's two records apart; unique within the name. Defaults to `failoverType` in lower case. */
  readonly setIdentifier?: string;
  /** The deep health check of this region's ALB; Route 53 answers with the other record while it fails. Required. */
  readonly healthCheckId: pulumi.Input<string>;
  /** This region's ALB DNS name. Required. */
  readonly albDnsName: pulumi.Input<string>;
  /** This region's ALB canonical hosted zone id (the ALB's `zoneId`). Required. */
  readonly albZoneId: pulumi.Input<string>;
}

/** Every problem with FailoverRecordArgs' plain fields, each naming its property; empty when usable. */
export function validateFailoverRecordArgs(args: Pick<FailoverRecordArgs, "failoverType" | "setIdentifier">): string[] {
  const problems: string[] = [];
  if (args.failoverType !== "PRIMARY" && args.failoverType !== "SECONDARY") {
    problems.push(`failoverType must be PRIMARY or SECONDARY (got "${args.failoverType}")`);
  }
  const id = args.setIdentifier ?? String(args.failoverType ?? "").toLowerCase();
  if (id.length < 1 || id.length > 128) problems.push(`setIdentifier must hold 1 to 128 characters (got ${id.length})`);
  return problems;
}

/**
 * One half of a Route 53 failover pair (pilot light, warm standby): an alias A record to this region's ALB,
 * answered while its health check passes. The PRIMARY lives in the primary stack and the SECONDARY in the
 * recovery stack (DESIGN decision 1), so each stack owns only the record of its own region.
 */
export class FailoverRecord extends pulumi.ComponentResource {
  static readonly TYPE = "securecart:traffic:FailoverRecord";
  public readonly fqdn: pulumi.Output<string>;
  public readonly failoverType: FailoverType;
  public readonly setIdentifier: string;

  constructor(name: string, args: FailoverRecordArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(FailoverRecord.TYPE, name, {}, opts);
    const setIdentifier = args.setIdentifier ?? String(args.failoverType).toLowerCase();
    const problems = validateFailoverRecordArgs(args);
    if (problems.length > 0) throw new pulumi.ResourceError(`FailoverRecord ${name}: ${problems.join("; ")}`, this);

    const record = new aws.route53.Record(
      `${name}-a`,
      {
        zoneId: args.zoneId,
        name: args.domainName,
        type: "A",
        setIdentifier,
        failoverRoutingPolicies: [{ type: args.failoverType }],
        healthCheckId: args.healthCheckId,
        aliases: [{ name: args.albDnsName, zoneId: args.albZoneId, evaluateTargetHealth: true }],
        allowOverwrite: false,
      },
      { parent: this },
    );

    this.fqdn = record.fqdn;
    this.failoverType = args.failoverType;
    this.setIdentifier = setIdentifier;
    this.registerOutputs({ fqdn: this.fqdn });
  }
}
