import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FAILOVER_STEPS, FailoverStep } from "../tiers/tierProfile";
import { baseTags } from "../tags";
import { serviceTrustPolicy } from "../iam";

type PlanWorkflow = aws.types.input.arcregionswitch.PlanWorkflow;
type PlanWorkflowStep = aws.types.input.arcregionswitch.PlanWorkflowStep;

/** One value per region, keyed by region name (e.g. `{ "us-east-1": arn, "eu-west-1": arn }`), as ARC's own maps are. */
export type ByRegion<T> = Readonly<Record<string, T>>;
export type RegionalArns = ByRegion<pulumi.Input<string>>;

export interface EcsServiceRef {
  readonly clusterArn: pulumi.Input<string>;
  readonly serviceArn: pulumi.Input<string>;
}

export interface FailoverRoutingRef {
  readonly hostedZoneId: pulumi.Input<string>;
  /** The failover records' name, e.g. `shop.example.com`. */
  readonly recordName: pulumi.Input<string>;
  /** `setIdentifier` of each region's failover record (PRIMARY and SECONDARY). */
  readonly setIdentifiers: ByRegion<pulumi.Input<string>>;
}

/** What the workflow's execution blocks act on. */
export interface RegionSwitchRefs {
  readonly primaryRegion: string;
  readonly recoveryRegion: string;
  /** `activate` brings a region into service; `deactivate` takes one out (active-active only). Defaults to `activate`. */
  readonly action?: "activate" | "deactivate";
  /** Role an operator assumes to approve manual steps. Required when a step becomes a manual approval. */
  readonly approvalRoleArn?: pulumi.Input<string>;
  /** Minutes a manual approval waits. Defaults to `60`. */
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
  /** Route 53 failover records; needed by `switch-routing`. */
  readonly routing?: FailoverRoutingRef;
  /** Lambda functions (one per region, as ARC requires) that automate a step otherwise left to a manual approval. */
  readonly customActions?: Partial<Record<FailoverStep, RegionalArns>>;
}

function regionOrder(refs: Pick<RegionSwitchRefs, "primaryRegion" | "recoveryRegion">): string[] {
  return [refs.primaryRegion, refs.recoveryRegion];
}

/** A region-keyed map's values, primary region first (validation has made sure both are there). */
function inRegionOrder<T>(map: ByRegion<T>, refs: Pick<RegionSwitchRefs, "primaryRegion" | "recoveryRegion">): T[] {
  return regionOrder(refs).map((region) => map[region]);
}

/** ARC execution block type each failover step becomes (steps with no native block: Lambda or manual approval). */
export const STEP_BLOCK: Readonly<Record<FailoverStep, "native" | "custom">> = {
  "check-target-health": "custom",
  "restore-backups": "custom",
  "scale-compute": "native",
  "promote-database": "native",
  "switch-routing": "native",
  "drain-traffic": "custom",
  "set-region-role": "custom",
  "verify-health": "custom",
};

/** What an operator (or the step's Lambda) does for a step ARC has no block for. */
function customStepDescription(step: FailoverStep, action: "activate" | "deactivate"): string {
  switch (step) {
    case "check-target-health":
      return "Confirm the target region's /health/deep is ok and its alarms are green before anything moves.";
    case "restore-backups":
      return "Restore the latest recovery points from the DR vault (npm run failover); ARC has no AWS Backup block.";
    case "drain-traffic":
      return action === "deactivate"
        ? "Set the failing region's Global Accelerator traffic dial to 0; ARC has no Global Accelerator block."
        : "Set the returning region's Global Accelerator traffic dial back to 100.";
    case "set-region-role":
      return "Confirm /topology reports role=primary in the activated region (REGION_ROLE=auto follows the promoted database), then apply the runbook's config edits.";
    case "verify-health":
      return "Confirm /health/deep and the checkout alarms are green in the activated region.";
    default:
      return step;
  }
}

