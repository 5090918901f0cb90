import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FAILOVER_STEPS, FailoverStep } from "../tiers/tierProfile";
import { serviceTrustPolicy } from "../iam";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { executionStatements } from "./regionSwitchPolicy";
import {
  APPROVAL_TIMEOUT_MINUTES,
  ByRegion,
  EcsServiceRef,
  RecoveryApproach,
  RegionalArns,
  RegionSwitchRefs,
  regionSwitchWorkflow,
  RoutingControlRef,
  stepRunner,
  WorkflowAction,
  workflowSpecs,
} from "./regionSwitchWorkflow";

export interface RegionSwitchPlanArgs {
  /** Region that normally serves (the primary stack's). Required. */
  readonly primaryRegion: string;
  /** Region that takes over (this, the recovery stack's). Must differ from `primaryRegion`. */
  readonly recoveryRegion: string;
  /** The runbook's failover steps, in order (`stepsOf(profile, "failover")`). Must hold at least 1. */
  readonly failoverSteps: readonly FailoverStep[];
  /** The runbook's failback steps, in order (`stepsOf(profile, "failback")`). Defaults to `failoverSteps`. */
  readonly failbackSteps?: readonly FailoverStep[];
  /** A person decides to fail over (TierProfile.decisionRequired): each workflow opens with a decision gate. Defaults to `false`. */
  readonly decisionRequired?: boolean;
  /** Recovery time objective in minutes (> 0); ARC reports executions against it. Required. */
  readonly rtoMinutes: number;
  /** `activePassive` (activate workflows) or `activeActive` (deactivate to fail over, activate to return). Defaults to `activePassive`. */
  readonly recoveryApproach?: RecoveryApproach;
  /** Plan name, 1-32 letters, digits or hyphens. Defaults to the component name. */
  readonly planName?: string;
  /** Storefront ASGs per region; required when a workflow has `scale-compute`. Defaults to `undefined`. */
  readonly asgArns?: RegionalArns;
  /** Storefront ECS services per region, scaled with the ASGs. Defaults to `undefined` (ASG block only). */
  readonly ecsServices?: ByRegion<EcsServiceRef>;
  /** Aurora global cluster identifier; required when a workflow has `promote-database`. Defaults to `undefined`. */
  readonly globalClusterIdentifier?: pulumi.Input<string>;
  /** Aurora member cluster ARNs per region; required when a workflow has `promote-database`. Defaults to `undefined`. */
  readonly databaseClusterArns?: RegionalArns;
  /** ARC routing controls; `switch-routing` then also runs ARC's routing control block. Defaults to `undefined` (the switch Lambda alone). */
  readonly routingControls?: RoutingControlRef;
  /** The custom-action Lambdas per workflow action, one per region (RegionSwitchActions). Required by Lambda steps. Defaults to `{}`. */
  readonly actionLambdas?: Partial<Record<WorkflowAction, RegionalArns>>;
  /** Role operators assume to approve the decision gate. Defaults to a role created here, assumable by this account's principals. */
  readonly approvalRoleArn?: pulumi.Input<string>;
  /** Minutes the decision gate waits. Defaults to `60`. */
  readonly approvalTimeoutMinutes?: number;
}

/** Args that stay optional once resolved: absent means the step or role that needs them is not there. */
type OptionalPlanArgs =
  | "asgArns"
  | "ecsServices"
  | "globalClusterIdentifier"
  | "databaseClusterArns"
  | "routingControls"
  | "approvalRoleArn";

/** RegionSwitchPlanArgs with every default applied. */
export type ResolvedRegionSwitchPlanArgs = Required<Omit<RegionSwitchPlanArgs, OptionalPlanArgs>> &
  Pick<RegionSwitchPlanArgs, OptionalPlanArgs>;

const REGION = /^[a-z]{2}-[a-z]+-\d+$/;
const PLAN_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,30}[a-zA-Z0-9])?$/;

function stepListErrors(key: string, steps: readonly string[]): string[] {
  const errors: string[] = [];
  if (steps.length === 0) errors.push(`${key} must hold at least 1 failover step`);
  const unknown = steps.filter((s) => !(FAILOVER_STEPS as readonly string[]).includes(s));
  if (unknown.length > 0)
    errors.push(
      `${key} has unknown step(s) ${unknown.join(", ")}; allowed: ${FAILOVER_STEPS.join(", ")}`,
    );
  const dupes = steps.filter((s, i) => steps.indexOf(s) !== i);
  if (dupes.length > 0)
    errors.push(`${key} must not repeat a step (repeated: ${[...new Set(dupes)].join(", ")})`);
  if (steps.includes("restore-backups")) {
    errors.push(
      `${key} has restore-backups, which no plan block runs (ARC has no AWS Backup block; the runbook restores)`,
    );
  }
  return errors;
}

