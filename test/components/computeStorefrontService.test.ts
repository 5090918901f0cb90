import { strict as assert } from "assert";
import {
  CATALOG_ACTIONS,
  StorefrontService,
  StorefrontServiceArgs,
  resolveStorefrontServiceArgs,
} from "../../components/compute/storefrontService";
import { countByType, onlyOf, promiseOf, record } from "../support/harness";

const TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/securecart-catalog";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:securecart-db-AbCdEf";
const FN = "arn:aws:lambda:eu-west-1:123456789012:function:order-validation";
const base: StorefrontServiceArgs = {
  clusterArn: "arn:aws:ecs:eu-west-1:123456789012:cluster/shop-ecs",
  capacityProviderName: "shop-ecs-cp",
  vpcId: "vpc-1",
  vpcCidr: "10.1.0.0/16",
  subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
  albSecurityGroupId: "sg-alb",
  appTargetGroupArn: "arn:tg/app",
  ordersTargetGroupArn: "arn:tg/orders",
  nlbTargetGroupArn: "arn:tg/nlb",
  image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefront@sha256:${"0".repeat(64)}`,
  database: {
    host: "db.cluster-x.eu-west-1.rds.amazonaws.com",
    readerHost: "db.cluster-ro-x.eu-west-1.rds.amazonaws.com",
    secretArn: SECRET,
  },
  catalog: { tableName: "securecart-catalog", tableArn: TABLE },
  redisHost: "master.cache.euw1.cache.amazonaws.com",
  orderValidationFunctionArn: FN,
};

describe("compute: StorefrontService", () => {
  it("lets the tasks reach AWS APIs, this VPC's database and cache, and a peer region's writer only when given", async () => {
    const egressOf = async (args: StorefrontServiceArgs) => {
      const resources = await record(() => void new StorefrontService("web", args), {
        region: "eu-west-1",
      });
      const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
      assert.equal(
        sg.inputs.egress,
        undefined,
        "no inline egress: a peer stack may add its own rule",
      );
      return resources
        .filter((r) => r.type === "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
        .map((r) => [r.name, r.inputs.fromPort, r.inputs.cidrIpv4]);
    };
    assert.deepEqual(await egressOf(base), [
      ["web-tasks-to-https", 443, "0.0.0.0/0"],
      ["web-tasks-to-aurora", 5432, "10.1.0.0/16"],
      ["web-tasks-to-cache", 6379, "10.1.0.0/16"],
    ]);
    const peered = { ...base, database: { ...base.database, peerCidrBlocks: ["10.0.0.0/16"] } };
    assert.deepEqual((await egressOf(peered))[2], [
      "web-tasks-to-peer-aurora-0",
      5432,
      "10.0.0.0/16",
    ]);
  });

  it("runs the storefront on the capacity provider behind the ALB and NLB target groups, with exactly these children", async () => {
    let policyArn: string | undefined;
    const resources = await record(
      async () => {
        const svc = new StorefrontService("web", {
          ...base,
          desiredCount: 0,
          minCount: 0,
          maxCount: 8,
        });
        policyArn = await promiseOf(svc.checkoutScaleOutPolicyArn);
      },
      { region: "eu-west-1" },
    );
    const component = onlyOf(resources, "securecart:compute:StorefrontService");
    assert.ok(resources.filter((r) => r !== component).every((r) => r.parent === component.urn));
    assert.deepEqual(countByType(resources), {
      "securecart:compute:StorefrontService": 1,
      "aws:cloudwatch/logGroup:LogGroup": 1,
      "aws:iam/role:Role": 2,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
      "aws:iam/rolePolicy:RolePolicy": 1,
      "aws:ecs/taskDefinition:TaskDefinition": 1,
      "aws:ec2/securityGroup:SecurityGroup": 1,
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 3,
      "aws:ecs/service:Service": 1,
      "aws:appautoscaling/target:Target": 1,
      "aws:appautoscaling/policy:Policy": 2,
    });
    // The stack's tags come from the provider's defaultTags: no child carries tags of its own.
    for (const r of resources.filter((r) => r !== component))
      assert.equal(r.inputs.tags, undefined, `${r.type} ${r.name}`);

    const td = onlyOf(resources, "aws:ecs/taskDefinition:TaskDefinition");
    assert.deepEqual(
      [td.inputs.networkMode, td.inputs.requiresCompatibilities, td.inputs.cpu, td.inputs.memory],
      ["awsvpc", ["EC2"], "512", "1024"],
    );
    const containers = JSON.parse(td.inputs.containerDefinitions);
    assert.equal(containers.length, 1);
    const [c] = containers;
    assert.equal(c.name, "storefront");
    assert.equal(c.image, base.image);
    assert.deepEqual(
      c.portMappings.map((p: any) => p.containerPort),
      [8080],
    );
    assert.deepEqual(Object.fromEntries(c.environment.map((e: any) => [e.name, e.value])), {
      PORT: "8080",
      REGION: "eu-west-1",
      REGION_ROLE: "auto",
      DB_HOST: base.database.host,
      DB_READER_HOST: base.database.readerHost,
      DB_NAME: "securecart",
      DB_SECRET_ARN: SECRET,
      CATALOG_TABLE: "securecart-catalog",
      CATALOG_REGION: "eu-west-1",
      REDIS_URL: "rediss://master.cache.euw1.cache.amazonaws.com:6379",
      ORDER_VALIDATION_FUNCTION_ARN: FN,
    });
    assert.equal(c.secrets, undefined, "the password is read through the SDK, never injected");
    assert.doesNotMatch(td.inputs.containerDefinitions, /PASSWORD/i);
    assert.match(c.healthCheck.command.join(" "), /\/healthz/);
    assert.deepEqual(c.logConfiguration.options["awslogs-group"], "/securecart/ecs/web");
    assert.equal(c.logConfiguration.logDriver, "awslogs");
    assert.equal(c.readonlyRootFilesystem, true);
    assert.deepEqual(c.linuxParameters.tmpfs, [
      { containerPath: "/tmp", size: 64, mountOptions: ["mode=1777"] },
    ]);
    assert.equal(onlyOf(resources, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 30);

    const [execRole, taskRole] = ["web-execution", "web-task"].map((n) =>
      resources.find((r) => r.type === "aws:iam/role:Role" && r.name === n)!,
    );
    assert.equal(td.inputs.executionRoleArn, "arn:aws:iam::123456789012:role/web-execution");
    assert.equal(td.inputs.taskRoleArn, "arn:aws:iam::123456789012:role/web-task");
    assert.match(execRole.inputs.assumeRolePolicy, /ecs-tasks\.amazonaws\.com/);
    assert.equal(
      onlyOf(resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn,
      "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    );
    const taskPolicy = onlyOf(resources, "aws:iam/rolePolicy:RolePolicy");
    assert.deepEqual(taskPolicy.propertyDependencies.role, [taskRole.urn]);
    const statements = JSON.parse(taskPolicy.inputs.policy).Statement;
    assert.deepEqual(
      statements.map((s: any) => [s.Effect, s.Action, s.Resource]),
      [
        ["Allow", CATALOG_ACTIONS, [TABLE, `${TABLE}/index/*`]],
        ["Allow", ["secretsmanager:GetSecretValue"], [SECRET]],
        ["Allow", ["lambda:InvokeFunction"], [FN]],
      ],
    );
    assert.deepEqual(CATALOG_ACTIONS, [
      "dynamodb:GetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:BatchGetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
    for (const s of statements)
      for (const v of [...s.Action, ...s.Resource])
        assert.ok(!/^\*$|:\*$/.test(v), `no wildcard: ${v}`);

    const sg = onlyOf(resources, "aws:ec2/securityGroup:SecurityGroup");
    assert.deepEqual(
      sg.inputs.ingress.map((r: any) => [r.fromPort, r.toPort, r.securityGroups ?? r.cidrBlocks]),
      [
        [8080, 8080, ["sg-alb"]],
        [8080, 8080, ["10.1.0.0/16"]],
      ],
    );

    const svc = onlyOf(resources, "aws:ecs/service:Service");
    assert.equal(svc.inputs.desiredCount, 0);
    assert.equal(svc.inputs.cluster, base.clusterArn);
    assert.equal(svc.inputs.launchType, undefined);
    assert.deepEqual(svc.inputs.capacityProviderStrategies, [
      { capacityProvider: "shop-ecs-cp", weight: 1, base: 0 },
    ]);
    assert.deepEqual(svc.inputs.orderedPlacementStrategies, [
      { type: "spread", field: "attribute:ecs.availability-zone" },
      { type: "binpack", field: "memory" },
    ]);
    assert.deepEqual(svc.inputs.networkConfiguration.subnets, base.subnetIds);
    assert.equal(svc.inputs.networkConfiguration.assignPublicIp, false);
    assert.equal(svc.inputs.networkConfiguration.securityGroups.length, 1);
    assert.deepEqual(svc.propertyDependencies.networkConfiguration, [sg.urn]);
    assert.deepEqual(
      svc.inputs.loadBalancers,
      ["arn:tg/app", "arn:tg/orders", "arn:tg/nlb"].map((targetGroupArn) => ({
        targetGroupArn,
        containerName: "storefront",
        containerPort: 8080,
      })),
    );
    assert.deepEqual(svc.inputs.deploymentCircuitBreaker, { enable: true, rollback: true });
    assert.equal(svc.inputs.healthCheckGracePeriodSeconds, 60);

    const target = onlyOf(resources, "aws:appautoscaling/target:Target");
    assert.deepEqual(
      [target.inputs.resourceId, target.inputs.minCapacity, target.inputs.maxCapacity],
      ["service/shop-ecs/web-svc", 0, 8],
    );
    const policies = ["web-cpu", "web-checkout-scale-out"].map((n) =>
      resources.find((r) => r.type === "aws:appautoscaling/policy:Policy" && r.name === n)!,
    );
    assert.deepEqual(
      policies.map((p) => [p.name, p.inputs.policyType]),
      [
        ["web-cpu", "TargetTrackingScaling"],
        ["web-checkout-scale-out", "StepScaling"],
      ],
    );
    assert.equal(policies[0].inputs.targetTrackingScalingPolicyConfiguration.targetValue, 60);
    assert.equal(
      policies[0].inputs.targetTrackingScalingPolicyConfiguration.predefinedMetricSpecification
        .predefinedMetricType,
      "ECSServiceAverageCPUUtilization",
    );
    assert.deepEqual(policies[1].inputs.stepScalingPolicyConfiguration.stepAdjustments, [
      { metricIntervalLowerBound: "0", scalingAdjustment: 2 },
    ]);
    assert.ok(policies.every((p) => p.propertyDependencies.resourceId.includes(target.urn)));
    assert.equal(
      policyArn,
      "arn:aws:appautoscaling:eu-west-1:123456789012:policy/web-checkout-scale-out",
    );
  });

  it("serves writes in both regions when told (active-active) and may decrypt a CMK-encrypted secret via Secrets Manager only", async () => {
    const KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111";
    const resources = await record(() => {
      new StorefrontService("web", {
        ...base,
        regionRole: "primary",
        region: "eu-west-1",
        catalog: { ...base.catalog, region: "us-east-1" },
        database: { ...base.database, secretKmsKeyArns: [KEY] },
        cpu: 1024,
        memory: 2048,
        logRetentionDays: 90,
      });
    });
    const env = Object.fromEntries(
      JSON.parse(
        onlyOf(resources, "aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions,
      )[0].environment.map((e: any) => [e.name, e.value]),
    );
    assert.deepEqual(
      [env.REGION_ROLE, env.REGION, env.CATALOG_REGION],
      ["primary", "eu-west-1", "us-east-1"],
    );
    const statements = JSON.parse(
      onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy,
    ).Statement;
    assert.deepEqual(statements[3], {
      Sid: "DbSecretKey",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: [KEY],
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
    const td = onlyOf(resources, "aws:ecs/taskDefinition:TaskDefinition");
    assert.deepEqual([td.inputs.cpu, td.inputs.memory], ["1024", "2048"]);
    assert.equal(onlyOf(resources, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, 90);
  });

  it("resolves every default once", () => {
    assert.deepEqual(resolveStorefrontServiceArgs(base), {
      args: {
        ...base,
        targetGroupAttachments: [],
        cpu: 512,
        memory: 1024,
        desiredCount: 2,
        minCount: 2,
        maxCount: 10,
        regionRole: "auto",
        database: {
          ...base.database,
          name: "securecart",
          port: 5432,
          secretKmsKeyArns: [],
          peerCidrBlocks: [],
        },
        catalog: { ...base.catalog, region: undefined },
        containerPort: 8080,
        logRetentionDays: 30,
        healthCheckGracePeriodSeconds: 60,
        cpuTargetPercent: 60,
        checkoutScaleOutStep: 2,
      },
      errors: [],
    });
    const inRegion = resolveStorefrontServiceArgs({
      ...base,
      region: "eu-west-1",
      desiredCount: 0,
    });
    assert.deepEqual(
      [inRegion.args.catalog.region, inRegion.args.minCount],
      ["eu-west-1", 0],
      "the catalog's region defaults to the service's, the floor to the desired count",
    );
  });

  it("validates every arg at once, naming each", () => {
    const validateStorefrontServiceArgs = (args: StorefrontServiceArgs) =>
      resolveStorefrontServiceArgs(args).errors;
    assert.deepEqual(
      validateStorefrontServiceArgs({
        ...base,
        subnetIds: ["subnet-a"],
        desiredCount: 4,
        minCount: 5,
        maxCount: 3,
        cpu: 64,
        logRetentionDays: 10,
        regionRole: "recovery" as any,
        database: { ...base.database, name: "Shop", port: 0 },
      }),
      [
        "subnetIds must hold at least 2 subnets in different AZs (got 1)",
        "desiredCount (4) must not exceed maxCount (3)",
        "minCount (5) must not exceed desiredCount (4)",
        "cpu must be an integer of at least 128 (got 64)",
        "database.port must be a port from 1 to 65535 (got 0)",
        "logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (got 10)",
        'regionRole must be "auto" or "primary" (got "recovery")',
        'database.name must be a lower-case SQL identifier (got "Shop")',
      ],
    );
    assert.deepEqual(validateStorefrontServiceArgs({ ...base, desiredCount: -2 }), [
      "minCount must be a non-negative integer (got -2)",
      "desiredCount must be a non-negative integer (got -2)",
    ]);
  });

  it("refuses bad args before creating anything", async () => {
    let error: unknown;
    const resources = await record(() => {
      try {
        new StorefrontService("web", { ...base, desiredCount: 11 });
      } catch (e) {
        error = e;
      }
    });
    assert.match(
      String(error),
      /StorefrontService web: desiredCount \(11\) must not exceed maxCount \(10\)/,
    );
    assert.deepEqual(
      resources.map((r) => r.type),
      ["securecart:compute:StorefrontService"],
    );
  });
});
