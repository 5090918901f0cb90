import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../../iam";
import { probeCode } from "./code";

export interface ScheduledProbeSpec {
  /** The handler file in this folder, e.g. `primaryProbe.mjs` (its export `handler`). */
  readonly handlerFile: string;
  readonly environment: Record<string, pulumi.Input<string>>;
  /** What the function may call besides logs and its dead-letter queue. */
  readonly statements: pulumi.Input<Record<string, unknown>>[];
  /** Seconds one run may take. */
  readonly timeoutSeconds: number;
  readonly description: string;
}

/**
 * A probe Lambda run every minute by EventBridge: its role (logs, dead letters, the given statements), log
 * group, dead-letter queue, function and schedule, as children of `parent` named from `name`.
 */
export function scheduledProbe(
  name: string,
  spec: ScheduledProbeSpec,
  parent: pulumi.Resource,
): aws.lambda.Function {
  const opt = { parent };
  const dlq = new aws.sqs.Queue(
    `${name}-dlq`,
    { messageRetentionSeconds: 1_209_600, sqsManagedSseEnabled: true },
    opt,
  );
  const role = new aws.iam.Role(
    `${name}-fn`,
    { assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com") },
    opt,
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-fn-logs`,
    {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    },
    opt,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-fn`,
    {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          ...spec.statements,
          { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlq.arn] },
        ],
      }),
    },
    opt,
  );
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-logs`,
    { name: `/securecart/lambda/${name}`, retentionInDays: 30 },
    opt,
  );
  const fn = new aws.lambda.Function(
    `${name}-fn`,
    {
      // A runtime Lambda still creates functions on (DESIGN.md decision 17); it bundles AWS SDK v3.
      runtime: aws.lambda.Runtime.NodeJS22dX,
      handler: `${spec.handlerFile.replace(/\.mjs$/, "")}.handler`,
      code: probeCode(spec.handlerFile),
      role: role.arn,
      memorySize: 128,
      timeout: spec.timeoutSeconds,
      deadLetterConfig: { targetArn: dlq.arn },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
      environment: { variables: spec.environment },
    },
    // The role must be able to send dead letters before Lambda validates the DLQ.
    { ...opt, dependsOn: [policy] },
  );
  const schedule = new aws.cloudwatch.EventRule(
    `${name}-schedule`,
    { scheduleExpression: "rate(1 minute)", description: spec.description },
    opt,
  );
  const permission = new aws.lambda.Permission(
    `${name}-invoke`,
    {
      action: "lambda:InvokeFunction",
      function: fn.name,
      principal: "events.amazonaws.com",
      sourceArn: schedule.arn,
    },
    opt,
  );
  new aws.cloudwatch.EventTarget(
    `${name}-target`,
    { rule: schedule.name, arn: fn.arn },
    { ...opt, dependsOn: [permission] },
  );
  return fn;
}
