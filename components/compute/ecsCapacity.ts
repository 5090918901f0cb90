import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { countProblems, portProblems, positiveIntegerProblems, subnetProblems } from "./validate";
import { serviceTrustPolicy } from "../iam";

export interface EcsCapacityArgs {
  /** VPC of the hosts. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** Private app subnets the Auto Scaling group spreads hosts over; at least 2 (one per AZ). Required. */
  readonly subnetIds: pulumi.Input<string>[];
  /** Security group of the ALB, the only source allowed to reach the hosts' app ports. Required. */
  readonly albSecurityGroupId: pulumi.Input<string>;
  /** EC2 instance type of the hosts. Defaults to `m6i.large`. */
  readonly instanceType?: string;
  /** Auto Scaling group minimum size. Defaults to `desiredCapacity` (so `0` in pilot light). */
  readonly minSize?: number;
  /** Auto Scaling group maximum size; keep it at full size so a failover only raises desired. Defaults to `6`. */
  readonly maxSize?: number;
  /** Hosts at creation; `0` keeps the capacity defined but idle. The runbook owns it afterwards. Defaults to `2`. */
  readonly desiredCapacity?: number;
  /** First port of the range the ALB may reach on the hosts. Defaults to `8080`. */
  readonly appPortFrom?: number;
  /** Last port of that range. Defaults to `appPortFrom`. */
  readonly appPortTo?: number;
  /** Root EBS volume size in GiB. Defaults to `30`. */
  readonly rootVolumeSizeGb?: number;
  /** KMS key for the hosts' EBS volumes. Defaults to the account's EBS default key (`aws/ebs`). */
  readonly ebsKmsKeyArn?: pulumi.Input<string>;
  /** Share of the capacity provider's instances ECS keeps busy (managed scaling target). Defaults to `100`. */
  readonly targetCapacity?: number;
  /** SSM Patch Manager patch group the hosts join (instance tag `PatchGroup`). Defaults to the component name. */
  readonly patchGroup?: string;
  /**
   * Tags the group and every instance (and root volume) it launches carry. EC2 Auto Scaling groups get none of the
   * provider's `defaultTags` ("supported in all resources that implement `tags`, with the exception of the
   * `aws_autoscaling_group` resource": Terraform AWS provider docs, `default_tags`,
   * https://registry.terraform.io/providers/hashicorp/aws/latest/docs#default_tags, and the `aws_autoscaling_group`
   * page), and neither do the instances and volumes it launches, so the stack's tags are passed here.
   * Defaults to `{}`.
   */
  readonly propagatedTags?: Record<string, string>;
  /**
   * An instance profile made ahead of time (a backup-restore rebuild, when IAM's control plane in us-east-1 may
   * be down), carrying ECS_HOST_POLICIES: the capacity then creates no IAM resource. Defaults to `undefined`.
   */
  readonly instanceProfileArn?: pulumi.Input<string>;
}

/** ECS publishes this AMI id; reading it at deploy time keeps hosts on the current ECS-optimized AL2023 image. */
export const ECS_AMI_PARAMETER =
  "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id";

/**
 * What the hosts' role carries: the ECS agent registers hosts and pulls images; the SSM agent is how Patch Manager
 * (and shell access) reaches them.
 */
const ECS_HOST_POLICIES: Readonly<Record<string, string>> = {
  ecs: "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
  ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
};

/**
 * The hosts' role, its managed policies and the instance profile: for a capacity that makes its own. Their tags
 * are the providers' `defaultTags`.
 */
