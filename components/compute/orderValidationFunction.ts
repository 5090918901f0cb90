import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { REPO_ROOT } from "./imageRepository";
import { logRetentionProblems, positiveIntegerProblems, subnetProblems } from "./validate";
import { serviceTrustPolicy } from "../iam";

/**
 * The storefront's compiled output (`npm run build -w app` writes app/dist). The handler imports
 * `../validation/validateOrder`, so the bundle is those two compiled files at their relative paths; nothing else
 * (the validation module has no imports). Under mocks the files need not exist: only their paths are recorded.
 */
export const APP_DIST = path.join(REPO_ROOT, "app", "dist");
export const HANDLER = "functions/validateOrder.handler";

/** The Lambda bundle: the compiled handler and the one module it imports, at their relative paths under `dist`. */
export function orderValidationCode(dist: string = APP_DIST): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({
    "functions/validateOrder.js": new pulumi.asset.FileAsset(
      path.join(dist, "functions", "validateOrder.js"),
    ),
    "validation/validateOrder.js": new pulumi.asset.FileAsset(
      path.join(dist, "validation", "validateOrder.js"),
    ),
  });
}

export interface OrderValidationFunctionArgs {
  /** VPC of the function. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** Private app subnets in at least 2 AZs. Required. */
  readonly subnetIds: pulumi.Input<string>[];
  /** SNS topic the error and dead-letter alarms notify. Required. */
  readonly alertTopicArn: pulumi.Input<string>;
  /**
   * Concurrency reserved for (and capping) the function, or none: it then draws on the account's unreserved pool.
   * Lambda refuses a reservation that would leave less than 100 unreserved ("You can reserve up to the Unreserved
   * account concurrency value that is shown, minus 100 for functions that don't have reserved concurrency",
   * https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html), and new accounts may start with a
   * quota below the default 1,000 (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), so any
   * fixed number fails somewhere. Set it (config `securecart:orderValidationReservedConcurrency`) where the
   * account's quota leaves room. Defaults to `undefined` (no reservation).
   */
  readonly reservedConcurrentExecutions?: number;
  /** Memory, MiB. Defaults to `256`. */
  readonly memorySize?: number;
  /** Timeout, seconds. Defaults to `10`. */
  readonly timeoutSeconds?: number;
  /** Directory holding the compiled `functions/` and `validation/` folders. Defaults to `<repository root>/app/dist`. */
  readonly distPath?: string;
  /** KMS key of the dead-letter queue. Defaults to the AWS managed key `alias/aws/sqs`. */
  readonly dlqKmsKeyArn?: pulumi.Input<string>;
  /** Log retention, days. Defaults to `30`. */
  readonly logRetentionDays?: number;
  /**
   * An execution role made ahead of time (a backup-restore rebuild, when IAM's control plane in us-east-1 may be
   * down), carrying ORDER_VALIDATION_POLICIES and validationDlqStatements: the function then creates no IAM
   * resource. Defaults to `undefined`.
   */
  readonly roleArn?: pulumi.Input<string>;
}

/** VPC access (ENIs and logs) and X-Ray segments, which Active tracing needs. */
export const ORDER_VALIDATION_POLICIES: Readonly<Record<string, string>> = {
  vpc: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
  xray: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
};

/**
 * The physical-name prefixes Pulumi's auto-naming gives the function and its queue (the logical name, a hyphen,
 * then random characters: https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming): what a role made
 * ahead of time can name before either exists.
 */
export function orderValidationNamePrefixes(name: string): {
  readonly functionName: string;
  readonly dlqName: string;
} {
  return { functionName: `${name}-fn-`, dlqName: `${name}-dlq-` };
}

/** The role's dead-letter statements; `dlqArn` may be a pattern made ahead of time. */
export function validationDlqStatements(
  dlqArn: pulumi.Input<string>,
  dlqKmsKeyArn?: pulumi.Input<string>,
): pulumi.Input<Record<string, unknown>>[] {
  const statements: pulumi.Input<Record<string, unknown>>[] = [
    { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlqArn] },
  ];
  if (dlqKmsKeyArn !== undefined) {
    statements.push({
      Sid: "DeadLetterKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: [dlqKmsKeyArn],
    });
  }
  return statements;
}

type UndefaultedKeys = "reservedConcurrentExecutions" | "dlqKmsKeyArn" | "roleArn";

/**
 * The args with every default applied. `reservedConcurrentExecutions`, `dlqKmsKeyArn` (the role is granted a
 * customer managed key only) and `roleArn` may stay unset; `dlqKmsKeyId` is the key the queue uses either way.
 */
export type ResolvedOrderValidationFunctionArgs = Required<
  Omit<OrderValidationFunctionArgs, UndefaultedKeys>
> &
  Pick<OrderValidationFunctionArgs, UndefaultedKeys> & {
    /** `dlqKmsKeyArn`, or the AWS managed key `alias/aws/sqs`. */
    readonly dlqKmsKeyId: pulumi.Input<string>;
  };

