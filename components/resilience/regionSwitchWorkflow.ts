/**
 * The ARC Region Switch workflows of a tier, generated from the runbook's step lists (TierProfile via `stepsOf`),
 * so the plan, `npm run failover` and the drill run the same steps in the same order. Each runbook step becomes
 * one top-level plan step of the same name: ARC's own block where it has one, else a custom-action Lambda that
 * does what the runbook's step does (./regionSwitchActions.ts). The one manual approval is the decision gate
 * that opens the workflow of a tier whose failover a person decides (TierProfile.decisionRequired).
 *
 * AWS references:
 * - execution blocks: https://docs.aws.amazon.com/r53recovery/latest/dg/region-switch-plans.html
 * - custom action Lambda block: https://docs.aws.amazon.com/r53recovery/latest/dg/custom-action-lambda-block.html
 * - Aurora Global Database block: https://docs.aws.amazon.com/r53recovery/latest/dg/aurora-global-database-block.html
 * - ARC routing control block: https://docs.aws.amazon.com/r53recovery/latest/dg/arc-routing-controls-block.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Direction, FailoverStep } from "../tiers/tierProfile";

type PlanWorkflow = aws.types.input.arcregionswitch.PlanWorkflow;
type PlanWorkflowStep = aws.types.input.arcregionswitch.PlanWorkflowStep;
type ParallelStep = aws.types.input.arcregionswitch.PlanWorkflowStepParallelConfigStep;

/** One value per region, keyed by region name (e.g. `{ "us-east-1": arn, "eu-west-1": arn }`), as ARC's own maps are. */
export type ByRegion<T> = Readonly<Record<string, T>>;
export type RegionalArns = ByRegion<pulumi.Input<string>>;
/** ARC's workflow actions: `activate` brings a region into service, `deactivate` takes one out (active/active). */
export type WorkflowAction = "activate" | "deactivate";
export type RecoveryApproach = "activePassive" | "activeActive";

export interface EcsServiceRef {
  readonly clusterArn: pulumi.Input<string>;
  readonly serviceArn: pulumi.Input<string>;
}

/** ARC routing control (`securecart:arcRoutingControl`): one routing control per region, gating its record. */
export interface RoutingControlRef {
  /** The routing control of each region's record (the primary stack's `routingControlArns` output). */
  readonly routingControlArns: RegionalArns;
  /** The ARC cluster's ARN, for the execution role's DescribeCluster. Defaults to any cluster of the account. */
  readonly clusterArn?: pulumi.Input<string>;
}

/** What the workflow's execution blocks act on. */
/** Minutes the decision gate waits unless told otherwise. */
export const APPROVAL_TIMEOUT_MINUTES = 60;

export interface RegionSwitchRefs {
  readonly primaryRegion: string;
  readonly recoveryRegion: string;
  /** The workflow's action. Defaults to `activate`. */
  readonly action?: WorkflowAction;
  /** Open the workflow with the decision gate (TierProfile.decisionRequired). Defaults to `false`. */
  readonly decisionGate?: boolean;
  /** Role an operator assumes to approve the decision gate. Required when `decisionGate` is set. */
  readonly approvalRoleArn?: pulumi.Input<string>;
  /** Minutes the decision gate waits. Defaults to `60`. */
  readonly approvalTimeoutMinutes?: number;
  /** Minutes an automated block may run. Defaults to `30`. */
  readonly blockTimeoutMinutes?: number;
  /** Storefront Auto Scaling groups; needed by `scale-compute`. */
  readonly asgArns?: RegionalArns;
  /** Storefront ECS services; `scale-compute` also scales them when given. */
  readonly ecsServices?: ByRegion<EcsServiceRef>;
  /** Aurora global cluster identifier (not its ARN); needed by `promote-database`. */
  readonly globalClusterIdentifier?: pulumi.Input<string>;
  /** Aurora member cluster ARNs; needed by `promote-database`. */
  readonly databaseClusterArns?: RegionalArns;
  /** ARC routing controls: `switch-routing` then runs ARC's routing control block beside the switch (fence) Lambda. */
  readonly routingControls?: RoutingControlRef;
  /** The custom-action Lambda of this workflow's action, one per region (ARC requires one in each). */
  readonly actionLambdas?: RegionalArns;
}