export function createHostProfile(
  name: string,
  opt: pulumi.CustomResourceOptions,
): aws.iam.InstanceProfile {
  const role = new aws.iam.Role(
    `${name}-host`,
    { assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com") },
    opt,
  );
  for (const [key, arn] of Object.entries(ECS_HOST_POLICIES)) {
    new aws.iam.RolePolicyAttachment(
      `${name}-host-${key}`,
      { role: role.name, policyArn: arn },
      opt,
    );
  }
  return new aws.iam.InstanceProfile(`${name}-host`, { role: role.name }, opt);
}

/** The args with every default applied; only the KMS key and the instance profile may stay unset. */
export type ResolvedEcsCapacityArgs = Required<
  Omit<EcsCapacityArgs, "ebsKmsKeyArn" | "instanceProfileArn">
> &
  Pick<EcsCapacityArgs, "ebsKmsKeyArn" | "instanceProfileArn">;

/** The defaulted args and every problem with them at once, each naming its property. `name` is the component's. */
export function resolveEcsCapacityArgs(
  args: EcsCapacityArgs,
  name: string,
): Resolved<ResolvedEcsCapacityArgs> {
  const desiredCapacity = args.desiredCapacity ?? 2;
  const appPortFrom = args.appPortFrom ?? 8080;
  const a: ResolvedEcsCapacityArgs = {
    ...args,
    instanceType: args.instanceType ?? "m6i.large",
    desiredCapacity,
    minSize: args.minSize ?? desiredCapacity,
    maxSize: args.maxSize ?? 6,
    appPortFrom,
    appPortTo: args.appPortTo ?? appPortFrom,
    rootVolumeSizeGb: args.rootVolumeSizeGb ?? 30,
    targetCapacity: args.targetCapacity ?? 100,
    patchGroup: args.patchGroup ?? name,
    propagatedTags: args.propagatedTags ?? {},
  };
  const errors = [
    ...subnetProblems(args.subnetIds, "subnetIds"),
    ...countProblems(
      { min: a.minSize, desired: a.desiredCapacity, max: a.maxSize },
      { min: "minSize", desired: "desiredCapacity", max: "maxSize" },
    ),
    ...portProblems(a.appPortFrom, "appPortFrom"),
    ...portProblems(a.appPortTo, "appPortTo"),
    ...positiveIntegerProblems(a.rootVolumeSizeGb, "rootVolumeSizeGb", 30),
  ];
  if (a.appPortTo < a.appPortFrom)
    errors.push(`appPortTo (${args.appPortTo}) must not be below appPortFrom (${a.appPortFrom})`);
  if (!Number.isInteger(a.targetCapacity) || a.targetCapacity < 1 || a.targetCapacity > 100)
    errors.push(`targetCapacity must be an integer from 1 to 100 (got ${a.targetCapacity})`);
  if (args.instanceType !== undefined && !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(args.instanceType)) {
    errors.push(`instanceType must look like "m6i.large" (got "${args.instanceType}")`);
  }
  return { args: a, errors };
}

/**
 * ECS capacity on EC2: a cluster whose default capacity provider is an Auto Scaling group of ECS-optimized hosts.
 * ECS managed scaling sizes the group from the tasks' needs and managed termination protection keeps ECS from
 * losing hosts that still run tasks; the ASG's EC2 health checks replace failed hosts, while the ECS service and
 * its ALB health checks replace unhealthy tasks (the ASG has no target groups of its own).
 */
export class EcsCapacity extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly clusterArn: pulumi.Output<string>;
  /** The capacity provider, read back from the cluster attachment so services wait until it is attached. */
  public readonly capacityProviderName: pulumi.Output<string>;
  public readonly asgName: pulumi.Output<string>;
  public readonly asgArn: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;
  /** The hosts' `PatchGroup` tag value, for the patch baseline's registration. */
  public readonly patchGroup: string;

  constructor(name: string, args: EcsCapacityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:compute:EcsCapacity", name, {}, opts);
    const a = requireValid(resolveEcsCapacityArgs(args, name), "EcsCapacity", name, this);
    const opt = { parent: this };

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: "enabled" }] },
      opt,
    );

    const instanceProfileArn = a.instanceProfileArn ?? createHostProfile(name, opt).arn;

    // awsvpc tasks get their own ENIs and security group; the hosts only need the app range for bridge-mode tasks.
    const sg = new aws.ec2.SecurityGroup(
      `${name}-host`,
      {
        vpcId: a.vpcId,
        description: "ECS hosts: app ports from the ALB only",
        ingress: [
          {
            protocol: "tcp",
            fromPort: a.appPortFrom,
            toPort: a.appPortTo,
            securityGroups: [a.albSecurityGroupId],
            description: "ALB to app ports",
          },
        ],
        egress: [
          {
            protocol: "-1",
            fromPort: 0,
            toPort: 0,
            cidrBlocks: ["0.0.0.0/0"],
            description: "ECS, ECR, SSM and package repositories",
          },
        ],
      },
      opt,
    );

    const ami = aws.ssm.getParameterOutput({ name: ECS_AMI_PARAMETER }, opt);
    // ECS_AWSVPC_BLOCK_IMDS keeps tasks off the host's credentials; they use their task role instead.
    const userData = cluster.name.apply((c) =>
      Buffer.from(
        [
          "#!/bin/bash",
          `echo ECS_CLUSTER=${c} >> /etc/ecs/ecs.config`,
          "echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config",
          "echo ECS_ENABLE_CONTAINER_METADATA=true >> /etc/ecs/ecs.config",
          "",
        ].join("\n"),
      ).toString("base64"),
    );
    // What the hosts and their volumes carry is set here: nothing the group launches gets the provider's defaultTags.
    const instanceTags = {
      ...a.propagatedTags,
      Name: `${name}-ecs-host`,
      PatchGroup: a.patchGroup,
    };
    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-host`,
      {
        imageId: ami.value,
        instanceType: a.instanceType,
        iamInstanceProfile: { arn: instanceProfileArn },
        vpcSecurityGroupIds: [sg.id],
        userData,
        metadataOptions: {
          httpEndpoint: "enabled",
          httpTokens: "required",
          httpPutResponseHopLimit: 1,
        },
        monitoring: { enabled: true },
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeSize: a.rootVolumeSizeGb,
              volumeType: "gp3",
              encrypted: "true",
              kmsKeyId: a.ebsKmsKeyArn,
              deleteOnTermination: "true",
            },
          },
        ],
        tagSpecifications: [
          { resourceType: "instance", tags: instanceTags },
          { resourceType: "volume", tags: a.propagatedTags },
        ],
        updateDefaultVersion: true,
      },
      opt,
    );

    const asg = new aws.autoscaling.Group(
      `${name}-hosts`,
      {
        vpcZoneIdentifiers: a.subnetIds,
        minSize: a.minSize,
        maxSize: a.maxSize,
        desiredCapacity: a.desiredCapacity,
        launchTemplate: {
          id: launchTemplate.id,
          version: launchTemplate.latestVersion.apply(String),
        },
        capacityRebalance: true,
        healthCheckType: "EC2",
        healthCheckGracePeriod: 300,
        // Required by managed termination protection: ECS lifts it only from hosts that run no tasks.
        protectFromScaleIn: true,
        // New AMIs and launch template changes roll through the hosts without dropping below full capacity.
        instanceRefresh: {
          strategy: "Rolling",
          preferences: {
            minHealthyPercentage: 100,
            maxHealthyPercentage: 200,
            scaleInProtectedInstances: "Refresh",
          },
        },
        tags: [
          { key: "AmazonECSManaged", value: "true", propagateAtLaunch: true },
          ...Object.entries(instanceTags).map(([key, value]) => ({
            key,
            value,
            propagateAtLaunch: true,
          })),
        ],
      },
      // The failover runbook and ECS managed scaling set the desired size at run time; `pulumi up` must not undo
      // it. minSize and maxSize stay managed: they are the tier's floor and ceiling, so a tier switch reaches the
      // group (raising minSize above the current size raises the desired capacity to it: UpdateAutoScalingGroup,
      // Amazon EC2 Auto Scaling API reference).
      { ...opt, ignoreChanges: ["desiredCapacity"] },
    );

    const capacityProvider = new aws.ecs.CapacityProvider(
      `${name}-cp`,
      {
        autoScalingGroupProvider: {
          autoScalingGroupArn: asg.arn,
          managedTerminationProtection: "ENABLED",
          managedDraining: "ENABLED",
          managedScaling: {
            status: "ENABLED",
            targetCapacity: a.targetCapacity,
            minimumScalingStepSize: 1,
            maximumScalingStepSize: 10,
          },
        },
      },
      opt,
    );

    const attachment = new aws.ecs.ClusterCapacityProviders(
      `${name}-cluster-cps`,
      {
        clusterName: cluster.name,
        capacityProviders: [capacityProvider.name],
        defaultCapacityProviderStrategies: [
          { capacityProvider: capacityProvider.name, weight: 1, base: 0 },
        ],
      },
      opt,
    );

    this.clusterName = cluster.name;
    this.clusterArn = cluster.arn;
    this.capacityProviderName = pulumi
      .all([attachment.capacityProviders, capacityProvider.name])
      .apply(([_, cp]) => cp);
    this.asgName = asg.name;
    this.asgArn = asg.arn;
    this.securityGroupId = sg.id;
    this.patchGroup = a.patchGroup;
    this.registerOutputs({
      clusterName: this.clusterName,
      clusterArn: this.clusterArn,
      capacityProviderName: this.capacityProviderName,
      asgName: this.asgName,
      asgArn: this.asgArn,
    });
  }
}