/** The ARC execution block(s) of one failover step, in run order. */
function stepBlocks(step: FailoverStep, refs: RegionSwitchRefs): PlanWorkflowStep[] {
  const action = refs.action ?? "activate";
  const timeoutMinutes = refs.blockTimeoutMinutes ?? 30;
  switch (step) {
    case "scale-compute": {
      const asgs = inRegionOrder(refs.asgArns!, refs);
      // Hosts first, then tasks: the ECS service's tasks need the capacity provider's instances to place on.
      const blocks: PlanWorkflowStep[] = [
        {
          name: "scale-compute-ec2",
          description: "Scale the activating region's storefront ASG to the other region's recent capacity.",
          executionBlockType: "EC2AutoScaling",
          ec2AsgCapacityIncreaseConfigs: [
            {
              asgs: asgs.map((arn) => ({ arn })),
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
          description: "Scale the activating region's storefront ECS service to the other region's recent task count.",
          executionBlockType: "ECSServiceScaling",
          ecsCapacityIncreaseConfigs: [
            {
              services: inRegionOrder(refs.ecsServices, refs).map((s) => ({ clusterArn: s.clusterArn, serviceArn: s.serviceArn })),
              capacityMonitoringApproach: "sampledMaxInLast24Hours",
              targetPercent: 100,
              timeoutMinutes,
            },
          ],
        });
      }
      return blocks;
    }
    case "promote-database": {
      return [
        {
          name: "promote-database",
          description: "Move the Aurora global writer: switchover when both regions are up, failover when the old writer is gone.",
          executionBlockType: "AuroraGlobalDatabase",
          globalAuroraConfigs: [
            {
              // Graceful runs lose nothing; an ungraceful run (region down) may lose up to the replication lag (the RPO).
              behavior: "switchoverOnly",
              ungracefuls: [{ ungraceful: "failover" }],
              globalClusterIdentifier: refs.globalClusterIdentifier!,
              databaseClusterArns: inRegionOrder(refs.databaseClusterArns!, refs),
              timeoutMinutes,
            },
          ],
        },
      ];
    }
    case "switch-routing": {
      // ARC flips routing through Route 53 health checks it creates for the plan (getRoute53HealthChecks(planArn));
      // the failover records only follow the plan when they carry those health checks.
      const r = refs.routing!;
      return [
        {
          name: "switch-routing",
          description: "Flip the Route 53 failover records to the activating region through ARC's health checks.",
          executionBlockType: "Route53HealthCheck",
          route53HealthCheckConfigs: [
            {
              hostedZoneId: r.hostedZoneId,
              recordName: r.recordName,
              recordSets: regionOrder(refs).map((region) => ({ recordSetIdentifier: r.setIdentifiers[region], region })),
              timeoutMinutes,
            },
          ],
        },
      ];
    }
    default: {
      const description = customStepDescription(step, action);
      const lambdas = refs.customActions?.[step];
      if (lambdas) {
        return [
          {
            name: step,
            description,
            executionBlockType: "CustomActionLambda",
            customActionLambdaConfigs: [
              {
                lambdas: inRegionOrder(lambdas, refs).map((arn) => ({ arn })),
                // A deactivation names only the region going out; an impaired region must not block it, hence skip.
                regionToRun: action === "activate" ? "activatingRegion" : "deactivatingRegion",
                retryIntervalMinutes: 1,
                timeoutMinutes,
                ...(action === "deactivate" ? { ungracefuls: [{ behavior: "skip" }] } : {}),
              },
            ],
          },
        ];
      }
      return [
        {
          name: step,
          description,
          executionBlockType: "ManualApproval",
          executionApprovalConfigs: [{ approvalRole: refs.approvalRoleArn!, timeoutMinutes: refs.approvalTimeoutMinutes ?? 60 }],
        },
      ];
    }
  }
}

/**
 * The ARC Region Switch workflow for an ordered failover step list: each step becomes its execution block(s), in
 * the same order as the runbook. The blocks name both regions' resources, so one activate workflow serves a
 * failover and a failback alike; `workflowTargetRegion` is left unset for that reason.
 */
export function regionSwitchWorkflow(steps: readonly FailoverStep[], refs: RegionSwitchRefs): PlanWorkflow {
  const action = refs.action ?? "activate";
  return {
    workflowTargetAction: action,
    workflowDescription: `${action === "activate" ? "Bring a region into service" : "Take a region out of service"}: ${steps.join(" → ")}`,
    steps: steps.flatMap((step) => stepBlocks(step, refs)),
  };
}

/**
 * The steps that bring a region back into an active-active pair. The writer stays where the deactivation put it
 * (moving it back is a planned switchover an operator chooses), and nothing is restored from backup.
 */
export function reactivationSteps(steps: readonly FailoverStep[]): FailoverStep[] {
  const kept = steps.filter((s) => s !== "promote-database" && s !== "restore-backups");
  return kept.length > 0 ? kept : ["verify-health"];
}

/** Whether any step of the list ends up as a manual approval with these refs. */
export function needsApproval(steps: readonly FailoverStep[], customActions: RegionSwitchRefs["customActions"] = {}): boolean {
  return steps.some((s) => STEP_BLOCK[s] === "custom" && !customActions[s]);
}

export interface RegionSwitchPlanArgs {
  /** Region that normally serves (the primary stack's). Required. */
  readonly primaryRegion: string;
  /** Region that takes over (this, the recovery stack's). Must differ from `primaryRegion`. */
  readonly recoveryRegion: string;
  /** The tier's failover steps, in order (TierProfile.failoverSteps): the runbook's list. Must hold at least 1. */
  readonly steps: readonly FailoverStep[];
  /** Recovery time objective in minutes (> 0); ARC reports executions against it. Required. */
  readonly rtoMinutes: number;
  /** `activePassive` (one activate workflow) or `activeActive` (deactivate with `steps`, plus activate). Defaults to `activePassive`. */
  readonly recoveryApproach?: "activePassive" | "activeActive";
  /** Plan name, 1-32 letters, digits or hyphens. Defaults to the component name. */
  readonly planName?: string;
  /** Storefront ASGs per region; required when `steps` has `scale-compute`. Defaults to `undefined`. */
  readonly asgArns?: RegionalArns;
  /** Storefront ECS services per region, scaled after the ASGs. Defaults to `undefined` (ASG block only). */
  readonly ecsServices?: ByRegion<EcsServiceRef>;
  /** Aurora global cluster identifier; required when `steps` has `promote-database`. Defaults to `undefined`. */
  readonly globalClusterIdentifier?: pulumi.Input<string>;
  /** Aurora member cluster ARNs per region; required when `steps` has `promote-database`. Defaults to `undefined`. */
  readonly databaseClusterArns?: RegionalArns;
  /** Route 53 failover records; required when `steps` has `switch-routing`. Defaults to `undefined`. */
  readonly routing?: FailoverRoutingRef;
  /** Lambdas (per region) automating steps that otherwise wait for manual approval. Defaults to `{}`. */
  readonly customActions?: RegionSwitchRefs["customActions"];
  /** Role operators assume to approve manual steps. Defaults to a role created here, assumable by this account's principals. */
  readonly approvalRoleArn?: pulumi.Input<string>;
  /** Minutes a manual approval waits. Defaults to `60`. */
  readonly approvalTimeoutMinutes?: number;
  /** Region role, for tags. Defaults to `recovery`. */
  readonly role?: string;
}

const REGION = /^[a-z]{2}-[a-z]+-\d+$/;
const PLAN_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

/** Every problem with the args, each naming its property; empty when they are valid. */
export function validateRegionSwitchPlanArgs(name: string, args: RegionSwitchPlanArgs): string[] {
  const errors: string[] = [];
  const steps = args.steps as readonly string[];
  if (!(typeof args.rtoMinutes === "number" && Number.isFinite(args.rtoMinutes) && args.rtoMinutes > 0)) {
    errors.push(`rtoMinutes must be a number > 0 (got ${args.rtoMinutes})`);
  }
  for (const key of ["primaryRegion", "recoveryRegion"] as const) {
    if (!REGION.test(args[key])) errors.push(`${key} must be a region name such as us-east-1 (got "${args[key]}")`);
  }
  if (args.primaryRegion === args.recoveryRegion) errors.push(`recoveryRegion must differ from primaryRegion (both "${args.primaryRegion}")`);
  if (steps.length === 0) errors.push("steps must hold at least 1 failover step");
  const unknown = steps.filter((s) => !(FAILOVER_STEPS as readonly string[]).includes(s));
  if (unknown.length > 0) errors.push(`steps has unknown step(s) ${unknown.join(", ")}; allowed: ${FAILOVER_STEPS.join(", ")}`);
  const dupes = steps.filter((s, i) => steps.indexOf(s) !== i);
  if (dupes.length > 0) errors.push(`steps must not repeat a step (repeated: ${[...new Set(dupes)].join(", ")})`);
  const regions = [args.primaryRegion, args.recoveryRegion];
  const needsRegions = (key: string, map: ByRegion<unknown> | undefined, step: string) => {
    if (!steps.includes(step)) return;
    const missing = regions.filter((r) => map?.[r] === undefined);
    if (missing.length > 0) errors.push(`${key} is required by step ${step} (missing ${missing.join(", ")})`);
  };
  needsRegions("asgArns", args.asgArns, "scale-compute");
  if (steps.includes("scale-compute") && args.ecsServices) needsRegions("ecsServices", args.ecsServices, "scale-compute");
  if (steps.includes("promote-database") && args.globalClusterIdentifier === undefined) {
    errors.push("globalClusterIdentifier is required by step promote-database");
  }
  needsRegions("databaseClusterArns", args.databaseClusterArns, "promote-database");
  if (steps.includes("switch-routing") && !args.routing) errors.push("routing is required by step switch-routing");
  else needsRegions("routing.setIdentifiers", args.routing?.setIdentifiers, "switch-routing");
  for (const [step, lambdas] of Object.entries(args.customActions ?? {})) {
    if (!(FAILOVER_STEPS as readonly string[]).includes(step) || STEP_BLOCK[step as FailoverStep] !== "custom") {
      errors.push(`customActions.${step} is not a step that takes a custom action`);
    } else {
      const missing = regions.filter((r) => lambdas?.[r] === undefined);
      if (missing.length > 0) errors.push(`customActions.${step} needs a Lambda ARN per region (missing ${missing.join(", ")})`);
    }
  }
  const approach = args.recoveryApproach;
  if (approach !== undefined && approach !== "activePassive" && approach !== "activeActive") {
    errors.push(`recoveryApproach must be activePassive or activeActive (got "${approach}")`);
  }
  const planName = args.planName ?? name;
  if (!PLAN_NAME.test(planName)) errors.push(`planName must be 1-32 letters, digits or inner hyphens (got "${planName}")`);
  const t = args.approvalTimeoutMinutes;
  if (t !== undefined && !(Number.isInteger(t) && t >= 1)) errors.push(`approvalTimeoutMinutes must be an integer >= 1 (got ${t})`);
  return errors;
}

/**
 * One ARC Region Switch plan spanning both regions, whose workflow is generated from the tier's failover step
 * list, so the runbook and the plan cannot disagree. Created by the recovery stack (DESIGN decision 1), which
 * holds the references to both regions' resources.
 *
 * Its execution role (assumed by arc-region-switch.amazonaws.com) gets only what the generated blocks need, on the
 * given ARNs where the action allows scoping. Steps ARC has no block for become a Lambda custom action when one is
 * given, else a manual approval, which an operator approves through the approval role.
 */
export class RegionSwitchPlan extends pulumi.ComponentResource {
  public readonly planArn: pulumi.Output<string>;
  public readonly executionRoleArn: pulumi.Output<string>;
  /** The approval role (given or created); undefined when no step needs approval. */
  public readonly approvalRoleArn?: pulumi.Output<string>;

  constructor(name: string, args: RegionSwitchPlanArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:resilience:RegionSwitchPlan", name, {}, opts);
    const errors = validateRegionSwitchPlanArgs(name, args);
    if (errors.length > 0) throw new pulumi.ResourceError(`RegionSwitchPlan ${name}: ${errors.join("; ")}`, this);

    const approach = args.recoveryApproach ?? "activePassive";
    const planName = args.planName ?? name;
    const customActions = args.customActions ?? {};
    const tags = baseTags(args.role ?? "recovery", { component: "region-switch" });
    const opt = { parent: this };
    const account = aws.getCallerIdentityOutput({}, opt).accountId;

    const workflowSteps: { steps: readonly FailoverStep[]; action: "activate" | "deactivate" }[] =
      approach === "activePassive"
        ? [{ steps: args.steps, action: "activate" }]
        : [
            { steps: args.steps, action: "deactivate" },
            { steps: reactivationSteps(args.steps), action: "activate" },
          ];
    const allSteps = workflowSteps.flatMap((w) => w.steps);

    let approver: aws.iam.Role | undefined;
    let approvalRoleArn: pulumi.Input<string> | undefined = args.approvalRoleArn;
    if (!approvalRoleArn && needsApproval(allSteps, customActions)) {
      approver = new aws.iam.Role(
        `${name}-approver`,
        {
          description: "Operators assume this to approve the Region Switch plan's manual steps",
          assumeRolePolicy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` } }],
          }),
          tags,
        },
        opt,
      );
      approvalRoleArn = approver.arn;
    }

    const refs: RegionSwitchRefs = {
      primaryRegion: args.primaryRegion,
      recoveryRegion: args.recoveryRegion,
      approvalRoleArn,
      approvalTimeoutMinutes: args.approvalTimeoutMinutes,
      asgArns: args.asgArns,
      ecsServices: args.ecsServices,
      globalClusterIdentifier: args.globalClusterIdentifier,
      databaseClusterArns: args.databaseClusterArns,
      routing: args.routing,
      customActions,
    };

    const executionRole = new aws.iam.Role(
      `${name}-execution`,
      {
        description: "ARC Region Switch runs the SecureCart plan's blocks with this role",
        assumeRolePolicy: serviceTrustPolicy("arc-region-switch.amazonaws.com", account),
        tags,
      },
      opt,
    );
    const executionPolicy = new aws.iam.RolePolicy(
      `${name}-execution`,
      {
        role: executionRole.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: executionStatements(allSteps, refs, account),
        }),
      },
      opt,
    );

    const plan = new aws.arcregionswitch.Plan(
      `${name}-plan`,
      {
        name: planName,
        description: `SecureCart failover ${args.primaryRegion} → ${args.recoveryRegion}: ${args.steps.join(", ")}`,
        executionRole: executionRole.arn,
        recoveryApproach: approach,
        regions: [args.primaryRegion, args.recoveryRegion],
        // Only an active/passive plan has a primary; active/active regions are peers.
        primaryRegion: approach === "activePassive" ? args.primaryRegion : undefined,
        // ARC takes whole minutes; rounding up never claims a tighter objective than the tier's.
        recoveryTimeObjectiveMinutes: Math.max(1, Math.ceil(args.rtoMinutes)),
        workflows: workflowSteps.map((w) => regionSwitchWorkflow(w.steps, { ...refs, action: w.action })),
        tags,
      },
      // ARC validates the plan with the execution role on create, so its permissions must exist first.
      { parent: this, dependsOn: [executionPolicy] },
    );

    if (approver) {
      new aws.iam.RolePolicy(
        `${name}-approver`,
        {
          role: approver.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["arc-region-switch:ApprovePlanExecutionStep", "arc-region-switch:GetPlanExecution"], Resource: plan.arn },
            ],
          }),
        },
        opt,
      );
    }

    this.planArn = plan.arn;
    this.executionRoleArn = executionRole.arn;
    this.approvalRoleArn = approvalRoleArn === undefined ? undefined : pulumi.output(approvalRoleArn);
    this.registerOutputs({ planArn: this.planArn, executionRoleArn: this.executionRoleArn, approvalRoleArn: this.approvalRoleArn });
  }
}

/** IAM statements the execution role needs for the blocks these steps generate (the ARC sample policies, scoped). */
export function executionStatements(
  steps: readonly FailoverStep[],
  refs: RegionSwitchRefs,
  account: pulumi.Input<string>,
): Record<string, unknown>[] {
  const has = (s: FailoverStep) => steps.includes(s);
  const statements: Record<string, unknown>[] = [];
  const namespaces: string[] = [];
  if (has("scale-compute") && refs.asgArns) {
    statements.push(
      { Sid: "DescribeAsgs", Effect: "Allow", Action: "autoscaling:DescribeAutoScalingGroups", Resource: "*" },
      { Sid: "ScaleAsgs", Effect: "Allow", Action: "autoscaling:UpdateAutoScalingGroup", Resource: inRegionOrder(refs.asgArns, refs) },
    );
    namespaces.push("AWS/AutoScaling");
  }
  if (has("scale-compute") && refs.ecsServices) {
    const services = inRegionOrder(refs.ecsServices, refs);
    statements.push(
      { Sid: "ScaleEcs", Effect: "Allow", Action: ["ecs:DescribeServices", "ecs:UpdateService"], Resource: services.map((s) => s.serviceArn) },
      { Sid: "DescribeEcsClusters", Effect: "Allow", Action: "ecs:DescribeClusters", Resource: services.map((s) => s.clusterArn) },
      { Sid: "ListEcsServices", Effect: "Allow", Action: "ecs:ListServices", Resource: "*" },
      {
        Sid: "EcsScalableTargets",
        Effect: "Allow",
        Action: ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:RegisterScalableTarget"],
        Resource: "*",
      },
    );
    namespaces.push("AWS/ECS");
  }
  if (namespaces.length > 0) {
    statements.push({
      Sid: "SampleCapacity",
      Effect: "Allow",
      Action: "cloudwatch:GetMetricStatistics",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": namespaces } },
    });
  }
  if (has("promote-database") && refs.globalClusterIdentifier !== undefined && refs.databaseClusterArns) {
    statements.push(
      { Sid: "DescribeAurora", Effect: "Allow", Action: ["rds:DescribeGlobalClusters", "rds:DescribeDBClusters"], Resource: "*" },
      {
        Sid: "MoveAuroraWriter",
        Effect: "Allow",
        Action: ["rds:FailoverGlobalCluster", "rds:SwitchoverGlobalCluster"],
        Resource: [
          pulumi.interpolate`arn:aws:rds::${account}:global-cluster:${refs.globalClusterIdentifier}`,
          ...inRegionOrder(refs.databaseClusterArns, refs),
        ],
      },
    );
  }
  if (has("switch-routing") && refs.routing) {
    statements.push({
      Sid: "ReadFailoverRecords",
      Effect: "Allow",
      Action: "route53:ListResourceRecordSets",
      Resource: pulumi.interpolate`arn:aws:route53:::hostedzone/${refs.routing.hostedZoneId}`,
    });
  }
  const lambdas = [...new Set(steps)].flatMap((s) => {
    const pair = STEP_BLOCK[s] === "custom" ? refs.customActions?.[s] : undefined;
    return pair ? inRegionOrder(pair, refs) : [];
  });
  if (lambdas.length > 0) {
    statements.push({ Sid: "RunCustomActions", Effect: "Allow", Action: ["lambda:InvokeFunction", "lambda:GetFunction"], Resource: lambdas });
  }
  // A plan of manual approvals only still needs a valid policy document.
  if (statements.length === 0) {
    statements.push({ Sid: "ReadOwnPlan", Effect: "Allow", Action: "arc-region-switch:GetPlan", Resource: pulumi.interpolate`arn:aws:arc-region-switch::${account}:plan/*` });
  }
  return statements;
}
