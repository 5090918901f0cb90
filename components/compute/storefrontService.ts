import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import {
  countProblems,
  logRetentionProblems,
  portProblems,
  positiveIntegerProblems,
  subnetProblems,
} from "./validate";
import { serviceTrustPolicy } from "../iam";

export interface StorefrontServiceArgs {
  /** ECS cluster ARN (EcsCapacity.clusterArn). Required. */
  readonly clusterArn: pulumi.Input<string>;
  /** Capacity provider the tasks run on (EcsCapacity.capacityProviderName, which waits for its attachment). Required. */
  readonly capacityProviderName: pulumi.Input<string>;
  /** VPC of the tasks. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** The VPC's IPv4 range: the internal NLB reaches tasks from it, and the database and cache live in it. Required. */
  readonly vpcCidr: string;
  /** Private app subnets of the tasks, at least 2 (one per AZ). Required. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security group of the public ALB. Required. */
  readonly albSecurityGroupId: pulumi.Input<string>;
  /** ALB target group for the storefront (PublicLoadBalancer.appTargetGroupArn). Required. */
  readonly appTargetGroupArn: pulumi.Input<string>;
  /** ALB target group for `/api/orders*` (PublicLoadBalancer.ordersTargetGroupArn). Required. */
  readonly ordersTargetGroupArn: pulumi.Input<string>;
  /** Internal NLB target group of the order API (OrderApiNlb.targetGroupArn). Required. */
  readonly nlbTargetGroupArn: pulumi.Input<string>;
  /**
   * The listeners and rules that attach those target groups to their load balancers (the load balancers'
   * `targetGroupAttachments`): CreateService rejects a target group no load balancer uses, so the service waits for
   * them. Defaults to `[]`.
   */
  readonly targetGroupAttachments?: pulumi.Resource[];
  /** Container image, by digest (ImageRepository.imageRef). Required. */
  readonly image: pulumi.Input<string>;
  /** Task CPU units. Defaults to `512`. */
  readonly cpu?: number;
  /** Task memory, MiB. Defaults to `1024`. */
  readonly memory?: number;
  /** Tasks at creation; `0` keeps the service defined but idle. The runbook owns it afterwards. Defaults to `2`. */
  readonly desiredCount?: number;
  /** Autoscaling floor. Defaults to `desiredCount`. */
  readonly minCount?: number;
  /** Autoscaling ceiling; keep it at full size so a failover only raises the desired count. Defaults to `10`. */
  readonly maxCount?: number;
  /** REGION_ROLE of the tasks: `auto` follows the database, `primary` serves writes (active-active). Defaults to `auto`. */
  readonly regionRole?: "auto" | "primary";
  /** REGION of the tasks. Defaults to the region of this component's provider. */
  readonly region?: pulumi.Input<string>;
  /** The orders database (Aurora) the tasks use. Required. */
  readonly database: StorefrontDatabase;
  /** The catalog (DynamoDB) table the tasks read and update. Required. */
  readonly catalog: StorefrontCatalog;
  /** ElastiCache primary endpoint address (host only); REDIS_URL is `rediss://<it>:6379` (in-transit TLS). Required. */
  readonly redisHost: pulumi.Input<string>;
  /** Order-validation Lambda ARN. Required. */
  readonly orderValidationFunctionArn: pulumi.Input<string>;
  /**
   * The routing switch the tasks poll as their write fence (S3 object; `allows` is the body under which this
   * region may write). Defaults to none: the database role alone gates writes.
   */
  readonly writeFence?: {
    readonly bucket: pulumi.Input<string>;
    readonly key: pulumi.Input<string>;
    readonly region: string;
    readonly allows: string;
  };
  /** Port the container listens on. Defaults to `8080`. */
  readonly containerPort?: number;
  /** Log retention, days. Defaults to `30`. */
  readonly logRetentionDays?: number;
  /** KMS key for the log group. Defaults to CloudWatch Logs' own encryption. */
  readonly logKmsKeyArn?: pulumi.Input<string>;
  /** Seconds the load balancers' health checks are ignored after a task starts. Defaults to `60`. */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Average CPU the target-tracking policy holds. Defaults to `60`. */
  readonly cpuTargetPercent?: number;
  /** Tasks the checkout-latency step policy adds per alarm. Defaults to `2`. */
  readonly checkoutScaleOutStep?: number;
  /**
   * Roles made ahead of time (a backup-restore rebuild, when IAM's control plane in us-east-1 may be down): the
   * service then creates no IAM resource. Their policies must grant what storefrontTaskStatements lists.
   * Defaults to `undefined` (the service makes its own roles).
   */
  readonly roles?: StorefrontRoles;
}