/** The decision gate: the only manual approval a generated plan has, and why it is there. */
export const DECISION_GATE = {
  name: "decide",
  reason:
    "A person decides to move the primary role (TierProfile.decisionRequired): a failover promotes the standby " +
    "database, and a regional blip that heals by itself costs less than that. Every later step is automated.",
} as const;

/** How ARC runs a runbook step: its own execution block, or the plan's custom-action Lambda. */
export type StepRunner = "native" | "lambda";

/**
 * `scale-compute` and `promote-database` have ARC blocks. The rest (checks, the S3 routing switch, the Global
 * Accelerator dial) are the custom-action Lambda; with ARC routing controls, `switch-routing` runs ARC's routing
 * control block beside the Lambda, which still writes the switch object: it is the storefronts' write fence.
 * `restore-backups` has neither: ARC has no AWS Backup block, and no tier with a plan restores from backup.
 */
export function stepRunner(step: FailoverStep): StepRunner | undefined {
  switch (step) {
    case "scale-compute":
    case "promote-database":
      return "native";
    case "switch-routing":
    case "scale-database":
    case "check-target-health":
    case "drain-traffic":
    case "set-region-role":
    case "verify-health":
      return "lambda";
    case "restore-backups":
      return undefined;
  }
}

/** What each Lambda step does, as the runbook's step does it (scripts/failover/awsDriver.ts). */
const LAMBDA_STEP: Readonly<Record<string, string>> = {
  "check-target-health":
    "The target region's ALB is active, ECS cluster ACTIVE, Aurora cluster available (failback: re-synchronised).",
  "switch-routing":
    "Write the routing switch (S3 PutObject in its region): the storefronts' write fence and, without ARC routing controls, the PRIMARY record's gate.",
  "scale-database":
    "Raise the target region's Aurora Serverless v2 floor (RDS ModifyDBCluster) and wait until it is available there.",
  "drain-traffic":
    "Set the Global Accelerator dials: the target region 100, the other 0 on a failover, 100 on a return.",
  "set-region-role":
    "GET /topology until the target region answers role=primary and writable (the promoted database, and the switch naming it).",
  "verify-health": "GET /health/deep until it answers 200, ok or degraded, from the target region.",
};

function inRegionOrder<T>(
  map: ByRegion<T>,
  refs: Pick<RegionSwitchRefs, "primaryRegion" | "recoveryRegion">,
): T[] {
  return [refs.primaryRegion, refs.recoveryRegion].map((region) => map[region]);
}

function scaleBlocks(refs: RegionSwitchRefs, timeoutMinutes: number): ParallelStep[] {
  const blocks: ParallelStep[] = [
    {
      name: "scale-compute-ec2",
      description:
        "Scale the activating region's storefront ASG to the other region's recent capacity.",
      executionBlockType: "EC2AutoScaling",
      ec2AsgCapacityIncreaseConfigs: [
        {
          asgs: inRegionOrder(refs.asgArns!, refs).map((arn) => ({ arn })),
          capacityMonitoringApproach: "sampledMaxInLast24Hours",
          targetPercent: 100,
          timeoutMinutes,
        },
      ],
    },
  ];
  if (refs.ecsServices) {
    blocks.push({
      name: "scale-compute-ecs",
      description:
        "Scale the activating region's storefront ECS service to the other region's recent task count.",
      executionBlockType: "ECSServiceScaling",
      ecsCapacityIncreaseConfigs: [
        {
          services: inRegionOrder(refs.ecsServices, refs).map((s) => ({
            clusterArn: s.clusterArn,
            serviceArn: s.serviceArn,
          })),
          capacityMonitoringApproach: "sampledMaxInLast24Hours",
          targetPercent: 100,
          timeoutMinutes,
        },
      ],
    });
  }
  return blocks;
}

