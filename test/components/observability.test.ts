import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as events from "events";
import {
  AlertTopic,
  cacheEventPattern,
  HealthCheckAlarm,
  PatchManagement,
  PrimaryProbe,
  RegionAlarms,
  RegionAlarmsArgs,
  resolveAlertTopicArgs,
  resolveHealthCheckAlarmArgs,
  resolvePatchManagementArgs,
  resolvePrimaryProbeArgs,
  resolveRegionAlarmsArgs,
} from "../../components/observability";
import { countByType, ofType, onlyOf, promiseOf, providerRegion, record } from "../support/harness";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:alerts";

describe("observability: AlertTopic", () => {
  it("encrypts the topic with its own key, subscribes the address and lets CloudWatch and EventBridge publish", async () => {
    const resources = await record(() => new AlertTopic("alerts", { email: "ops@example.com" }));
    assert.deepEqual(countByType(resources), {
      "securecart:observability:AlertTopic": 1,
      "aws:kms/key:Key": 1,
      "aws:sns/topic:Topic": 1,
      "aws:sns/topicSubscription:TopicSubscription": 1,
      "aws:sns/topicPolicy:TopicPolicy": 1,
    });
    const key = onlyOf(resources, "aws:kms/key:Key");
    const topic = onlyOf(resources, "aws:sns/topic:Topic");
    assert.equal(key.inputs.enableKeyRotation, true);
    assert.deepEqual(topic.propertyDependencies.kmsMasterKeyId, [key.urn]);
    assert.match(topic.inputs.kmsMasterKeyId, /^arn:aws:kms:/);
    const keyPolicy = JSON.parse(key.inputs.policy);
    const keyPublishers = keyPolicy.Statement.find((s: any) => s.Sid === "AlertPublishers");
    assert.deepEqual(keyPublishers.Principal.Service, [
      "cloudwatch.amazonaws.com",
      "events.amazonaws.com",
    ]);
    assert.deepEqual(keyPublishers.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);

    const sub = onlyOf(resources, "aws:sns/topicSubscription:TopicSubscription").inputs;
    assert.equal(sub.protocol, "email");
    assert.equal(sub.endpoint, "ops@example.com");

    const policy = JSON.parse(onlyOf(resources, "aws:sns/topicPolicy:TopicPolicy").inputs.policy);
    const allow = policy.Statement.find((s: any) => s.Effect === "Allow");
    assert.deepEqual(allow.Principal.Service, ["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
    assert.equal(allow.Action, "sns:Publish");
    assert.deepEqual(allow.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    assert.ok(
      policy.Statement.some(
        (s: any) => s.Effect === "Deny" && s.Condition.Bool["aws:SecureTransport"] === "false",
      ),
    );
  });

  it("uses a given key instead of making one, and lands in the region of the provider it is given", async () => {
    const resources = await record(
      () => {
        const usEast1 = new aws.Provider("use1", { region: "us-east-1" });
        new AlertTopic(
          "alerts",
          { email: "ops@example.com", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/abc" },
          { provider: usEast1 },
        );
      },
      { region: "eu-west-1" },
    );
    assert.equal(ofType(resources, "aws:kms/key:Key").length, 0);
    const topic = onlyOf(resources, "aws:sns/topic:Topic");
    assert.equal(topic.inputs.kmsMasterKeyId, "arn:aws:kms:us-east-1:123456789012:key/abc");
    assert.equal(providerRegion(resources, topic), "us-east-1");
  });

  it("resolves its defaults once", () => {
    assert.deepEqual(resolveAlertTopicArgs({ email: "ops@example.com" }), {
      args: { email: "ops@example.com", role: "primary" },
      errors: [],
    });
  });

  it("tags its key and topic with their names only: project and dr-role come from the providers", async () => {
    const resources = await record(() => new AlertTopic("alerts", { email: "ops@example.com" }));
    assert.deepEqual(onlyOf(resources, "aws:kms/key:Key").inputs.tags, { Name: "alerts-key" });
    assert.deepEqual(onlyOf(resources, "aws:sns/topic:Topic").inputs.tags, {
      Name: "alerts-topic",
    });
  });

  it("refuses an address that is not one", async () => {
    assert.deepEqual(resolveAlertTopicArgs({ email: "ops" }).errors, [
      'email must be an e-mail address (got "ops")',
    ]);
    await assert.rejects(
      record(() => new AlertTopic("alerts", { email: "" })),
      /AlertTopic alerts: email must be an e-mail address/,
    );
  });
});

describe("observability: RegionAlarms", () => {
  const args: RegionAlarmsArgs = {
    topicArn: TOPIC_ARN,
    alb: {
      albArnSuffix: "app/shop/abc",
      ordersTargetGroupArnSuffix: "targetgroup/orders/def",
      appTargetGroupArnSuffix: "targetgroup/app/123",
    },
    scaleOutPolicyArns: [
      "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:xyz:resource/ecs/service/shop:policyName/checkout-out",
    ],
    dbReplicaLag: true,
    dbClusterIdentifier: "orders-secondary",
    cache: true,
    cacheReplicationGroupId: "shop-cache",
  };

  it("alarms on checkout p99 (driving scale-out), 5xx, unhealthy hosts and replica lag, and forwards cache events", async () => {
    let alarms: RegionAlarms | undefined;
    const resources = await record(() => {
      alarms = new RegionAlarms("alarms", args);
    });
    assert.deepEqual(countByType(resources), {
      "securecart:observability:RegionAlarms": 1,
      [ALARM]: 6,
      "aws:cloudwatch/eventRule:EventRule": 1,
      "aws:cloudwatch/eventTarget:EventTarget": 1,
      "aws:cloudwatch/dashboard:Dashboard": 1,
    });
    const byName = (n: string) => resources.find((r) => r.name === n)!.inputs;

    const latency = byName("alarms-checkout-latency");
    assert.equal(latency.namespace, "AWS/ApplicationELB");
    assert.equal(latency.metricName, "TargetResponseTime");
    assert.equal(latency.extendedStatistic, "p99");
    assert.equal(latency.statistic, undefined);
    assert.deepEqual(latency.dimensions, {
      LoadBalancer: "app/shop/abc",
      TargetGroup: "targetgroup/orders/def",
    });
    assert.equal(latency.threshold, 0.5);
    assert.equal(latency.comparisonOperator, "GreaterThanThreshold");
    assert.deepEqual(latency.alarmActions, [TOPIC_ARN, args.scaleOutPolicyArns![0]]);

    assert.equal(byName("alarms-elb-5xx").metricName, "HTTPCode_ELB_5XX_Count");
    assert.equal(byName("alarms-target-5xx").metricName, "HTTPCode_Target_5XX_Count");
    assert.deepEqual(byName("alarms-target-5xx").alarmActions, [TOPIC_ARN]);
    assert.deepEqual(
      ["orders", "app"].map((k) => [
        byName(`alarms-unhealthy-${k}`).metricName,
        byName(`alarms-unhealthy-${k}`).dimensions.TargetGroup,
      ]),
      [
        ["UnHealthyHostCount", "targetgroup/orders/def"],
        ["UnHealthyHostCount", "targetgroup/app/123"],
      ],
    );
    const lag = byName("alarms-db-replica-lag");
    assert.equal(lag.namespace, "AWS/RDS");
    assert.equal(lag.metricName, "AuroraGlobalDBReplicationLag");
    assert.deepEqual(lag.dimensions, { DBClusterIdentifier: "orders-secondary" });
    for (const alarm of ofType(resources, ALARM))
      assert.deepEqual(alarm.inputs.okActions, [TOPIC_ARN], `${alarm.name} reports recovery`);

    const rule = onlyOf(resources, "aws:cloudwatch/eventRule:EventRule");
    assert.deepEqual(JSON.parse(rule.inputs.eventPattern), cacheEventPattern("shop-cache"));
    assert.deepEqual(JSON.parse(rule.inputs.eventPattern).source, ["aws.elasticache"]);
    const target = onlyOf(resources, "aws:cloudwatch/eventTarget:EventTarget");
    assert.equal(target.inputs.arn, TOPIC_ARN);
    assert.deepEqual(target.propertyDependencies.rule, [rule.urn]);

    const dashboard = onlyOf(resources, "aws:cloudwatch/dashboard:Dashboard").inputs;
    assert.equal(dashboard.dashboardName, "alarms");
    const body = JSON.parse(dashboard.dashboardBody);
    assert.deepEqual(
      body.widgets.map((w: any) => w.properties.title),
      [
        "Checkout latency p99 (s)",
        "5xx responses",
        "Healthy / unhealthy hosts",
        "Database replica lag (AuroraGlobalDBReplicationLag, ms)",
        "Cache: engine CPU and replication lag",
      ],
    );
    assert.deepEqual(body.widgets[0].properties.metrics[0].slice(4, 6), [
      "TargetGroup",
      "targetgroup/orders/def",
    ]);
    assert.equal(body.widgets[0].properties.region, "us-east-1");
    assert.match(body.widgets[4].properties.metrics[0][0].expression, /shop-cache/);

    assert.equal(await promiseOf(alarms!.dashboardName), "alarms");
    assert.match(await promiseOf(alarms!.checkoutLatencyAlarmArn), /alarms-checkout-latency$/);
  });

  it("leaves out the lag alarm, the cache rule and the app target group when not asked for", async () => {
    let alarms: RegionAlarms | undefined;
    const resources = await record(() => {
      alarms = new RegionAlarms("alarms", {
        topicArn: TOPIC_ARN,
        alb: { albArnSuffix: "app/shop/abc", ordersTargetGroupArnSuffix: "targetgroup/orders/def" },
      });
    });
    assert.deepEqual(
      ofType(resources, ALARM)
        .map((a) => a.name)
        .sort(),
      ["alarms-checkout-latency", "alarms-elb-5xx", "alarms-target-5xx", "alarms-unhealthy-orders"],
    );
    assert.equal(ofType(resources, "aws:cloudwatch/eventRule:EventRule").length, 0);
    assert.equal(alarms!.dbReplicaLagAlarmArn, undefined);
    assert.equal(alarms!.cacheEventRuleArn, undefined);
    assert.deepEqual(
      resources.find((r) => r.name === "alarms-checkout-latency")!.inputs.alarmActions,
      [TOPIC_ARN],
    );
    assert.equal(
      JSON.parse(onlyOf(resources, "aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody)
        .widgets.length,
      3,
    );
  });

  it("resolves its defaults once, naming the dashboard after the component", () => {
    const required = {
      topicArn: "t",
      alb: { albArnSuffix: "alb", ordersTargetGroupArnSuffix: "tg" },
    };
    assert.deepEqual(resolveRegionAlarmsArgs("alarms", required), {
      args: {
        ...required,
        scaleOutPolicyArns: [],
        latencyThresholdSeconds: 0.5,
        http5xxThreshold: 10,
        dbReplicaLag: false,
        dbReplicaLagMetric: "AuroraGlobalDBReplicationLag",
        dbReplicaLagThresholdMs: 10000,
        cache: false,
        dashboardName: "alarms",
      },
      errors: [],
    });
  });

  it("reports every bad arg at once, naming it", async () => {
    assert.deepEqual(
      resolveRegionAlarmsArgs("alarms", {
        ...args,
        dbClusterIdentifier: undefined,
        cacheReplicationGroupId: undefined,
        dbReplicaLag: true,
        cache: true,
        latencyThresholdSeconds: 0,
        dashboardName: "my dashboard",
      }).errors,
      [
        "latencyThresholdSeconds must be above 0 and at most 60 (got 0)",
        "dbClusterIdentifier is required when dbReplicaLag is true",
        "cacheReplicationGroupId is required when cache is true",
        'dashboardName must be 1 to 255 letters, digits, "-" or "_" (got "my dashboard")',
      ],
    );
    await assert.rejects(
      record(() => new RegionAlarms("alarms", { ...args, cacheReplicationGroupId: undefined })),
      /RegionAlarms alarms: cacheReplicationGroupId is required when cache is true/,
    );
  });
});

describe("observability: HealthCheckAlarm", () => {
  it("alarms on HealthCheckStatus < 1 in us-east-1 through the given provider from another region", async () => {
    const resources = await record(
      () => {
        const usEast1Provider = new aws.Provider("use1", { region: "us-east-1" });
        new HealthCheckAlarm("hc-alarm", {
          healthCheckId: "hc-123",
          topicArn: TOPIC_ARN,
          usEast1Provider,
          role: "recovery",
        });
      },
      { region: "eu-west-1" },
    );
    assert.deepEqual(countByType(resources), {
      "pulumi:providers:aws": 1,
      "securecart:observability:HealthCheckAlarm": 1,
      [ALARM]: 1,
    });
    const alarm = onlyOf(resources, ALARM);
    assert.equal(providerRegion(resources, alarm), "us-east-1");
    assert.equal(alarm.inputs.namespace, "AWS/Route53");
    assert.equal(alarm.inputs.metricName, "HealthCheckStatus");
    assert.deepEqual(alarm.inputs.dimensions, { HealthCheckId: "hc-123" });
    assert.equal(alarm.inputs.threshold, 1);
    assert.equal(alarm.inputs.comparisonOperator, "LessThanThreshold");
    assert.equal(alarm.inputs.statistic, "Minimum");
    assert.deepEqual(alarm.inputs.alarmActions, [TOPIC_ARN]);
  });

  it("needs no provider in us-east-1", async () => {
    const resources = await record(
      () => new HealthCheckAlarm("hc-alarm", { healthCheckId: "hc-123", topicArn: TOPIC_ARN }),
      { region: "us-east-1" },
    );
    assert.equal(providerRegion(resources, onlyOf(resources, ALARM)), undefined);
  });

  it("resolves its defaults once, and tags the alarm with nothing of its own", async () => {
    assert.deepEqual(
      resolveHealthCheckAlarmArgs({ healthCheckId: "hc", topicArn: TOPIC_ARN }, "us-east-1"),
      {
        args: { healthCheckId: "hc", topicArn: TOPIC_ARN, evaluationPeriods: 1, role: "primary" },
        errors: [],
      },
    );
    const resources = await record(
      () => new HealthCheckAlarm("hc-alarm", { healthCheckId: "hc-123", topicArn: TOPIC_ARN }),
      { region: "us-east-1" },
    );
    const alarm = onlyOf(resources, ALARM).inputs;
    assert.equal(alarm.tags, undefined);
    assert.equal(
      alarm.alarmDescription,
      "Route 53 deep health check of the primary region is failing",
    );
  });

  it("refuses to alarm outside us-east-1 or notify a topic elsewhere", async () => {
    assert.deepEqual(
      resolveHealthCheckAlarmArgs(
        {
          healthCheckId: "hc",
          topicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
          evaluationPeriods: 0,
        },
        "eu-west-1",
      ).errors,
      [
        "usEast1Provider is required in eu-west-1: Route 53 health check metrics exist only in us-east-1",
        'topicArn must be an SNS topic in us-east-1, where the alarm lives (got "arn:aws:sns:eu-west-1:123456789012:alerts")',
        "evaluationPeriods must be a whole number from 1 (got 0)",
      ],
    );
    await assert.rejects(
      record(() => new HealthCheckAlarm("hc-alarm", { healthCheckId: "hc", topicArn: TOPIC_ARN }), {
        region: "eu-west-1",
      }),
      /HealthCheckAlarm hc-alarm: usEast1Provider is required in eu-west-1/,
    );
  });
});

describe("observability: PatchManagement", () => {
  it("resolves its defaults once", () => {
    assert.deepEqual(resolvePatchManagementArgs({ patchGroup: "securecart-ecs" }), {
      args: {
        patchGroup: "securecart-ecs",
        operatingSystem: "AMAZON_LINUX_2023",
        approveAfterDays: 7,
        schedule: "cron(0 3 ? * SUN *)",
        scheduleTimezone: "UTC",
        durationHours: 3,
        cutoffHours: 1,
        maxConcurrency: "1",
        maxErrors: "0",
        role: "primary",
      },
      errors: [],
    });
  });

  it("leaves the baseline and window untagged: project and dr-role come from the providers", async () => {
    const resources = await record(
      () => new PatchManagement("patching", { patchGroup: "securecart-ecs" }),
    );
    assert.equal(onlyOf(resources, "aws:ssm/patchBaseline:PatchBaseline").inputs.tags, undefined);
    assert.equal(
      onlyOf(resources, "aws:ssm/maintenanceWindow:MaintenanceWindow").inputs.tags,
      undefined,
    );
  });

  it("patches the tagged hosts weekly, one at a time, stopping at the first error", async () => {
    let patching: PatchManagement | undefined;
    const resources = await record(() => {
      patching = new PatchManagement("patching", { patchGroup: "securecart-ecs" });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:observability:PatchManagement": 1,
      "aws:ssm/patchBaseline:PatchBaseline": 1,
      "aws:ssm/patchGroup:PatchGroup": 1,
      "aws:ssm/maintenanceWindow:MaintenanceWindow": 1,
      "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget": 1,
      "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask": 1,
    });
    const baseline = onlyOf(resources, "aws:ssm/patchBaseline:PatchBaseline");
    assert.equal(baseline.inputs.operatingSystem, "AMAZON_LINUX_2023");
    assert.deepEqual(
      baseline.inputs.approvalRules.map((r: any) => [
        r.patchFilters[0].values[0],
        r.approveAfterDays,
      ]),
      [
        ["Security", 7],
        ["Bugfix", 7],
      ],
    );
    const group = onlyOf(resources, "aws:ssm/patchGroup:PatchGroup");
    assert.equal(group.inputs.patchGroup, "securecart-ecs");
    assert.deepEqual(group.propertyDependencies.baselineId, [baseline.urn]);

    const window = onlyOf(resources, "aws:ssm/maintenanceWindow:MaintenanceWindow").inputs;
    assert.equal(window.cutoff, 1);
    assert.match(window.schedule, /^cron\(.* SUN \*\)$/);
    const target = onlyOf(resources, "aws:ssm/maintenanceWindowTarget:MaintenanceWindowTarget");
    assert.deepEqual(target.inputs.targets, [
      { key: "tag:PatchGroup", values: ["securecart-ecs"] },
    ]);

    const task = onlyOf(resources, "aws:ssm/maintenanceWindowTask:MaintenanceWindowTask");
    assert.equal(task.inputs.taskArn, "AWS-RunPatchBaseline");
    assert.equal(task.inputs.taskType, "RUN_COMMAND");
    assert.equal(task.inputs.maxConcurrency, "1");
    assert.equal(task.inputs.maxErrors, "0");
    assert.deepEqual(task.propertyDependencies.targets, [target.urn]);
    assert.deepEqual(task.inputs.taskInvocationParameters.runCommandParameters.parameters, [
      { name: "Operation", values: ["Install"] },
      { name: "RebootOption", values: ["RebootIfNeeded"] },
    ]);
    assert.match(await promiseOf(patching!.baselineId), /^patching-baseline-/);
  });

  it("reports every bad arg at once, naming it", async () => {
    assert.deepEqual(
      resolvePatchManagementArgs({
        patchGroup: "",
        schedule: "weekly",
        durationHours: 2,
        cutoffHours: 2,
        maxConcurrency: "0",
        maxErrors: "some",
      }).errors,
      [
        'patchGroup must be 1 to 128 characters a tag value allows (got "")',
        'schedule must be a cron(...) or rate(...) expression (got "weekly")',
        "cutoffHours must be an integer from 0 to below durationHours (2) (got 2)",
        'maxConcurrency must be a count such as "1" or a percentage such as "10%" (got "0")',
        'maxErrors must be a count such as "0" or a percentage such as "10%" (got "some")',
      ],
    );
    await assert.rejects(
      record(() => new PatchManagement("patching", { patchGroup: "g", approveAfterDays: 400 })),
      /PatchManagement patching: approveAfterDays must be/,
    );
  });
});

describe("observability: PrimaryProbe", () => {
  it("probes the primary from this region every minute and alarms here, failing closed when the probe stops", async () => {
    const resources = await record(
      () =>
        new PrimaryProbe("probe", {
          albDnsName: "shop-1.us-east-1.elb.amazonaws.com",
          domainName: "shop.example.com",
          primaryRegion: "us-east-1",
          alertTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
        }),
      { region: "eu-west-1" },
    );
    assert.deepEqual(countByType(resources), {
      "securecart:observability:PrimaryProbe": 1,
      "aws:sqs/queue:Queue": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
      "aws:iam/rolePolicy:RolePolicy": 1,
      "aws:cloudwatch/logGroup:LogGroup": 1,
      "aws:lambda/function:Function": 1,
      "aws:cloudwatch/eventRule:EventRule": 1,
      "aws:lambda/permission:Permission": 1,
      "aws:cloudwatch/eventTarget:EventTarget": 1,
      "aws:cloudwatch/metricAlarm:MetricAlarm": 1,
    });
    // project and dr-role come from the providers' defaultTags: the probe adds no tags of its own.
    assert.deepEqual(
      resources.filter((r) => r.inputs.tags !== undefined).map((r) => r.type),
      [],
    );
    const fn = onlyOf(resources, "aws:lambda/function:Function");
    assert.equal(fn.inputs.runtime, "nodejs22.x");
    assert.deepEqual(fn.inputs.environment.variables, {
      PRIMARY_ALB: "shop-1.us-east-1.elb.amazonaws.com",
      DOMAIN_NAME: "shop.example.com",
      PRIMARY_REGION: "us-east-1",
      METRIC_NAMESPACE: "SecureCart/Probes",
      METRIC_NAME: "PrimaryDeepHealth",
    });
    assert.ok(fn.inputs.deadLetterConfig.targetArn);
    assert.equal(
      onlyOf(resources, "aws:cloudwatch/eventRule:EventRule").inputs.scheduleExpression,
      "rate(1 minute)",
    );
    const alarm = onlyOf(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.deepEqual(
      [
        alarm.inputs.namespace,
        alarm.inputs.metricName,
        alarm.inputs.dimensions,
        alarm.inputs.comparisonOperator,
        alarm.inputs.threshold,
        alarm.inputs.treatMissingData,
        alarm.inputs.alarmActions,
      ],
      [
        "SecureCart/Probes",
        "PrimaryDeepHealth",
        { Region: "us-east-1" },
        "LessThanThreshold",
        1,
        "breaching",
        ["arn:aws:sns:eu-west-1:123456789012:alerts"],
      ],
    );
    const policy = JSON.parse(onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy);
    assert.deepEqual(policy.Statement[0].Condition, {
      StringEquals: { "cloudwatch:namespace": "SecureCart/Probes" },
    });
  });

  it("resolves its defaults once", () => {
    const required = {
      albDnsName: "a",
      domainName: "d",
      primaryRegion: "us-east-1",
      alertTopicArn: "t",
    };
    assert.deepEqual(resolvePrimaryProbeArgs(required), {
      args: { ...required, evaluationMinutes: 2 },
      errors: [],
    });
  });

  it("rejects an evaluation window outside 1-10 minutes, naming the property", async () => {
    await assert.rejects(
      record(
        () =>
          new PrimaryProbe("probe", {
            albDnsName: "a",
            domainName: "d",
            primaryRegion: "us-east-1",
            alertTopicArn: "t",
            evaluationMinutes: 0,
          }),
      ),
      /evaluationMinutes must be an integer from 1 to 10 \(got 0\)/,
    );
  });

  it("the handler publishes 1 only when the primary's deep check finds the orders database, else 0", async () => {
    // A real ESM import (ts-node would turn import() into require, which cannot load an .mjs file).
    const esm = new Function("p", "return import(p)") as (p: string) => Promise<any>;
    const mod = await esm(
      require.resolve("../../components/observability/probes/primaryProbe.mjs"),
    );
    const env = {
      PRIMARY_ALB: "alb",
      DOMAIN_NAME: "shop",
      PRIMARY_REGION: "us-east-1",
      METRIC_NAMESPACE: "SecureCart/Probes",
      METRIC_NAME: "PrimaryDeepHealth",
    };
    const sent: any[] = [];
    const cloudWatch = { send: async (c: any) => sent.push(c.input) };
    const answering = (status: number, body: string) => (opts: any, cb: (res: any) => void) => {
      const { EventEmitter } = events;
      const req: any = new EventEmitter();
      req.destroy = (e: Error) => req.emit("error", e);
      setImmediate(() => {
        assert.deepEqual(
          [opts.host, opts.servername, opts.headers.host, opts.path],
          ["alb", "shop", "shop", "/health/deep"],
        );
        const res: any = new EventEmitter();
        res.statusCode = status;
        res.setEncoding = () => undefined;
        cb(res);
        res.emit("data", body);
        res.emit("end");
      });
      return req;
    };
    const run = (request: any) =>
      mod.makeHandler({ env, cloudWatch, check: (o: any) => mod.probe({ ...o, request }) })();
    assert.deepEqual(await run(answering(200, '{"status":"ok","checks":{"orders":{"ok":true}}}')), {
      healthy: true,
    });
    assert.deepEqual(
      await run(answering(200, '{"status":"degraded","checks":{"orders":{"ok":false}}}')),
      { healthy: false },
    );
    assert.deepEqual(await run(answering(503, "nope")), { healthy: false });
    const failing = () => {
      const { EventEmitter } = events;
      const req: any = new EventEmitter();
      setImmediate(() => req.emit("error", new Error("connect ETIMEDOUT")));
      return req;
    };
    assert.deepEqual(await run(failing), { healthy: false });
    assert.deepEqual(
      sent.map((i) => i.MetricData[0].Value),
      [1, 0, 0, 0],
    );
    assert.deepEqual(sent[0], {
      Namespace: "SecureCart/Probes",
      MetricData: [
        {
          MetricName: "PrimaryDeepHealth",
          Dimensions: [{ Name: "Region", Value: "us-east-1" }],
          Value: 1,
          Unit: "Count",
        },
      ],
    });
  });
});
