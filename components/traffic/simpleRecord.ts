import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface SimpleRecordArgs {
  /** The existing hosted zone (config `hostedZoneId`). Required. */
  readonly zoneId: pulumi.Input<string>;
  /** The shop's name, e.g. `shop.example.com`. Required. */
  readonly domainName: pulumi.Input<string>;
  /** The primary ALB's DNS name. Required. */
  readonly albDnsName: pulumi.Input<string>;
  /** The primary ALB's canonical hosted zone id (the ALB's `zoneId`). Required. */
  readonly albZoneId: pulumi.Input<string>;
  /** The deep health check, for alerting only: a simple record has no partner to fail over to. Defaults to `undefined`. */
  readonly healthCheckId?: pulumi.Input<string>;
}

/**
 * backup-restore's front door: one alias A record to the primary ALB. Failing over means restoring the recovery
 * region and repointing this record, so the health check only raises the alarm.
 */
export class SimpleRecord extends pulumi.ComponentResource {
  static readonly TYPE = "securecart:traffic:SimpleRecord";
  public readonly fqdn: pulumi.Output<string>;
  /** The health check that alerts on this record's target (passed through for the HealthCheckAlarm). */
  public readonly healthCheckId: pulumi.Output<string | undefined>;

  constructor(name: string, args: SimpleRecordArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(SimpleRecord.TYPE, name, {}, opts);
    const record = new aws.route53.Record(
      `${name}-a`,
      {
        zoneId: args.zoneId,
        name: args.domainName,
        type: "A",
        aliases: [{ name: args.albDnsName, zoneId: args.albZoneId, evaluateTargetHealth: true }],
        // The record must not silently take over a name some other system already serves.
        allowOverwrite: false,
      },
      { parent: this },
    );

    this.fqdn = record.fqdn;
    this.healthCheckId = pulumi.output(args.healthCheckId);
    this.registerOutputs({ fqdn: this.fqdn });
  }
}
