// Auto Scaling, ECS and Lambda rules.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { configOf, contextProperties, StackContext } from "./common";

const subnetsSchema: PolicyConfigSchema = {
  properties: { minSubnets: { type: "integer", minimum: 2, default: 2 } },
};

/**
 * A recovery region whose tier idles it at zero (pilot light: defined at 0, scaled on failover; DESIGN tier table).
 * A backup-restore rebuild runs in earnest, so it is held to the minimum like any serving region.
 */
export function zeroCapacityAllowed(
  ctx: Pick<StackContext, "role" | "recoveryRuns" | "recoveryMinCapacity">,
): boolean {
  return ctx.role === "recovery" && ctx.recoveryRuns && ctx.recoveryMinCapacity === 0;
}

export const autoscalingGroupMultiAz: ResourceValidationPolicy = {
  name: "autoscaling-group-multi-az",
  description: "Auto Scaling groups span at least two subnets or Availability Zones.",
  enforcementLevel: "mandatory",
  configSchema: subnetsSchema,
  validateResource: validateResourceOfType(aws.autoscaling.Group, (g, args, report) => {
    const { minSubnets } = configOf<{ minSubnets: number }>(args, subnetsSchema);
    const spread = Math.max(g.vpcZoneIdentifiers?.length ?? 0, g.availabilityZones?.length ?? 0);
    if (spread < minSubnets) {
      report(`Auto Scaling group vpcZoneIdentifiers must list at least ${minSubnets} subnets.`);
    }
  }),
};

export const autoscalingGroupElbHealthCheck: ResourceValidationPolicy = {
  name: "autoscaling-group-elb-health-check",
  description:
    "Auto Scaling groups behind a load balancer replace instances that fail its health checks.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.autoscaling.Group, (g, _args, report) => {
    // An ECS capacity-provider group has no target groups: ECS and the ALB replace tasks.
    const behindLb = (g.targetGroupArns?.length ?? 0) > 0 || (g.loadBalancers?.length ?? 0) > 0;
    if (behindLb && g.healthCheckType !== "ELB") {
      report('Auto Scaling group healthCheckType must be "ELB" when it has target groups.');
    }
  }),
};

const capacitySchema: PolicyConfigSchema = {
  properties: {
    role: contextProperties.role,
    recoveryRuns: contextProperties.recoveryRuns,
    recoveryMinCapacity: contextProperties.recoveryMinCapacity,
    minCapacity: { type: "integer", minimum: 1, default: 1 },
  },
};

export const autoscalingGroupMinSize: ResourceValidationPolicy = {
  name: "autoscaling-group-min-size",
  description:
    "Auto Scaling groups keep at least one instance, except in a pilot-light recovery region.",
  enforcementLevel: "mandatory",
  configSchema: capacitySchema,
  validateResource: validateResourceOfType(aws.autoscaling.Group, (g, args, report) => {
    const cfg = configOf<StackContext & { minCapacity: number }>(args, capacitySchema);
    if (zeroCapacityAllowed(cfg)) {
      return;
    }
    if (!(g.minSize >= cfg.minCapacity)) {
      report(`Auto Scaling group minSize must be at least ${cfg.minCapacity}.`);
    }
  }),
};

export const ecsServiceMultiAz: ResourceValidationPolicy = {
  name: "ecs-service-multi-az",
  description: "ECS services with awsvpc networking place tasks in at least two subnets.",
  enforcementLevel: "mandatory",
  configSchema: subnetsSchema,
  validateResource: validateResourceOfType(aws.ecs.Service, (s, args, report) => {
    const { minSubnets } = configOf<{ minSubnets: number }>(args, subnetsSchema);
    if (s.networkConfiguration === undefined) {
      return;
    }
    if ((s.networkConfiguration.subnets?.length ?? 0) < minSubnets) {
      report(`ECS service networkConfiguration.subnets must list at least ${minSubnets} subnets.`);
    }
  }),
};

export const ecsServiceCircuitBreaker: ResourceValidationPolicy = {
  name: "ecs-service-circuit-breaker",
  description: "ECS services roll back failed deployments through the deployment circuit breaker.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.Service, (s, _args, report) => {
    if (s.deploymentCircuitBreaker?.enable !== true) {
      report("ECS service deploymentCircuitBreaker.enable must be true.");
    }
    if (s.deploymentCircuitBreaker?.rollback !== true) {
      report("ECS service deploymentCircuitBreaker.rollback must be true.");
    }
  }),
};

export const ecsServiceDesiredCount: ResourceValidationPolicy = {
  name: "ecs-service-desired-count",
  description: "ECS services run at least one task, except in a pilot-light recovery region.",
  enforcementLevel: "mandatory",
  configSchema: capacitySchema,
  validateResource: validateResourceOfType(aws.ecs.Service, (s, args, report) => {
    const cfg = configOf<StackContext & { minCapacity: number }>(args, capacitySchema);
    if (zeroCapacityAllowed(cfg) || s.schedulingStrategy === "DAEMON") {
      return;
    }
    if (!((s.desiredCount ?? 0) >= cfg.minCapacity)) {
      report(`ECS service desiredCount must be at least ${cfg.minCapacity}.`);
    }
  }),
};

export const lambdaMultiAz: ResourceValidationPolicy = {
  name: "lambda-multi-az",
  description: "Lambda functions attached to a VPC use at least two subnets.",
  enforcementLevel: "mandatory",
  configSchema: subnetsSchema,
  validateResource: validateResourceOfType(aws.lambda.Function, (f, args, report) => {
    const { minSubnets } = configOf<{ minSubnets: number }>(args, subnetsSchema);
    if (f.vpcConfig === undefined) {
      return;
    }
    if ((f.vpcConfig.subnetIds?.length ?? 0) < minSubnets) {
      report(`Lambda function vpcConfig.subnetIds must list at least ${minSubnets} subnets.`);
    }
  }),
};

export const computeRules: ResourceValidationPolicy[] = [
  autoscalingGroupMultiAz,
  autoscalingGroupElbHealthCheck,
  autoscalingGroupMinSize,
  ecsServiceMultiAz,
  ecsServiceCircuitBreaker,
  ecsServiceDesiredCount,
  lambdaMultiAz,
];