/** The orders database, as the tasks reach it. */
export interface StorefrontDatabase {
  /** Aurora cluster (writer) endpoint. Required. */
  readonly host: pulumi.Input<string>;
  /** Aurora reader endpoint. Required. */
  readonly readerHost: pulumi.Input<string>;
  /** Database name. Defaults to `securecart`. */
  readonly name?: string;
  /** Database port, for the tasks' egress rule. Defaults to `5432`. */
  readonly port?: number;
  /** Secrets Manager secret with the DB credentials; the app reads it through the SDK. Required. */
  readonly secretArn: pulumi.Input<string>;
  /** Customer managed KMS keys that encrypt the secret; the task role may decrypt through Secrets Manager only. Defaults to `[]`. */
  readonly secretKmsKeyArns?: pulumi.Input<string>[];
  /**
   * Other regions' VPC ranges whose Aurora writer the tasks reach through the global writer endpoint, where both
   * regions take writes (active-active). Defaults to `[]`: the database is in this VPC only.
   */
  readonly peerCidrBlocks?: string[];
}

/** The catalog table, as the tasks reach it. */
export interface StorefrontCatalog {
  /** DynamoDB table name. Required. */
  readonly tableName: pulumi.Input<string>;
  /** Table ARN in this region (the replica's ARN in the recovery region). Required. */
  readonly tableArn: pulumi.Input<string>;
  /** Region of the table. Defaults to the service's `region`. */
  readonly region?: pulumi.Input<string>;
}

export interface StorefrontRoles {
  readonly executionRoleArn: pulumi.Input<string>;
  readonly taskRoleArn: pulumi.Input<string>;
}

const CONTAINER_NAME = "storefront";

/** ECS pulls the image and writes the logs with the execution role. */
export const TASK_EXECUTION_POLICY =
  "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

/** What the task role's policy covers: the resources the app calls. ARNs may be patterns made ahead of time. */
export interface StorefrontGrants {
  readonly catalogTableArn: pulumi.Input<string>;
  readonly dbSecretArn: pulumi.Input<string>;
  readonly orderValidationFunctionArn: pulumi.Input<string>;
  readonly writeFence?: {
    readonly bucket: pulumi.Input<string>;
    readonly key: pulumi.Input<string>;
  };
  readonly secretKmsKeyArns?: pulumi.Input<string>[];
  readonly region: pulumi.Input<string>;
}

/** The task role's statements: exactly what the app calls (catalog, DB secret, order validation, the fence). */
export function storefrontTaskStatements(
  g: StorefrontGrants,
): pulumi.Input<Record<string, unknown>>[] {
  const statements: pulumi.Input<Record<string, unknown>>[] = [
    {
      Sid: "Catalog",
      Effect: "Allow",
      Action: CATALOG_ACTIONS,
      Resource: [g.catalogTableArn, pulumi.interpolate`${g.catalogTableArn}/index/*`],
    },
    {
      Sid: "DbSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: [g.dbSecretArn],
    },
    {
      Sid: "OrderValidation",
      Effect: "Allow",
      Action: ["lambda:InvokeFunction"],
      Resource: [g.orderValidationFunctionArn],
    },
  ];
  if (g.writeFence) {
    // Same account: the identity policy alone grants the read (the bucket policy only adds Route 53's checkers).
    statements.push({
      Sid: "WriteFence",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: [pulumi.interpolate`arn:aws:s3:::${g.writeFence.bucket}/${g.writeFence.key}`],
    });
  }
  if ((g.secretKmsKeyArns ?? []).length > 0) {
    statements.push({
      Sid: "DbSecretKey",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: g.secretKmsKeyArns!,
      Condition: {
        StringEquals: {
          "kms:ViaService": pulumi.interpolate`secretsmanager.${g.region}.amazonaws.com`,
        },
      },
    });
  }
  return statements;
}

/** What the storefront calls on the catalog: reads, plus the writes of stock changes. */
export const CATALOG_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:BatchGetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
];