/**
 * RegionSwitchPlanArgs with every default applied (the plan is named after the component, `name`), and every
 * problem with them, each naming its property.
 */
export function resolveRegionSwitchPlanArgs(
  name: string,
  args: RegionSwitchPlanArgs,
): Resolved<ResolvedRegionSwitchPlanArgs> {
  const errors: string[] = [];
  if (!(
    typeof args.rtoMinutes === "number" &&
    Number.isFinite(args.rtoMinutes) &&
    args.rtoMinutes > 0
  )) {
    errors.push(`rtoMinutes must be a number > 0 (got ${args.rtoMinutes})`);
  }
  for (const key of ["primaryRegion", "recoveryRegion"] as const) {
    if (!REGION.test(args[key]))
      errors.push(`${key} must be a region name such as us-east-1 (got "${args[key]}")`);
  }
  if (args.primaryRegion === args.recoveryRegion) {
    errors.push(`recoveryRegion must differ from primaryRegion (both "${args.primaryRegion}")`);
  }
  errors.push(...stepListErrors("failoverSteps", args.failoverSteps ?? []));
  if (args.failbackSteps) errors.push(...stepListErrors("failbackSteps", args.failbackSteps));
  const approach = args.recoveryApproach;
  if (approach !== undefined && approach !== "activePassive" && approach !== "activeActive") {
    errors.push(`recoveryApproach must be activePassive or activeActive (got "${approach}")`);
  }

  const regions = [args.primaryRegion, args.recoveryRegion];
  const lists = { failover: args.failoverSteps ?? [], failback: args.failbackSteps };
  const specs = workflowSpecs(
    approach === "activeActive" ? "activeActive" : "activePassive",
    lists,
    args,
  );
  const steps = new Set(specs.flatMap((w) => w.steps));
  const needsRegions = (key: string, map: ByRegion<unknown> | undefined, step: FailoverStep) => {
    if (!steps.has(step)) return;
    const missing = regions.filter((r) => map?.[r] === undefined);
    if (missing.length > 0)
      errors.push(`${key} is required by step ${step} (missing ${missing.join(", ")})`);
  };
  needsRegions("asgArns", args.asgArns, "scale-compute");
  if (args.ecsServices) needsRegions("ecsServices", args.ecsServices, "scale-compute");
  if (steps.has("promote-database") && args.globalClusterIdentifier === undefined) {
    errors.push("globalClusterIdentifier is required by step promote-database");
  }
  needsRegions("databaseClusterArns", args.databaseClusterArns, "promote-database");
  if (args.routingControls)
    needsRegions(
      "routingControls.routingControlArns",
      args.routingControls.routingControlArns,
      "switch-routing",
    );
  for (const spec of specs) {
    const lambdaSteps = spec.steps.filter((s) => stepRunner(s) === "lambda");
    const lambdas = args.actionLambdas?.[spec.action];
    const missing = regions.filter((r) => lambdas?.[r] === undefined);
    if (lambdaSteps.length > 0 && missing.length > 0) {
      errors.push(
        `actionLambdas.${spec.action} is required by step(s) ${lambdaSteps.join(", ")} (missing ${missing.join(", ")})`,
      );
    }
  }
  const planName = args.planName ?? name;
  if (!PLAN_NAME.test(planName))
    errors.push(`planName must be 1-32 letters, digits or inner hyphens (got "${planName}")`);
  const t = args.approvalTimeoutMinutes;
  if (t !== undefined && !(Number.isInteger(t) && t >= 1))
    errors.push(`approvalTimeoutMinutes must be an integer >= 1 (got ${t})`);
  const resolved: ResolvedRegionSwitchPlanArgs = {
    ...args,
    failbackSteps: args.failbackSteps ?? args.failoverSteps,
    decisionRequired: args.decisionRequired ?? false,
    recoveryApproach: args.recoveryApproach ?? "activePassive",
    planName,
    actionLambdas: args.actionLambdas ?? {},
    approvalTimeoutMinutes: t ?? APPROVAL_TIMEOUT_MINUTES,
  };
  return { args: resolved, errors: [...new Set(errors)] };
}

