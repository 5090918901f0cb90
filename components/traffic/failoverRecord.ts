import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

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
  /** The record's gate; Route 53 answers with the other record while it fails. Required. */
  readonly healthCheckId: pulumi.Input<string>;
  /** The alias target's DNS name: this region's ALB, or the standby accelerator. Required. */
  readonly targetDnsName: pulumi.Input<string>;
  /** The alias target's canonical hosted zone id (the ALB's or the accelerator's `zoneId`). Required. */
  readonly targetZoneId: pulumi.Input<string>;
  /**
   * Whether the record also inherits its alias target's health (an ALB with no healthy targets fails it). False
   * where the health check already probes through the target (backup-restore's standby accelerator). Defaults
   * to `true`.
   */
  readonly evaluateTargetHealth?: boolean;
}

/** FailoverRecordArgs with every default applied. */
export type ResolvedFailoverRecordArgs = Required<FailoverRecordArgs>;

/** FailoverRecordArgs with every default applied, and every problem with their plain fields, each naming its property. */
export function resolveFailoverRecordArgs(
  args: FailoverRecordArgs,
): Resolved<ResolvedFailoverRecordArgs> {
  const problems: string[] = [];
  if (args.failoverType !== "PRIMARY" && args.failoverType !== "SECONDARY") {
    problems.push(`failoverType must be PRIMARY or SECONDARY (got "${args.failoverType}")`);
  }
  const id = args.setIdentifier ?? String(args.failoverType ?? "").toLowerCase();
  if (id.length < 1 || id.length > 128)
    problems.push(`setIdentifier must hold 1 to 128 characters (got ${id.length})`);
  return {
    args: { ...args, setIdentifier: id, evaluateTargetHealth: args.evaluateTargetHealth ?? true },
    errors: problems,
  };
}

/**
 * One half of a Route 53 failover pair: an alias A record to this region's ALB (or, for backup-restore's
 * SECONDARY, the standby accelerator), answered while its health check passes. The PRIMARY lives in the primary stack and the SECONDARY in the
 * recovery stack (DESIGN decision 1), so each stack owns only the record of its own region.
 */
export class FailoverRecord extends pulumi.ComponentResource {
  static readonly TYPE = "securecart:traffic:FailoverRecord";
  public readonly fqdn: pulumi.Output<string>;
  public readonly failoverType: FailoverType;
  public readonly setIdentifier: string;

  constructor(name: string, args: FailoverRecordArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(FailoverRecord.TYPE, name, {}, opts);
    const a = requireValid(resolveFailoverRecordArgs(args), "FailoverRecord", name, this);

    const record = new aws.route53.Record(
      `${name}-a`,
      {
        zoneId: a.zoneId,
        name: a.domainName,
        type: "A",
        setIdentifier: a.setIdentifier,
        failoverRoutingPolicies: [{ type: a.failoverType }],
        healthCheckId: a.healthCheckId,
        aliases: [
          {
            name: a.targetDnsName,
            zoneId: a.targetZoneId,
            evaluateTargetHealth: a.evaluateTargetHealth,
          },
        ],
        allowOverwrite: false,
      },
      { parent: this },
    );

    this.fqdn = record.fqdn;
    this.failoverType = a.failoverType;
    this.setIdentifier = a.setIdentifier;
    this.registerOutputs({ fqdn: this.fqdn });
  }
}
