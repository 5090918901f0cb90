import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { hostnameProblems } from "./validate";

export interface SiteCertificateArgs {
  /** The shop's public name. Required. */
  readonly domainName: string;
  /** Other names the certificate covers. Defaults to `[]`. */
  readonly subjectAlternativeNames?: string[];
  /**
   * The hosted zone to create the DNS validation records in, given only to the stack that owns them (the primary,
   * DESIGN.md decision 12). Defaults to none: the certificate validates against the records that already exist.
   */
  readonly validationZoneId?: pulumi.Input<string>;
}

/** The args with every default applied; the validation zone may stay unset (validate against existing records). */
export type ResolvedSiteCertificateArgs = Required<Omit<SiteCertificateArgs, "validationZoneId">> &
  Pick<SiteCertificateArgs, "validationZoneId">;

/** The defaulted args and every problem with them at once, each naming its property. */
export function resolveSiteCertificateArgs(
  args: SiteCertificateArgs,
): Resolved<ResolvedSiteCertificateArgs> {
  const a: ResolvedSiteCertificateArgs = {
    ...args,
    subjectAlternativeNames: args.subjectAlternativeNames ?? [],
  };
  const errors = [
    ...hostnameProblems(args.domainName, "domainName"),
    ...a.subjectAlternativeNames.flatMap((san) => hostnameProblems(san, "subjectAlternativeNames")),
  ];
  return { args: a, errors };
}

/**
 * The ALB's ACM certificate in this region, DNS-validated. ACM gives a domain the same validation record in
 * every region of an account ("DNS validation": https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html,
 * the CNAME is derived from the domain and the account), so one stack owns the record and the other's
 * certificate validates against it: neither overwrites nor deletes the other's. It exists in every region of
 * every tier, a backup-restore recovery region included, so a rebuild there needs no certificate issued during
 * the outage (decision 15).
 */
export class SiteCertificate extends pulumi.ComponentResource {
  /** The certificate once validated (depends on the CertificateValidation). */
  public readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: SiteCertificateArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:compute:SiteCertificate", name, {}, opts);
    const a = requireValid(resolveSiteCertificateArgs(args), "SiteCertificate", name, this);
    const opt = { parent: this };
    const sans = a.subjectAlternativeNames;
    const certificate = new aws.acm.Certificate(
      name,
      {
        domainName: a.domainName,
        subjectAlternativeNames: sans,
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
      },
      opt,
    );
    // One record per name, looked up by name since ACM does not promise an order.
    const options = [a.domainName, ...sans].map((domain, i) =>
      certificate.domainValidationOptions.apply(
        (o) => o.find((x) => x.domainName === domain) ?? o[i],
      ),
    );
    const fqdns = a.validationZoneId
      ? options.map(
          (option, i) =>
            new aws.route53.Record(
              `${name}-validation-${i}`,
              {
                zoneId: a.validationZoneId!,
                name: option.apply((o) => o.resourceRecordName!),
                type: option.apply((o) => o.resourceRecordType!),
                records: [option.apply((o) => o.resourceRecordValue!)],
                ttl: 300,
              },
              opt,
            ).fqdn,
        )
      : options.map((option) => option.apply((o) => o.resourceRecordName!.replace(/\.$/, "")));
    const validation = new aws.acm.CertificateValidation(
      name,
      { certificateArn: certificate.arn, validationRecordFqdns: fqdns },
      opt,
    );
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
