import * as pulumi from "@pulumi/pulumi";
import { scheduledProbe } from "../observability/probes/scheduledProbe";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface DialFollowerArgs {
  /** Every region behind the accelerator, with its ALB's DNS name (probed as the shop, by SNI). Required: two or more. */
  readonly regions: readonly {
    readonly region: string;
    readonly albDnsName: pulumi.Input<string>;
  }[];
  /** The shop's name, for TLS (SNI) and Host. Required. */
  readonly domainName: pulumi.Input<string>;
  /** The accelerator's listener, whose endpoint groups' dials the follower sets. Required. */
  readonly listenerArn: pulumi.Input<string>;
  /** Global Accelerator's API region. Required. */
  readonly acceleratorRegion: string;
  /** Where a drain is announced: this region's alert topic (an AlertTopic will do). Required. */
  readonly alertTopic: DialFollowerAlertTopic;
  /** Consecutive failed deep probes before a region counts as dead, 2 to 5. Defaults to `3`. */
  readonly probes?: number;
  /** Seconds between probes of one run. Defaults to `10`. */
  readonly probeGapSeconds?: number;
}

/** The topic a drain is announced on. */
export interface DialFollowerAlertTopic {
  readonly topicArn: pulumi.Input<string>;
  /**
   * The KMS key that encrypts the topic: publishing to an encrypted topic needs GenerateDataKey and Decrypt on it
   * ("Encryption at rest", https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html).
   * Defaults to none (an unencrypted topic).
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** DialFollowerArgs with every default applied. */
export type ResolvedDialFollowerArgs = Required<DialFollowerArgs>;

/** DialFollowerArgs with every default applied, and every problem with them, each naming its property. */
export function resolveDialFollowerArgs(
  args: DialFollowerArgs,
): Resolved<ResolvedDialFollowerArgs> {
  const problems: string[] = [];
  const probes = args.probes ?? 3;
  const gap = args.probeGapSeconds ?? 10;
  if (args.regions.length < 2)
    problems.push(`regions needs two or more regions (got ${args.regions.length})`);
  if (new Set(args.regions.map((r) => r.region)).size !== args.regions.length)
    problems.push("regions names a region twice");
  if (!Number.isInteger(probes) || probes < 2 || probes > 5)
    problems.push(`probes must be an integer from 2 to 5 (got ${probes})`);
  if (!Number.isInteger(gap) || gap < 1 || (probes - 1) * gap > 40) {
    problems.push(
      `probeGapSeconds must be a whole number of seconds with (probes - 1) × gap ≤ 40, to finish within the minute (got ${gap})`,
    );
  }
  return { args: { ...args, probes, probeGapSeconds: gap }, errors: problems };
}

/** Seconds from a region's database dying to its dial at 0, at worst: a full minute's wait, then the probes. */
export function dialFollowerSeconds(
  args: Pick<ResolvedDialFollowerArgs, "probes" | "probeGapSeconds">,
): number {
  return 60 + (args.probes - 1) * args.probeGapSeconds + 5;
}

/**
 * Active-active's drain of a region whose database is dead (DESIGN.md decision 16, "the dial follows the deep
 * check"). Global Accelerator routes by ELB target health, and the target groups check the shallow /healthz:
 * a deep target-group check would make ECS replace every task of a region at each database blip. So a Lambda
 * probes each region's /health/deep every minute and sets a region that failed every probe to dial 0 while
 * another region passes: the runbook's drain-traffic call, made for it. It never dials up (the failback does)
 * and never drains the last region with traffic. The dial is in the endpoint group's ignoreChanges, so
 * `pulumi up` does not undo it (decision 9). Created once, by the recovery stack, which knows both ALBs: one
 * decider, so two followers can never drain each other's region at the same moment.
 */
export class DialFollower extends pulumi.ComponentResource {
  public readonly functionArn: pulumi.Output<string>;

  constructor(name: string, args: DialFollowerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:traffic:DialFollower", name, {}, opts);
    const a = requireValid(resolveDialFollowerArgs(args), "DialFollower", name, this);
    const { probes, probeGapSeconds: gap } = a;
    const regions = pulumi.jsonStringify(
      a.regions.map((r) => ({ region: r.region, alb: r.albDnsName })),
    );
    const fn = scheduledProbe(
      name,
      {
        handlerFile: "dialFollower.mjs",
        environment: {
          REGIONS: regions,
          DOMAIN_NAME: a.domainName,
          LISTENER_ARN: a.listenerArn,
          ACCELERATOR_REGION: a.acceleratorRegion,
          ALERT_TOPIC_ARN: a.alertTopic.topicArn,
          PROBES: String(probes),
          PROBE_GAP_MS: String(gap * 1000),
        },
        statements: [
          {
            Sid: "ReadDials",
            Effect: "Allow",
            Action: ["globalaccelerator:ListEndpointGroups"],
            Resource: [a.listenerArn],
          },
          {
            Sid: "DrainDials",
            Effect: "Allow",
            Action: ["globalaccelerator:UpdateEndpointGroup"],
            Resource: [pulumi.interpolate`${a.listenerArn}/endpoint-group/*`],
          },
          {
            Sid: "Announce",
            Effect: "Allow",
            Action: ["sns:Publish"],
            Resource: [a.alertTopic.topicArn],
          },
          ...(a.alertTopic.kmsKeyArn
            ? [
                {
                  Sid: "AnnounceEncrypted",
                  Effect: "Allow",
                  Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
                  Resource: [a.alertTopic.kmsKeyArn],
                },
              ]
            : []),
        ],
        timeoutSeconds: (probes - 1) * gap + 20,
        description: `${name}: dial a region whose deep health fails to 0`,
      },
      this,
    );
    this.functionArn = fn.arn;
    this.registerOutputs({ functionArn: this.functionArn });
  }
}