/**
 * One ARC Region Switch plan spanning both regions, whose workflows are generated from the runbook's step lists
 * (./regionSwitchWorkflow.ts), so the runbook, the drill and the plan cannot disagree. Created by the recovery
 * stack (DESIGN decision 1), which holds the references to both regions' resources.
 *
 * Its execution role (assumed by arc-region-switch.amazonaws.com) gets only what the generated blocks need, on the
 * given ARNs where the action allows scoping. The only manual step is the decision gate of a tier whose failover a
 * person decides; an operator approves it through the approval role.
 */
export class RegionSwitchPlan extends pulumi.ComponentResource {
  public readonly planArn: pulumi.Output<string>;
  public readonly executionRoleArn: pulumi.Output<string>;
  /** The approval role (given or created); undefined when the plan has no decision gate. */
  public readonly approvalRoleArn?: pulumi.Output<string>;

  constructor(
    name: string,
    args: RegionSwitchPlanArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:resilience:RegionSwitchPlan", name, {}, opts);
    const a = requireValid(resolveRegionSwitchPlanArgs(name, args), "RegionSwitchPlan", name, this);
    const approach = a.recoveryApproach;
    const decisionRequired = a.decisionRequired;
    const actionLambdas = a.actionLambdas;
    const tags = { component: "region-switch" };
    const opt = { parent: this };
    const account = aws.getCallerIdentityOutput({}, opt).accountId;
    const specs = workflowSpecs(
      approach,
      { failover: a.failoverSteps, failback: a.failbackSteps },
      args,
    );
    const allSteps = [...new Set(specs.flatMap((w) => w.steps))];

    let approver: aws.iam.Role | undefined;
    let approvalRoleArn: pulumi.Input<string> | undefined = decisionRequired
      ? a.approvalRoleArn
      : undefined;
    if (decisionRequired && !approvalRoleArn) {
      approver = new aws.iam.Role(
        `${name}-approver`,
        {
          description: "Operators assume this to approve the Region Switch plan's decision gate",
          assumeRolePolicy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: "sts:AssumeRole",
                Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
              },
            ],
          }),
          tags,
        },
        opt,
      );
      approvalRoleArn = approver.arn;
    }

    const refs: RegionSwitchRefs = {
      primaryRegion: a.primaryRegion,
      recoveryRegion: a.recoveryRegion,
      decisionGate: decisionRequired,
      approvalRoleArn,
      approvalTimeoutMinutes: a.approvalTimeoutMinutes,
      asgArns: a.asgArns,
      ecsServices: a.ecsServices,
      globalClusterIdentifier: a.globalClusterIdentifier,
      databaseClusterArns: a.databaseClusterArns,
      routingControls: a.routingControls,
    };
    const usedActions = [
      ...new Set(
        specs.filter((w) => w.steps.some((s) => stepRunner(s) === "lambda")).map((w) => w.action),
      ),
    ];
    const lambdaArns = usedActions.flatMap((action) =>
      [a.primaryRegion, a.recoveryRegion].map((r) => actionLambdas[action]![r]),
    );

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
          Statement: executionStatements(allSteps, { ...refs, lambdaArns }, account),
        }),
      },
      opt,
    );

    const plan = new aws.arcregionswitch.Plan(
      `${name}-plan`,
      {
        name: a.planName,
        description: `SecureCart failover ${a.primaryRegion} → ${a.recoveryRegion}: ${a.failoverSteps.join(", ")}`,
        executionRole: executionRole.arn,
        recoveryApproach: approach,
        regions: [a.primaryRegion, a.recoveryRegion],
        // Only an active/passive plan has a primary; active/active regions are peers.
        primaryRegion: approach === "activePassive" ? a.primaryRegion : undefined,
        // ARC takes whole minutes; rounding up never claims a tighter objective than the tier's.
        recoveryTimeObjectiveMinutes: Math.max(1, Math.ceil(a.rtoMinutes)),
        workflows: specs.map((w) =>
          regionSwitchWorkflow(
            w.steps,
            { ...refs, action: w.action, actionLambdas: actionLambdas[w.action] },
            w.targetRegion,
          ),
        ),
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
              {
                Effect: "Allow",
                Action: [
                  "arc-region-switch:ApprovePlanExecutionStep",
                  "arc-region-switch:GetPlanExecution",
                ],
                Resource: plan.arn,
              },
            ],
          }),
        },
        opt,
      );
    }

    this.planArn = plan.arn;
    this.executionRoleArn = executionRole.arn;
    this.approvalRoleArn =
      approvalRoleArn === undefined ? undefined : pulumi.output(approvalRoleArn);
    this.registerOutputs({
      planArn: this.planArn,
      executionRoleArn: this.executionRoleArn,
      ...(this.approvalRoleArn ? { approvalRoleArn: this.approvalRoleArn } : {}),
    });
  }
}
