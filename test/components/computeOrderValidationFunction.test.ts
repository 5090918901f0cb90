import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import {
  APP_DIST,
  HANDLER,
  OrderValidationFunction,
  orderValidationCode,
  OrderValidationFunctionArgs,
  resolveOrderValidationFunctionArgs,
} from "../../components/compute/orderValidationFunction";
import { REPO_ROOT } from "../../components/compute/imageRepository";
import { autoNamed, countByType, onlyOf, promiseOf, record } from "../support/harness";

const TOPIC = "arn:aws:sns:us-east-1:123456789012:alerts";
const base: OrderValidationFunctionArgs = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  alertTopicArn: TOPIC,
};

describe("compute: OrderValidationFunction", () => {
  it("deploys the compiled handler in the VPC with a KMS-encrypted DLQ, tracing and alarms, with exactly these children", async () => {
    let out: Record<string, string> = {};
    const resources = await record(async () => {
      const fn = new OrderValidationFunction("ov", { ...base, reservedConcurrentExecutions: 20 });
      out = {
        functionArn: await promiseOf(fn.functionArn),
        dlqArn: await promiseOf(fn.dlqArn),
        functionName: await promiseOf(fn.functionName),
      };
    });
    const component = onlyOf(resources, "securecart:compute:OrderValidationFunction");
    assert.ok(resources.filter((r) => r !== component).every((r) => r.parent === component.urn));
    assert.deepEqual(countByType(resources), {
      "securecart:compute:OrderValidationFunction": 1,
      "aws:sqs/queue:Queue": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 2,
      "aws:iam/rolePolicy:RolePolicy": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:cloudwatch/logGroup:LogGroup": 1,
      "aws:lambda/function:Function": 1,
      "aws:cloudwatch/metricAlarm:MetricAlarm": 2,
    });
    // The stack's tags come from the provider's defaultTags: no child carries tags of its own.
    for (const r of resources.filter((r) => r !== component))
      assert.equal(r.inputs.tags, undefined, `${r.type} ${r.name}`);

    const dlq = onlyOf(resources, "aws:sqs/queue:Queue");
    assert.equal(dlq.inputs.messageRetentionSeconds, 1209600);
    assert.equal(dlq.inputs.kmsMasterKeyId, "alias/aws/sqs");

    const fn = onlyOf(resources, "aws:lambda/function:Function");
    assert.deepEqual(
      [fn.inputs.runtime, fn.inputs.handler, HANDLER],
      ["nodejs22.x", "functions/validateOrder.handler", "functions/validateOrder.handler"],
    );
    // CreateFunction in a VPC checks that the role may create ENIs: the function waits for that attachment.
    const vpcAccess = resources.find(
      (r) =>
        r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
        r.inputs.policyArn.endsWith("/AWSLambdaVPCAccessExecutionRole"),
    )!;
    assert.ok(
      fn.dependencies.includes(vpcAccess.urn),
      "the function depends on its AWSLambdaVPCAccessExecutionRole attachment",
    );
    assert.equal(fn.inputs.deadLetterConfig.targetArn, out.dlqArn);
    assert.deepEqual(fn.propertyDependencies.deadLetterConfig, [dlq.urn]);
    assert.deepEqual(fn.inputs.vpcConfig.subnetIds, base.subnetIds);
    assert.equal(fn.inputs.vpcConfig.securityGroupIds.length, 1);
    assert.deepEqual(fn.inputs.tracingConfig, { mode: "Active" });
    assert.equal(fn.inputs.reservedConcurrentExecutions, 20);

    // The recorder flattens archives to their marker (`assets` is a promise it cannot keep), so the bundle's
    // contents are checked on the builder the component uses.
    assert.equal(fn.inputs.code.archive, "AssetArchive");
    assert.deepEqual(Object.keys(fn.inputs.code.assets).sort(), [
      "functions/validateOrder.js",
      "validation/validateOrder.js",
    ]);
    const code = orderValidationCode();
    assert.ok(pulumi.asset.AssetArchive.isInstance(code));
    const assets = (await code.assets) as Record<string, pulumi.asset.FileAsset>;
    assert.deepEqual(Object.keys(assets).sort(), [
      "functions/validateOrder.js",
      "validation/validateOrder.js",
    ]);
    assert.equal(
      await assets["functions/validateOrder.js"].path,
      path.join(REPO_ROOT, "app", "dist", "functions", "validateOrder.js"),
    );
    assert.equal(
      await assets["validation/validateOrder.js"].path,
      path.join(APP_DIST, "validation", "validateOrder.js"),
    );

    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.equal(sg.inputs.ingress, undefined, "no inbound");
    assert.deepEqual(
      sg.inputs.egress.map((r: any) => [r.protocol, r.fromPort, r.toPort]),
      [["tcp", 443, 443]],
    );

    assert.deepEqual(
      resources
        .filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        .map((r) => r.inputs.policyArn)
        .sort(),
      [
        "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
        "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
      ],
    );
    const statements = JSON.parse(
      onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy,
    ).Statement;
    assert.deepEqual(
      statements.map((s: any) => [s.Action, s.Resource]),
      [[["sqs:SendMessage"], [out.dlqArn]]],
    );

    const alarms = ["ov-errors", "ov-dlq"].map((n) =>
      resources.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name === n)!,
    );
    assert.deepEqual(
      alarms.map((a) => [
        a.inputs.namespace,
        a.inputs.metricName,
        a.inputs.statistic,
        a.inputs.period,
        a.inputs.threshold,
        a.inputs.comparisonOperator,
        a.inputs.alarmActions,
      ]),
      [
        ["AWS/Lambda", "Errors", "Sum", 300, 0, "GreaterThanThreshold", [TOPIC]],
        [
          "AWS/SQS",
          "ApproximateNumberOfMessagesVisible",
          "Maximum",
          300,
          0,
          "GreaterThanThreshold",
          [TOPIC],
        ],
      ],
    );
    assert.deepEqual(alarms[0].inputs.dimensions, { FunctionName: out.functionName });
    assert.deepEqual(alarms[1].propertyDependencies.dimensions, [dlq.urn]);
    assert.match(
      out.functionArn,
      autoNamed("arn:aws:lambda:us-east-1:123456789012:function:", "ov-fn"),
    );
  });

  it("reserves no concurrency unless asked: Lambda keeps 100 unreserved, so a fixed number fails in small accounts", async () => {
    const resources = await record(() => new OrderValidationFunction("ov", base));
    assert.equal(
      onlyOf(resources, "aws:lambda/function:Function").inputs.reservedConcurrentExecutions,
      undefined,
    );
  });

  it("lets the role use a customer managed DLQ key, and only that key", async () => {
    const KEY = "arn:aws:kms:us-east-1:123456789012:key/2222";
    const resources = await record(() => {
      new OrderValidationFunction("ov", { ...base, dlqKmsKeyArn: KEY });
    });
    assert.equal(onlyOf(resources, "aws:sqs/queue:Queue").inputs.kmsMasterKeyId, KEY);
    const statements = JSON.parse(
      onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy,
    ).Statement;
    assert.deepEqual(statements[1], {
      Sid: "DeadLetterKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: [KEY],
    });
  });

  it("resolves every default once", () => {
    assert.deepEqual(resolveOrderValidationFunctionArgs(base), {
      args: {
        ...base,
        memorySize: 256,
        timeoutSeconds: 10,
        distPath: path.join(REPO_ROOT, "app", "dist"),
        logRetentionDays: 30,
        dlqKmsKeyId: "alias/aws/sqs",
      },
      errors: [],
    });
    const KEY = "arn:aws:kms:us-east-1:123456789012:key/dlq";
    const withKey = resolveOrderValidationFunctionArgs({ ...base, dlqKmsKeyArn: KEY }).args;
    assert.deepEqual([withKey.dlqKmsKeyArn, withKey.dlqKmsKeyId], [KEY, KEY]);
  });

  it("validates every arg at once, naming each", () => {
    assert.deepEqual(
      resolveOrderValidationFunctionArgs({
        ...base,
        subnetIds: [],
        reservedConcurrentExecutions: 0,
        logRetentionDays: 31,
        memorySize: 64,
        timeoutSeconds: 901,
      }).errors,
      [
        "subnetIds must hold at least 2 subnets in different AZs (got 0)",
        "reservedConcurrentExecutions must be an integer of at least 1 (got 0)",
        "logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 31)",
        "memorySize must be an integer from 128 to 10240 (got 64)",
        "timeoutSeconds must be an integer from 1 to 900 (got 901)",
      ],
    );
  });

  it("refuses bad args before creating anything", async () => {
    let error: unknown;
    const resources = await record(() => {
      try {
        new OrderValidationFunction("ov", { ...base, subnetIds: ["subnet-a"] });
      } catch (e) {
        error = e;
      }
    });
    assert.match(
      String(error),
      /OrderValidationFunction ov: subnetIds must hold at least 2 subnets/,
    );
    assert.deepEqual(
      resources.map((r) => r.type),
      ["securecart:compute:OrderValidationFunction"],
    );
  });
});
