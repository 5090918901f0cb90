// Capacity that cannot recover: groups and services that cannot replace, scale or spread what they lose.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { configOf, contextProperties, StackContext } from "./common";

/**
 * Suspending these stops the group from replacing failed instances, scaling out, or rebalancing after an
 * Availability Zone comes back. https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-suspend-resume-processes.html
 */
const RECOVERY_PROCESSES = ["Launch", "HealthCheck", "ReplaceUnhealthy", "AZRebalance"];

export const autoscalingGroupProcessesRunning: ResourceValidationPolicy = {
  name: "autoscaling-group-processes-running",
  description:
    "Auto Scaling groups do not suspend the processes that launch, health-check, replace or rebalance instances.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.autoscaling.Group, (g, _args, report) => {
    for (const p of g.suspendedProcesses ?? []) {
      if (RECOVERY_PROCESSES.includes(p)) {
        report(`Auto Scaling group suspendedProcesses must not include ${p}.`);
      }
    }
  }),
};

const graceSchema: PolicyConfigSchema = {
  properties: { minGracePeriodSeconds: { type: "integer", minimum: 1, default: 30 } },
};

/**
 * Without a grace period, load balancer health checks fail a target while it is still starting, and the group
 * or service replaces it, again and again. ASG's default is 300 s; ECS's is 0.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/health-check-grace-period.html
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_definition_parameters.html
 */
export const healthCheckGracePeriod: ResourceValidationPolicy = {
  name: "health-check-grace-period",
  description:
    "Auto Scaling groups on ELB health checks and ECS services behind a load balancer give new capacity a grace period.",
  enforcementLevel: "mandatory",
  configSchema: graceSchema,
  validateResource: [
    validateResourceOfType(aws.autoscaling.Group, (g, args, report) => {
      const { minGracePeriodSeconds } = configOf<{ minGracePeriodSeconds: number }>(
        args,
        graceSchema,
      );
      if (
        g.healthCheckType === "ELB" &&
        (g.healthCheckGracePeriod ?? 300) < minGracePeriodSeconds
      ) {
        report(
          `Auto Scaling group healthCheckGracePeriod must be at least ${minGracePeriodSeconds} seconds.`,
        );
      }
    }),
    validateResourceOfType(aws.ecs.Service, (s, args, report) => {
      const { minGracePeriodSeconds } = configOf<{ minGracePeriodSeconds: number }>(
        args,
        graceSchema,
      );
      if (
        (s.loadBalancers ?? []).length > 0 &&
        (s.healthCheckGracePeriodSeconds ?? 0) < minGracePeriodSeconds
      ) {
        report(
          `ECS service healthCheckGracePeriodSeconds must be at least ${minGracePeriodSeconds} seconds.`,
        );
      }
    }),
  ],
};

const deploySchema: PolicyConfigSchema = {
  properties: { minHealthyPercent: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
};

/**
 * A minimum healthy percent of 0 lets a rolling deployment stop every running task before new ones start.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
 */
export const ecsServiceDeploymentKeepsTasks: ResourceValidationPolicy = {
  name: "ecs-service-deployment-keeps-tasks",
  description: "ECS service deployments keep at least the configured share of tasks running.",
  enforcementLevel: "mandatory",
  configSchema: deploySchema,
  validateResource: validateResourceOfType(aws.ecs.Service, (s, args, report) => {
    const { minHealthyPercent } = configOf<{ minHealthyPercent: number }>(args, deploySchema);
    if (s.schedulingStrategy === "DAEMON") {
      return;
    }
    if ((s.deploymentMinimumHealthyPercent ?? 100) < minHealthyPercent) {
      report(`ECS service deploymentMinimumHealthyPercent must be at least ${minHealthyPercent}.`);
    }
  }),
};

const tasksSchema: PolicyConfigSchema = {
  properties: {
    role: contextProperties.role,
    recoveryTakesTraffic: contextProperties.recoveryTakesTraffic,
    minTasks: { type: "integer", minimum: 2, default: 2 },
  },
};

/**
 * One task is one Availability Zone: a region that takes traffic runs tasks in more than one.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/availability-best-practices.html
 */
export const ecsServiceRedundantTasks: ResourceValidationPolicy = {
  name: "ecs-service-redundant-tasks",
  description: "ECS services in a region that takes traffic run at least two tasks.",
  enforcementLevel: "mandatory",
  configSchema: tasksSchema,
  validateResource: validateResourceOfType(aws.ecs.Service, (s, args, report) => {
    const cfg = configOf<StackContext & { minTasks: number }>(args, tasksSchema);
    const takesTraffic = cfg.role === "primary" || cfg.recoveryTakesTraffic;
    if (!takesTraffic || s.schedulingStrategy === "DAEMON") {
      return;
    }
    if ((s.desiredCount ?? 0) < cfg.minTasks) {
      report(
        `ECS service desiredCount must be at least ${cfg.minTasks} in a region that takes traffic.`,
      );
    }
  }),
};

const AZ_ATTRIBUTE = "attribute:ecs.availability-zone";

/**
 * ECS spreads a service's tasks across zones unless told otherwise; a binpack or random strategy first, or a
 * constraint on one zone, can put every task in a single zone.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html
 */
export const ecsServiceSpreadAzs: ResourceValidationPolicy = {
  name: "ecs-service-spread-azs",
  description:
    "ECS services place tasks spread across Availability Zones, never packed into or pinned to one.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.Service, (s, _args, report) => {
    const strategies = s.orderedPlacementStrategies ?? [];
    if (strategies.length > 0) {
      const first = strategies[0];
      if (first.type !== "spread" || first.field !== AZ_ATTRIBUTE) {
        report(`ECS service orderedPlacementStrategies must start with spread on ${AZ_ATTRIBUTE}.`);
      }
    }
    for (const c of s.placementConstraints ?? []) {
      if (/ecs\.availability-zone\s*(==|in)/.test(c.expression ?? "")) {
        report("ECS service placementConstraints must not pin tasks to chosen Availability Zones.");
      }
    }
  }),
};

/** Reserved concurrency 0 throttles every invocation. https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html */
export const lambdaConcurrencyNotZero: ResourceValidationPolicy = {
  name: "lambda-concurrency-not-zero",
  description:
    "Lambda functions do not reserve a concurrency of 0, which throttles every invocation.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.lambda.Function, (f, _args, report) => {
    if (f.reservedConcurrentExecutions === 0) {
      report("Lambda function reservedConcurrentExecutions must not be 0.");
    }
  }),
};

export const capacityRules: ResourceValidationPolicy[] = [
  autoscalingGroupProcessesRunning,
  healthCheckGracePeriod,
  ecsServiceDeploymentKeepsTasks,
  ecsServiceRedundantTasks,
  ecsServiceSpreadAzs,
  lambdaConcurrencyNotZero,
];