/** The defaulted args and every problem with them at once, each naming its property. */
export function resolveOrderValidationFunctionArgs(
  args: OrderValidationFunctionArgs,
): Resolved<ResolvedOrderValidationFunctionArgs> {
  const a: ResolvedOrderValidationFunctionArgs = {
    ...args,
    memorySize: args.memorySize ?? 256,
    timeoutSeconds: args.timeoutSeconds ?? 10,
    distPath: args.distPath ?? APP_DIST,
    logRetentionDays: args.logRetentionDays ?? 30,
    dlqKmsKeyId: args.dlqKmsKeyArn ?? "alias/aws/sqs",
  };
  const problems = [
    ...subnetProblems(args.subnetIds, "subnetIds"),
    ...(args.reservedConcurrentExecutions === undefined
      ? []
      : positiveIntegerProblems(args.reservedConcurrentExecutions, "reservedConcurrentExecutions")),
    ...logRetentionProblems(a.logRetentionDays, "logRetentionDays"),
  ];
  const memory = a.memorySize;
  if (!Number.isInteger(memory) || memory < 128 || memory > 10240)
    problems.push(`memorySize must be an integer from 128 to 10240 (got ${memory})`);
  const timeout = a.timeoutSeconds;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 900)
    problems.push(`timeoutSeconds must be an integer from 1 to 900 (got ${timeout})`);
  return { args: a, errors: problems };
}

/**
 * The order-validation and fraud-check Lambda the storefront invokes, in the VPC (no inbound, HTTPS out), with
 * X-Ray tracing, a KMS-encrypted dead-letter queue for failed asynchronous invocations, and alarms on errors and on
 * dead letters.
 */
export class OrderValidationFunction extends pulumi.ComponentResource {
  public readonly functionArn: pulumi.Output<string>;
  public readonly functionName: pulumi.Output<string>;
  public readonly dlqArn: pulumi.Output<string>;
  public readonly dlqName: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(
    name: string,
    args: OrderValidationFunctionArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:compute:OrderValidationFunction", name, {}, opts);
    const a = requireValid(
      resolveOrderValidationFunctionArgs(args),
      "OrderValidationFunction",
      name,
      this,
    );
    const opt = { parent: this };

    const dlq = new aws.sqs.Queue(
      `${name}-dlq`,
      {
        messageRetentionSeconds: 14 * 24 * 3600,
        kmsMasterKeyId: a.dlqKmsKeyId,
        kmsDataKeyReusePeriodSeconds: 300,
      },
      opt,
    );

    let roleArn: pulumi.Input<string>;
    let rolePolicies: pulumi.Resource[] = [];
    if (a.roleArn !== undefined) {
      roleArn = a.roleArn;
    } else {
      const role = new aws.iam.Role(
        `${name}-fn`,
        { assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com") },
        opt,
      );
      // CreateFunction checks that the role may create the VPC ENIs, so the attachments come first.
      const attachments = Object.entries(ORDER_VALIDATION_POLICIES).map(
        ([key, arn]) =>
          new aws.iam.RolePolicyAttachment(
            `${name}-fn-${key}`,
            { role: role.name, policyArn: arn },
            opt,
          ),
      );
      const dlqPolicy = new aws.iam.RolePolicy(
        `${name}-fn-dlq`,
        {
          role: role.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: validationDlqStatements(dlq.arn, a.dlqKmsKeyArn),
          }),
        },
        opt,
      );
      roleArn = role.arn;
      rolePolicies = [...attachments, dlqPolicy];
    }

    const sg = new aws.ec2.SecurityGroup(
      `${name}-fn`,
      {
        vpcId: a.vpcId,
        description: "Order validation Lambda: no inbound, HTTPS out",
        egress: [
          {
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
            description: "AWS APIs",
          },
        ],
      },
      opt,
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/securecart/lambda/${name}`, retentionInDays: a.logRetentionDays },
      opt,
    );

    const fn = new aws.lambda.Function(
      `${name}-fn`,
      {
        // nodejs20.x is deprecated and CreateFunction refuses deprecated runtimes (DESIGN.md decision 17; "Runtime
        // deprecation", https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtime-support-policy).
        runtime: aws.lambda.Runtime.NodeJS22dX,
        handler: HANDLER,
        code: orderValidationCode(a.distPath),
        role: roleArn,
        memorySize: a.memorySize,
        timeout: a.timeoutSeconds,
        reservedConcurrentExecutions: a.reservedConcurrentExecutions,
        vpcConfig: { subnetIds: a.subnetIds, securityGroupIds: [sg.id] },
        deadLetterConfig: { targetArn: dlq.arn },
        tracingConfig: { mode: "Active" },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      },
      // CreateFunction checks the role first: in a VPC it must be able to create ENIs ("the execution role must have
      // ec2:CreateNetworkInterface ...", https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions),
      // and with a DLQ it must be able to send to it. Nothing in the inputs says so, hence dependsOn.
      { ...opt, dependsOn: rolePolicies },
    );

    const alarm = (
      suffix: string,
      description: string,
      namespace: string,
      metricName: string,
      statistic: string,
      dimensions: Record<string, pulumi.Input<string>>,
    ) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        {
          alarmDescription: description,
          namespace,
          metricName,
          statistic,
          dimensions,
          period: 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [a.alertTopicArn],
          okActions: [a.alertTopicArn],
        },
        opt,
      );
    alarm(
      "errors",
      "Order validation Lambda errors over 5 minutes",
      "AWS/Lambda",
      "Errors",
      "Sum",
      { FunctionName: fn.name },
    );
    alarm(
      "dlq",
      "Order validation invocations dead-lettered",
      "AWS/SQS",
      "ApproximateNumberOfMessagesVisible",
      "Maximum",
      { QueueName: dlq.name },
    );

    this.functionArn = fn.arn;
    this.functionName = fn.name;
    this.dlqArn = dlq.arn;
    this.dlqName = dlq.name;
    this.securityGroupId = sg.id;
    this.roleArn = pulumi.output(roleArn);
    this.registerOutputs({
      functionArn: this.functionArn,
      functionName: this.functionName,
      dlqArn: this.dlqArn,
    });
  }
}