/** The plan step of one runbook step. */
function planStep(step: FailoverStep, refs: RegionSwitchRefs): PlanWorkflowStep {
  const timeoutMinutes = refs.blockTimeoutMinutes ?? 30;
  if (step === "scale-compute") {
    // The runbook raises the ASG and the service together, then waits for both: the capacity provider's managed
    // scaling places the tasks as the instances come up. ARC's Parallel block does the same.
    const blocks = scaleBlocks(refs, timeoutMinutes);
    if (blocks.length === 1) return { ...blocks[0], name: step } as PlanWorkflowStep;
    return {
      name: step,
      description: "Scale the storefront's hosts and tasks together.",
      executionBlockType: "Parallel",
      parallelConfigs: [{ steps: blocks }],
    };
  }
  if (step === "promote-database") {
    return {
      name: step,
      description:
        "Move the Aurora global writer: switchover when graceful; failover (loses up to the lag) only when ungraceful.",
      executionBlockType: "AuroraGlobalDatabase",
      globalAuroraConfigs: [
        {
          // An ungraceful execution is the operator's data-loss decision, as --allow-data-loss is the runbook's.
          behavior: "switchoverOnly",
          ungracefuls: [{ ungraceful: "failover" }],
          globalClusterIdentifier: refs.globalClusterIdentifier!,
          databaseClusterArns: inRegionOrder(refs.databaseClusterArns!, refs),
          timeoutMinutes,
        },
      ],
    };
  }
  const lambda = lambdaBlock(step, refs, timeoutMinutes);
  if (step === "switch-routing" && refs.routingControls) {
    // Per region to activate, the states the runbook's UpdateRoutingControlStates sets;
    // beside it the Lambda writes the switch object, the fence, as the runbook's switch-routing also does.
    const arns = refs.routingControls.routingControlArns;
    const regions = [refs.primaryRegion, refs.recoveryRegion];
    const controls: ParallelStep = {
      name: `${step}-controls`,
      description:
        "Turn the activated region's ARC routing control On and the other's Off (ARC's data plane).",
      executionBlockType: "ARCRoutingControl",
      arcRoutingControlConfigs: [
        {
          regionAndRoutingControls: regions.map((region) => ({
            region,
            // Activating the recovery region (failover) turns the primary's Off; activating the primary (failback)
            // restores the steady state, both On, as the runbook's failback does.
            routingControls: regions.map((r) => ({
              routingControlArn: arns[r],
              state: r === region || region === refs.primaryRegion ? "On" : "Off",
            })),
          })),
          timeoutMinutes,
        },
      ],
    };
    return {
      name: step,
      description:
        "Move traffic with the ARC routing controls and fence the old region with the switch object.",
      executionBlockType: "Parallel",
      parallelConfigs: [
        { steps: [controls, { ...lambda, name: `${step}-fence` } as ParallelStep] },
      ],
    };
  }
  return lambda;
}

/** The custom-action Lambda block of one step. */
function lambdaBlock(
  step: FailoverStep,
  refs: RegionSwitchRefs,
  timeoutMinutes: number,
): PlanWorkflowStep {
  const action = refs.action ?? "activate";
  return {
    name: step,
    description: LAMBDA_STEP[step],
    executionBlockType: "CustomActionLambda",
    customActionLambdaConfigs: [
      {
        lambdas: inRegionOrder(refs.actionLambdas!, refs).map((arn) => ({ arn })),
        // An activation runs in the region taking over, which is healthy; no ungraceful setting (the API's only
        // one is `skip`), so the step is meant to run in an ungraceful execution too: the switch is the fence there.
        // The guide also says ungraceful runs skip Lambda blocks; if ARC does, `npm run failover` after the plan
        // writes the switch (its other steps find their effect done). A deactivation's block runs in the region
        // going out, which may be impaired: skip it when ungraceful, as AWS advises against depending on it.
        regionToRun: action === "activate" ? "activatingRegion" : "deactivatingRegion",
        // ARC re-invokes a failed attempt every interval until the timeout: each attempt is one check or write.
        retryIntervalMinutes: 1,
        timeoutMinutes,
        ...(action === "deactivate" ? { ungracefuls: [{ behavior: "skip" }] } : {}),
      },
    ],
  };
}