/** The execution and task roles, with their policies: for a service that makes its own. */
function createStorefrontRoles(
  name: string,
  args: StorefrontGrants,
  opt: pulumi.CustomResourceOptions,
): StorefrontRoles {
  const assumeByTasks = serviceTrustPolicy("ecs-tasks.amazonaws.com");
  const executionRole = new aws.iam.Role(
    `${name}-execution`,
    { assumeRolePolicy: assumeByTasks },
    opt,
  );
  new aws.iam.RolePolicyAttachment(
    `${name}-execution`,
    { role: executionRole.name, policyArn: TASK_EXECUTION_POLICY },
    opt,
  );
  const taskRole = new aws.iam.Role(`${name}-task`, { assumeRolePolicy: assumeByTasks }, opt);
  new aws.iam.RolePolicy(
    `${name}-task`,
    {
      role: taskRole.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: storefrontTaskStatements(args),
      }),
    },
    opt,
  );
  return { executionRoleArn: executionRole.arn, taskRoleArn: taskRole.arn };
}

type UndefaultedKeys = "region" | "writeFence" | "logKmsKeyArn" | "roles";

/**
 * The args with every default applied. `region` and `catalog.region` stay unset for the region of the component's
 * provider, which only the constructor can read; `writeFence`, `logKmsKeyArn` and `roles` have no default.
 */
export type ResolvedStorefrontServiceArgs = Required<
  Omit<StorefrontServiceArgs, UndefaultedKeys | "database">
> &
  Pick<StorefrontServiceArgs, UndefaultedKeys> & {
    readonly database: Required<StorefrontDatabase>;
  };

/** The defaulted args and every problem with them at once, each naming its property. */
export function resolveStorefrontServiceArgs(
  args: StorefrontServiceArgs,
): Resolved<ResolvedStorefrontServiceArgs> {
  const desiredCount = args.desiredCount ?? 2;
  const a: ResolvedStorefrontServiceArgs = {
    ...args,
    targetGroupAttachments: args.targetGroupAttachments ?? [],
    cpu: args.cpu ?? 512,
    memory: args.memory ?? 1024,
    desiredCount,
    minCount: args.minCount ?? desiredCount,
    maxCount: args.maxCount ?? 10,
    regionRole: args.regionRole ?? "auto",
    database: {
      ...args.database,
      name: args.database.name ?? "securecart",
      port: args.database.port ?? 5432,
      secretKmsKeyArns: args.database.secretKmsKeyArns ?? [],
      peerCidrBlocks: args.database.peerCidrBlocks ?? [],
    },
    catalog: { ...args.catalog, region: args.catalog.region ?? args.region },
    containerPort: args.containerPort ?? 8080,
    logRetentionDays: args.logRetentionDays ?? 30,
    healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds ?? 60,
    cpuTargetPercent: args.cpuTargetPercent ?? 60,
    checkoutScaleOutStep: args.checkoutScaleOutStep ?? 2,
  };
  const problems = [
    ...subnetProblems(args.subnetIds, "subnetIds"),
    ...countProblems(
      { min: a.minCount, desired: a.desiredCount, max: a.maxCount },
      { min: "minCount", desired: "desiredCount", max: "maxCount" },
    ),
    ...positiveIntegerProblems(a.cpu, "cpu", 128),
    ...positiveIntegerProblems(a.memory, "memory", 128),
    ...portProblems(a.containerPort, "containerPort"),
    ...portProblems(a.database.port, "database.port"),
    ...logRetentionProblems(a.logRetentionDays, "logRetentionDays"),
    ...positiveIntegerProblems(a.healthCheckGracePeriodSeconds, "healthCheckGracePeriodSeconds", 0),
    ...positiveIntegerProblems(a.checkoutScaleOutStep, "checkoutScaleOutStep"),
  ];
  if (!(a.cpuTargetPercent > 0 && a.cpuTargetPercent <= 100))
    problems.push(`cpuTargetPercent must be above 0 and at most 100 (got ${a.cpuTargetPercent})`);
  if (a.regionRole !== "auto" && a.regionRole !== "primary")
    problems.push(`regionRole must be "auto" or "primary" (got "${a.regionRole}")`);
  const dbName = args.database.name;
  if (dbName !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(dbName))
    problems.push(`database.name must be a lower-case SQL identifier (got "${dbName}")`);
  return { args: a, errors: problems };
}

/**
 * The storefront as an ECS service on the EC2 capacity provider: awsvpc tasks spread over AZs behind the public ALB
 * (storefront and order API target groups) and the internal NLB, with CPU target tracking plus a step policy the
 * checkout-latency alarm drives. The task role holds only what the app calls; the DB password never appears in the
 * task definition (the app reads the secret through the SDK).
 */
