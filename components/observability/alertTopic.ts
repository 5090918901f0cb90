import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

/** Services that publish alerts to the topic: CloudWatch alarms and EventBridge rules (the cache failover). */
export const ALERT_PUBLISHERS = ["cloudwatch.amazonaws.com", "events.amazonaws.com"];

export interface AlertTopicArgs {
  /** Address that receives the alerts (config `alertEmail`); AWS mails it a confirmation link first. Required. */
  readonly email: string;
  /**
   * An existing customer managed KMS key for the topic. Its policy must let the publishers use it. Defaults to a
   * new key made here. The AWS managed alias/aws/sns key will not do: its policy cannot admit CloudWatch or
   * EventBridge, whose alerts would then be dropped without a word.
   */
  readonly kmsKeyId?: pulumi.Input<string>;
  /** Region role, named in the new key's description. Defaults to `primary`. */
  readonly role?: string;
}

/** AlertTopicArgs with the defaults applied; `kmsKeyId` stays optional (absent: a key is made here). */
export type ResolvedAlertTopicArgs = Required<Omit<AlertTopicArgs, "kmsKeyId">> &
  Pick<AlertTopicArgs, "kmsKeyId">;

/** AlertTopicArgs with every default applied, and every problem with them, each naming its property. */
export function resolveAlertTopicArgs(args: AlertTopicArgs): Resolved<ResolvedAlertTopicArgs> {
  const errors: string[] = [];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(args.email ?? ""))
    errors.push(`email must be an e-mail address (got "${args.email}")`);
  return { args: { ...args, role: args.role ?? "primary" }, errors };
}

/**
 * The region's alert topic: KMS-encrypted, with an e-mail subscription, and a policy that lets CloudWatch alarms
 * and EventBridge rules of this account publish (and nothing over plain HTTP). Create one with a us-east-1
 * provider in `opts` for the Route 53 health check alarms, whose metrics exist only there.
 */
export class AlertTopic extends pulumi.ComponentResource {
  public readonly topicArn: pulumi.Output<string>;
  public readonly kmsKeyArn: pulumi.Output<string> | undefined;

  constructor(name: string, args: AlertTopicArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:observability:AlertTopic", name, {}, opts);
    const a = requireValid(resolveAlertTopicArgs(args), "AlertTopic", name, this);
    const opt = { parent: this };
    const accountId = aws.getCallerIdentityOutput({}, opt).accountId;
    const partition = aws.getPartitionOutput({}, opt).partition;

    let keyId: pulumi.Input<string>;
    if (a.kmsKeyId !== undefined) {
      keyId = a.kmsKeyId;
    } else {
      const key = new aws.kms.Key(
        `${name}-key`,
        {
          description: `securecart ${a.role} alert topic`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "AccountAdmin",
                Effect: "Allow",
                Principal: { AWS: pulumi.interpolate`arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
              },
              {
                Sid: "AlertPublishers",
                Effect: "Allow",
                Principal: { Service: ALERT_PUBLISHERS },
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
              },
            ],
          }),
          tags: { Name: `${name}-key` },
        },
        opt,
      );
      keyId = key.arn;
      this.kmsKeyArn = key.arn;
    }

    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { kmsMasterKeyId: keyId, tags: { Name: `${name}-topic` } },
      opt,
    );
    new aws.sns.TopicSubscription(
      `${name}-email`,
      { topic: topic.arn, protocol: "email", endpoint: a.email },
      opt,
    );
    new aws.sns.TopicPolicy(
      `${name}-policy`,
      {
        arn: topic.arn,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "AlertPublishers",
              Effect: "Allow",
              Principal: { Service: ALERT_PUBLISHERS },
              Action: "sns:Publish",
              Resource: topic.arn,
              Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
            {
              Sid: "TlsOnly",
              Effect: "Deny",
              Principal: "*",
              Action: "sns:Publish",
              Resource: topic.arn,
              Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
          ],
        }),
      },
      opt,
    );

    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