/**
 * One ARC workflow: the decision gate when asked for, then each runbook step's plan step, in the runbook's order.
 * `targetRegion` pins the workflow to one region (an active/passive plan whose two directions differ).
 */
export function regionSwitchWorkflow(
  steps: readonly FailoverStep[],
  refs: RegionSwitchRefs,
  targetRegion?: string,
): PlanWorkflow {
  const action = refs.action ?? "activate";
  const gate: PlanWorkflowStep[] = refs.decisionGate
    ? [
        {
          name: DECISION_GATE.name,
          description: DECISION_GATE.reason,
          executionBlockType: "ManualApproval",
          executionApprovalConfigs: [
            {
              approvalRole: refs.approvalRoleArn!,
              timeoutMinutes: refs.approvalTimeoutMinutes ?? APPROVAL_TIMEOUT_MINUTES,
            },
          ],
        },
      ]
    : [];
  return {
    workflowTargetAction: action,
    ...(targetRegion ? { workflowTargetRegion: targetRegion } : {}),
    workflowDescription: `${action === "activate" ? "Bring a region into service" : "Take a region out of service"}: ${steps.join(" → ")}`,
    steps: [...gate, ...steps.map((step) => planStep(step, refs))],
  };
}

/** One workflow of the plan: its action, the runbook direction it runs, and the region it is pinned to, if any. */
export interface WorkflowSpec {
  readonly action: WorkflowAction;
  readonly direction: Direction;
  readonly steps: readonly FailoverStep[];
  readonly targetRegion?: string;
}

/**
 * Which workflows a plan needs. Active/passive: one activate workflow serves both directions when their step
 * lists agree (it names both regions' resources, so activating either is a failover or a failback); otherwise one
 * per region. Active/active: a failover takes the failing region out (deactivate), a failback brings it back
 * (activate), as ARC models active/active plans ("Region switch components", workflows).
 */
export function workflowSpecs(
  approach: RecoveryApproach,
  steps: {
    readonly failover: readonly FailoverStep[];
    readonly failback?: readonly FailoverStep[];
  },
  regions: { readonly primaryRegion: string; readonly recoveryRegion: string },
): WorkflowSpec[] {
  const failover = steps.failover;
  const failback = steps.failback ?? steps.failover;
  if (approach === "activeActive") {
    return [
      { action: "deactivate", direction: "failover", steps: failover },
      { action: "activate", direction: "failback", steps: failback },
    ];
  }
  if (failover.join() === failback.join())
    return [{ action: "activate", direction: "failover", steps: failover }];
  return [
    {
      action: "activate",
      direction: "failover",
      steps: failover,
      targetRegion: regions.recoveryRegion,
    },
    {
      action: "activate",
      direction: "failback",
      steps: failback,
      targetRegion: regions.primaryRegion,
    },
  ];
}

/** The steps of these lists that the custom-action Lambda runs, in first-seen order. */
export function lambdaSteps(lists: readonly (readonly FailoverStep[])[]): FailoverStep[] {
  return [...new Set(lists.flat())].filter((s) => stepRunner(s) === "lambda");
}

/** The runbook steps a generated workflow runs, in order: its step names without the decision gate. */
export function runbookStepsOf(workflow: { steps?: readonly { name: string }[] }): string[] {
  return (workflow.steps ?? []).map((s) => s.name).filter((n) => n !== DECISION_GATE.name);
}