export class StorefrontService extends pulumi.ComponentResource {
  public readonly serviceName: pulumi.Output<string>;
  public readonly serviceArn: pulumi.Output<string>;
  public readonly taskDefinitionArn: pulumi.Output<string>;
  public readonly taskRoleArn: pulumi.Output<string>;
  public readonly executionRoleArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  public readonly logGroupName: pulumi.Output<string>;
  /** Step scale-out policy; the checkout-latency p99 alarm triggers it. */
  public readonly checkoutScaleOutPolicyArn: pulumi.Output<string>;
  /** The scalable target's resource id, `service/<cluster>/<service>`. */
  public readonly scalableTargetResourceId: pulumi.Output<string>;

  constructor(
    name: string,
    args: StorefrontServiceArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:compute:StorefrontService", name, {}, opts);
    const a = requireValid(resolveStorefrontServiceArgs(args), "StorefrontService", name, this);
    const { database: db, catalog } = a;
    const port = a.containerPort;
    const opt = { parent: this };
    // The provider's region: an invoke, so read here rather than in the resolver.
    const region = a.region ?? aws.getRegionOutput({}, opt).region;

    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `/securecart/ecs/${name}`,
        retentionInDays: a.logRetentionDays,
        kmsKeyId: a.logKmsKeyArn,
      },
      opt,
    );

    const fence = a.writeFence;
    const roles =
      a.roles ??
      createStorefrontRoles(
        name,
        {
          catalogTableArn: catalog.tableArn,
          dbSecretArn: db.secretArn,
          orderValidationFunctionArn: a.orderValidationFunctionArn,
          writeFence: fence,
          secretKmsKeyArns: db.secretKmsKeyArns,
          region,
        },
        opt,
      );
    const environment: Record<string, pulumi.Input<string>> = {
      PORT: String(port),
      REGION: region,
      REGION_ROLE: a.regionRole,
      DB_HOST: db.host,
      DB_READER_HOST: db.readerHost,
      DB_NAME: db.name,
      DB_SECRET_ARN: db.secretArn,
      CATALOG_TABLE: catalog.tableName,
      CATALOG_REGION: catalog.region ?? region,
      REDIS_URL: pulumi.interpolate`rediss://${a.redisHost}:6379`,
      ORDER_VALIDATION_FUNCTION_ARN: a.orderValidationFunctionArn,
      ...(fence
        ? {
            WRITE_FENCE_S3_URI: pulumi.interpolate`s3://${fence.bucket}/${fence.key}`,
            WRITE_FENCE_REGION: fence.region,
            WRITE_FENCE_ALLOWS: fence.allows,
          }
        : {}),
    };
    const containerDefinitions = pulumi.jsonStringify([
      {
        name: CONTAINER_NAME,
        image: a.image,
        essential: true,
        portMappings: [{ containerPort: port, protocol: "tcp", name: "http" }],
        environment: Object.entries(environment).map(([key, value]) => ({ name: key, value })),
        // node is in every image of the app, unlike curl or wget.
        healthCheck: {
          command: [
            "CMD",
            "node",
            "-e",
            `fetch('http://127.0.0.1:${port}/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
          ],
          interval: 15,
          timeout: 5,
          retries: 3,
          startPeriod: 30,
        },
        // Read-only image; a small tmpfs (EC2 launch type only) for whatever a library writes to /tmp.
        readonlyRootFilesystem: true,
        linuxParameters: {
          initProcessEnabled: true,
          tmpfs: [{ containerPath: "/tmp", size: 64, mountOptions: ["mode=1777"] }],
        },
        stopTimeout: 30,
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group": logGroup.name,
            "awslogs-region": region,
            "awslogs-stream-prefix": CONTAINER_NAME,
            mode: "non-blocking",
          },
        },
      },
    ]);
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: name,
        requiresCompatibilities: ["EC2"],
        networkMode: "awsvpc",
        cpu: String(a.cpu),
        memory: String(a.memory),
        executionRoleArn: roles.executionRoleArn,
        taskRoleArn: roles.taskRoleArn,
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        containerDefinitions,
      },
      opt,
    );

    const sg = new aws.ec2.SecurityGroup(
      `${name}-tasks`,
      {
        vpcId: a.vpcId,
        description: "Storefront tasks: app port from the ALB and the internal NLB",
        ingress: [
          {
            protocol: "tcp",
            fromPort: port,
            toPort: port,
            securityGroups: [a.albSecurityGroupId],
            description: "public ALB",
          },
          {
            protocol: "tcp",
            fromPort: port,
            toPort: port,
            cidrBlocks: [a.vpcCidr],
            description: "internal NLB (order API)",
          },
        ],
      },
      opt,
    );
    // Egress as rule resources, never inline, so the peer region's stack can add the route to its own writer
    // (active-active) without the two fighting: the provider forbids mixing inline rules with rule resources.
    const egress = (suffix: string, port: number, cidr: string, description: string) =>
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-tasks-to-${suffix}`,
        {
          securityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          cidrIpv4: cidr,
          description,
        },
        opt,
      );
    // DynamoDB's gateway endpoint, Secrets Manager, Lambda, ECR and the routing switch are HTTPS, some on public addresses.
    egress("https", 443, "0.0.0.0/0", "AWS APIs");
    egress("aurora", db.port, a.vpcCidr, "Aurora");
    db.peerCidrBlocks.forEach((cidr, i) =>
      egress(`peer-aurora-${i}`, db.port, cidr, "Aurora writer in the peer region"),
    );
    egress("cache", 6379, a.vpcCidr, "ElastiCache");

    const service = new aws.ecs.Service(
      `${name}-svc`,
      {
        cluster: a.clusterArn,
        taskDefinition: taskDefinition.arn,
        desiredCount: a.desiredCount,
        capacityProviderStrategies: [
          { capacityProvider: a.capacityProviderName, weight: 1, base: 0 },
        ],
        orderedPlacementStrategies: [
          { type: "spread", field: "attribute:ecs.availability-zone" },
          { type: "binpack", field: "memory" },
        ],
        networkConfiguration: {
          subnets: a.subnetIds,
          securityGroups: [sg.id],
          assignPublicIp: false,
        },
        loadBalancers: [a.appTargetGroupArn, a.ordersTargetGroupArn, a.nlbTargetGroupArn].map(
          (targetGroupArn) => ({
            targetGroupArn,
            containerName: CONTAINER_NAME,
            containerPort: port,
          }),
        ),
        healthCheckGracePeriodSeconds: a.healthCheckGracePeriodSeconds,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        enableEcsManagedTags: true,
        propagateTags: "SERVICE",
      },
      // The runbook and autoscaling change the task count at run time; `pulumi up` must not undo a failover.
      { ...opt, ignoreChanges: ["desiredCount"], dependsOn: a.targetGroupAttachments },
    );

    // Application Auto Scaling names the service by cluster *name*: the last segment of the cluster ARN.
    const clusterName = pulumi.output(a.clusterArn).apply((arn) => arn.split("/").pop()!);
    const resourceId = pulumi.interpolate`service/${clusterName}/${service.name}`;
    const target = new aws.appautoscaling.Target(
      `${name}-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId,
        minCapacity: a.minCount,
        maxCapacity: a.maxCount,
      },
      // Managed, not ignored: min and max are the tier's floor and ceiling, so a tier switch reaches the service
      // (RegisterScalableTarget "changes the resource's current capacity to a value that is inside of this range",
      // Application Auto Scaling API reference). The runbook changes only the desired count.
      opt,
    );
    const scalingTarget = {
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      serviceNamespace: target.serviceNamespace,
    };
    new aws.appautoscaling.Policy(
      `${name}-cpu`,
      {
        policyType: "TargetTrackingScaling",
        ...scalingTarget,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: {
            predefinedMetricType: "ECSServiceAverageCPUUtilization",
          },
          targetValue: a.cpuTargetPercent,
          scaleInCooldown: 300,
          scaleOutCooldown: 60,
        },
      },
      opt,
    );
    const checkout = new aws.appautoscaling.Policy(
      `${name}-checkout-scale-out`,
      {
        policyType: "StepScaling",
        ...scalingTarget,
        stepScalingPolicyConfiguration: {
          adjustmentType: "ChangeInCapacity",
          cooldown: 60,
          metricAggregationType: "Maximum",
          stepAdjustments: [
            { metricIntervalLowerBound: "0", scalingAdjustment: a.checkoutScaleOutStep },
          ],
        },
      },
      opt,
    );

    this.serviceName = service.name;
    this.serviceArn = service.arn;
    this.taskDefinitionArn = taskDefinition.arn;
    this.taskRoleArn = pulumi.output(roles.taskRoleArn);
    this.executionRoleArn = pulumi.output(roles.executionRoleArn);
    this.securityGroupId = sg.id;
    this.logGroupName = logGroup.name;
    this.checkoutScaleOutPolicyArn = checkout.arn;
    this.scalableTargetResourceId = target.resourceId;
    this.registerOutputs({
      serviceName: this.serviceName,
      taskDefinitionArn: this.taskDefinitionArn,
      checkoutScaleOutPolicyArn: this.checkoutScaleOutPolicyArn,
    });
  }
}
