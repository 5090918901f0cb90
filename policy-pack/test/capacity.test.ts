// Capacity that cannot recover.
import * as capacity from "../rules/capacity";
import { T } from "../rules/common";
import { HAPPY, PRIMARY, RECOVERY } from "./helpers";
import { describeResourceSpecs, itTestsEvery, ResourceSpec } from "./specs";

const ASG = { ...HAPPY[T.asg], healthCheckGracePeriod: 300 };
const SVC = {
  ...HAPPY[T.ecsService],
  desiredCount: 3,
  deploymentMinimumHealthyPercent: 100,
  healthCheckGracePeriodSeconds: 60,
  loadBalancers: [{ targetGroupArn: "arn:tg", containerName: "web", containerPort: 8080 }],
};
const AA_RECOVERY = { ...RECOVERY, tier: "active-active" };

const specs: ResourceSpec[] = [
  {
    policy: capacity.autoscalingGroupProcessesRunning,
    type: T.asg,
    happy: ASG,
    passes: [
      ["only scheduled actions suspended", (p) => (p.suspendedProcesses = ["ScheduledActions"])],
    ],
    broken: [
      [
        "ReplaceUnhealthy suspended",
        (p) => (p.suspendedProcesses = ["ReplaceUnhealthy"]),
        "Auto Scaling group suspendedProcesses must not include ReplaceUnhealthy.",
      ],
      [
        "Launch and HealthCheck suspended",
        (p) => (p.suspendedProcesses = ["Launch", "HealthCheck"]),
        [
          "Auto Scaling group suspendedProcesses must not include Launch.",
          "Auto Scaling group suspendedProcesses must not include HealthCheck.",
        ],
      ],
      [
        "AZRebalance suspended",
        (p) => (p.suspendedProcesses = ["AZRebalance"]),
        "Auto Scaling group suspendedProcesses must not include AZRebalance.",
      ],
    ],
  },
  {
    policy: capacity.healthCheckGracePeriod,
    type: T.asg,
    happy: ASG,
    passes: [
      ["the ASG default grace period (300 s)", (p) => delete p.healthCheckGracePeriod],
      [
        "EC2 health checks without a grace period",
        (p) => {
          p.healthCheckType = "EC2";
          p.healthCheckGracePeriod = 0;
        },
      ],
    ],
    broken: [
      [
        "ELB health checks with no grace period",
        (p) => (p.healthCheckGracePeriod = 0),
        "Auto Scaling group healthCheckGracePeriod must be at least 30 seconds.",
      ],
    ],
  },
  {
    policy: capacity.healthCheckGracePeriod,
    type: T.ecsService,
    happy: SVC,
    passes: [
      [
        "a service without a load balancer",
        (p) => {
          delete p.loadBalancers;
          delete p.healthCheckGracePeriodSeconds;
        },
      ],
    ],
    broken: [
      [
        "a load-balanced service on ECS's default of 0",
        (p) => delete p.healthCheckGracePeriodSeconds,
        "ECS service healthCheckGracePeriodSeconds must be at least 30 seconds.",
      ],
    ],
  },
  {
    policy: capacity.ecsServiceDeploymentKeepsTasks,
    type: T.ecsService,
    happy: SVC,
    passes: [["ECS's default (100%)", (p) => delete p.deploymentMinimumHealthyPercent]],
    broken: [
      [
        "a deployment that may stop every task",
        (p) => (p.deploymentMinimumHealthyPercent = 0),
        "ECS service deploymentMinimumHealthyPercent must be at least 50.",
      ],
    ],
  },
  {
    policy: capacity.ecsServiceRedundantTasks,
    type: T.ecsService,
    happy: SVC,
    passes: [
      [
        "one task in a warm-standby recovery region (it takes no traffic)",
        (p) => (p.desiredCount = 1),
        RECOVERY,
      ],
      [
        "zero tasks in a pilot-light recovery region",
        (p) => (p.desiredCount = 0),
        { ...RECOVERY, tier: "pilot-light" },
      ],
    ],
    broken: [
      [
        "a single task in the primary",
        (p) => (p.desiredCount = 1),
        "ECS service desiredCount must be at least 2 in a region that takes traffic.",
      ],
      [
        "a single task in an active-active recovery region",
        (p) => (p.desiredCount = 1),
        "ECS service desiredCount must be at least 2 in a region that takes traffic.",
        AA_RECOVERY,
      ],
    ],
  },
  {
    policy: capacity.ecsServiceSpreadAzs,
    type: T.ecsService,
    happy: SVC,
    passes: [
      [
        "spread by zone, then binpack",
        (p) =>
          (p.orderedPlacementStrategies = [
            { type: "spread", field: "attribute:ecs.availability-zone" },
            { type: "binpack", field: "memory" },
          ]),
      ],
    ],
    broken: [
      [
        "binpack first",
        (p) => (p.orderedPlacementStrategies = [{ type: "binpack", field: "memory" }]),
        "ECS service orderedPlacementStrategies must start with spread on attribute:ecs.availability-zone.",
      ],
      [
        "spread by instance only",
        (p) => (p.orderedPlacementStrategies = [{ type: "spread", field: "instanceId" }]),
        "ECS service orderedPlacementStrategies must start with spread on attribute:ecs.availability-zone.",
      ],
      [
        "a constraint to one zone",
        (p) =>
          (p.placementConstraints = [
            { type: "memberOf", expression: "attribute:ecs.availability-zone == us-east-1a" },
          ]),
        "ECS service placementConstraints must not pin tasks to chosen Availability Zones.",
      ],
    ],
  },
  {
    policy: capacity.lambdaConcurrencyNotZero,
    type: T.lambda,
    happy: { ...HAPPY[T.lambda], reservedConcurrentExecutions: 50 },
    passes: [
      ["unreserved (-1)", (p) => (p.reservedConcurrentExecutions = -1)],
      ["not set", (p) => delete p.reservedConcurrentExecutions],
    ],
    broken: [
      [
        "reserved concurrency 0",
        (p) => (p.reservedConcurrentExecutions = 0),
        "Lambda function reservedConcurrentExecutions must not be 0.",
      ],
    ],
  },
];

describe("policy-pack rules: capacity that cannot recover", () => {
  describeResourceSpecs(specs.map((s) => ({ ...s, ctx: s.ctx ?? PRIMARY })));
  itTestsEvery(capacity.capacityRules, specs);
});
