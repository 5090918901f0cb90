import { strict as assert } from "assert";
import {
  DECISION_GATE,
  RegionSwitchPlan,
  RegionSwitchPlanArgs,
  RegionSwitchRefs,
  regionSwitchWorkflow,
  runbookStepsOf,
  resolveRegionSwitchPlanArgs,
  workflowSpecs,
} from "../../components/resilience";
import { stepsOf, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { record, onlyOf, countByType, ofType } from "../support/harness";

const P = "us-east-1";
const R = "eu-west-1";
const PLAN = "aws:arcregionswitch/plan:Plan";
const asgArn = (region: string) =>
  `arn:aws:autoscaling:${region}:123456789012:autoScalingGroup:uuid:autoScalingGroupName/storefront-${region}`;
const clusterArn = (region: string) =>
  `arn:aws:rds:${region}:123456789012:cluster:orders-${region}`;
const lambdaArn = (region: string, action = "activate") =>
  `arn:aws:lambda:${region}:123456789012:function:rs-${region}-${action}`;
const rcArn = (panel: string, id: string) =>
  `arn:aws:route53-recovery-control::123456789012:controlpanel/${panel}/routingcontrol/${id}`;
const APPROVER = "arn:aws:iam::123456789012:role/approver";

const PASSIVE = TIER_PROFILES["warm-standby"];
const ACTIVE = TIER_PROFILES["active-active"];
const lambdas = (action = "activate") => ({ [R]: lambdaArn(R, action), [P]: lambdaArn(P, action) });

const refs: RegionSwitchRefs = {
  primaryRegion: P,
  recoveryRegion: R,
  approvalRoleArn: APPROVER,
  asgArns: { [R]: asgArn(R), [P]: asgArn(P) },
  ecsServices: {
    [P]: {
      clusterArn: `arn:aws:ecs:${P}:123456789012:cluster/shop`,
      serviceArn: `arn:aws:ecs:${P}:123456789012:service/shop/web`,
    },
    [R]: {
      clusterArn: `arn:aws:ecs:${R}:123456789012:cluster/shop`,
      serviceArn: `arn:aws:ecs:${R}:123456789012:service/shop/web`,
    },
  },
  globalClusterIdentifier: "securecart-orders",
  databaseClusterArns: { [P]: clusterArn(P), [R]: clusterArn(R) },
  actionLambdas: lambdas(),
};

const planArgs = (
  profile = PASSIVE,
  extra: Partial<RegionSwitchPlanArgs> = {},
): RegionSwitchPlanArgs => ({
  primaryRegion: P,
  recoveryRegion: R,
  failoverSteps: stepsOf(profile, "failover"),
  failbackSteps: stepsOf(profile, "failback"),
  decisionRequired: profile.decisionRequired,
  rtoMinutes: profile.targets.rtoMinutes,
  recoveryApproach: profile.frontDoor === "global-accelerator" ? "activeActive" : "activePassive",
  asgArns: refs.asgArns,
  ecsServices: refs.ecsServices,
  globalClusterIdentifier: "securecart-orders",
  databaseClusterArns: refs.databaseClusterArns,
  actionLambdas:
    profile.frontDoor === "global-accelerator"
      ? { deactivate: lambdas("deactivate"), activate: lambdas() }
      : { activate: lambdas() },
  ...extra,
});

const blocks = (workflow: any) => workflow.steps.map((s: any) => [s.name, s.executionBlockType]);

describe("resilience: RegionSwitchPlan", () => {
  it("pilot light / warm standby: a decision gate, then the runbook's steps, each automated", () => {
    const workflow = regionSwitchWorkflow(stepsOf(PASSIVE, "failover"), {
      ...refs,
      decisionGate: true,
    }) as any;
    assert.equal(workflow.workflowTargetAction, "activate");
    assert.equal(workflow.workflowTargetRegion, undefined);
    assert.deepEqual(blocks(workflow), [
      ["decide", "ManualApproval"],
      ["check-target-health", "CustomActionLambda"],
      ["scale-compute", "Parallel"],
      ["scale-database", "CustomActionLambda"],
      ["switch-routing", "CustomActionLambda"],
      ["promote-database", "AuroraGlobalDatabase"],
      ["set-region-role", "CustomActionLambda"],
      ["verify-health", "CustomActionLambda"],
    ]);
    const [gate, health, scale, , routing, db] = workflow.steps;
    assert.deepEqual(gate.executionApprovalConfigs, [
      { approvalRole: APPROVER, timeoutMinutes: 60 },
    ]);
    assert.equal(gate.description, DECISION_GATE.reason);
    // Primary region first, whatever order the map was written in; the Lambda runs where the region activates.
    const lambda = health.customActionLambdaConfigs[0];
    assert.deepEqual(lambda.lambdas, [{ arn: lambdaArn(P) }, { arn: lambdaArn(R) }]);
    assert.equal(lambda.regionToRun, "activatingRegion");
    assert.equal(
      lambda.ungracefuls,
      undefined,
      "an ungraceful failover still runs the checks and the switch: it is the fence",
    );
    assert.deepEqual(routing.customActionLambdaConfigs[0].lambdas, lambda.lambdas);
    const [asg, ecs] = scale.parallelConfigs[0].steps;
    assert.deepEqual(
      [asg.executionBlockType, ecs.executionBlockType],
      ["EC2AutoScaling", "ECSServiceScaling"],
    );
    assert.deepEqual(asg.ec2AsgCapacityIncreaseConfigs[0].asgs, [
      { arn: asgArn(P) },
      { arn: asgArn(R) },
    ]);
    assert.equal(
      asg.ec2AsgCapacityIncreaseConfigs[0].capacityMonitoringApproach,
      "sampledMaxInLast24Hours",
    );
    assert.deepEqual(
      ecs.ecsCapacityIncreaseConfigs[0].services.map((s: any) => s.serviceArn),
      [
        `arn:aws:ecs:${P}:123456789012:service/shop/web`,
        `arn:aws:ecs:${R}:123456789012:service/shop/web`,
      ],
    );
    assert.deepEqual(db.globalAuroraConfigs[0].databaseClusterArns, [clusterArn(P), clusterArn(R)]);
    assert.equal(db.globalAuroraConfigs[0].behavior, "switchoverOnly");
    assert.deepEqual(db.globalAuroraConfigs[0].ungracefuls, [{ ungraceful: "failover" }]);
    assert.deepEqual(runbookStepsOf(workflow), stepsOf(PASSIVE, "failover"));
  });

  it("active-active: the deactivation's Lambda runs in the region going out and is skipped when ungraceful", () => {
    const deactivation = {
      ...refs,
      action: "deactivate" as const,
      actionLambdas: lambdas("deactivate"),
    };
    const workflow = regionSwitchWorkflow(stepsOf(ACTIVE, "failover"), deactivation) as any;
    assert.equal(workflow.workflowTargetAction, "deactivate");
    assert.deepEqual(blocks(workflow), [
      ["check-target-health", "CustomActionLambda"],
      ["drain-traffic", "CustomActionLambda"],
      ["promote-database", "AuroraGlobalDatabase"],
      ["verify-health", "CustomActionLambda"],
    ]);
    const lambda = workflow.steps[1].customActionLambdaConfigs[0];
    assert.deepEqual(lambda.lambdas, [
      { arn: lambdaArn(P, "deactivate") },
      { arn: lambdaArn(R, "deactivate") },
    ]);
    assert.equal(lambda.regionToRun, "deactivatingRegion");
    assert.deepEqual(lambda.ungracefuls, [{ behavior: "skip" }]);
  });

  it("with ARC routing controls, switch-routing sets them as the runbook does, beside the Lambda that writes the fence", () => {
    const routingControls = {
      routingControlArns: { [P]: rcArn("panel1", "us"), [R]: rcArn("panel1", "eu") },
    };
    const workflow = regionSwitchWorkflow(stepsOf(PASSIVE, "failover"), {
      ...refs,
      routingControls,
    }) as any;
    const step = workflow.steps.find((s: any) => s.name === "switch-routing");
    const control = (id: string, state: string) => ({
      routingControlArn: rcArn("panel1", id),
      state,
    });
    assert.equal(step.executionBlockType, "Parallel");
    const [controls, fence] = step.parallelConfigs[0].steps;
    assert.deepEqual(
      [controls.name, controls.executionBlockType, fence.name, fence.executionBlockType],
      [
        "switch-routing-controls",
        "ARCRoutingControl",
        "switch-routing-fence",
        "CustomActionLambda",
      ],
    );
    // Activating the recovery region turns the primary's Off; activating the primary (failback) leaves both On.
    assert.deepEqual(controls.arcRoutingControlConfigs[0].regionAndRoutingControls, [
      { region: P, routingControls: [control("us", "On"), control("eu", "On")] },
      { region: R, routingControls: [control("us", "Off"), control("eu", "On")] },
    ]);
  });

  it("derives its workflows from the runbook's lists: one for both directions, or one per direction", () => {
    const regions = { primaryRegion: P, recoveryRegion: R };
    const lists = (p: typeof PASSIVE) => ({
      failover: stepsOf(p, "failover"),
      failback: stepsOf(p, "failback"),
    });
    assert.deepEqual(workflowSpecs("activePassive", lists(PASSIVE), regions), [
      { action: "activate", direction: "failover", steps: stepsOf(PASSIVE, "failover") },
    ]);
    assert.deepEqual(
      workflowSpecs("activeActive", lists(ACTIVE), regions).map((w) => [w.action, w.steps]),
      [
        [
          "deactivate",
          ["check-target-health", "drain-traffic", "promote-database", "verify-health"],
        ],
        ["activate", ["check-target-health", "promote-database", "drain-traffic", "verify-health"]],
      ],
    );
    // Two directions that differ get a workflow pinned to each region.
    const split = workflowSpecs(
      "activePassive",
      { failover: ["check-target-health", "verify-health"], failback: ["verify-health"] },
      regions,
    );
    assert.deepEqual(
      split.map((w) => [w.direction, w.targetRegion]),
      [
        ["failover", R],
        ["failback", P],
      ],
    );
  });

  it("creates one active/passive plan over both regions, with roles scoped to the ARNs", async () => {
    const resources = await record(() => void new RegionSwitchPlan("rs", planArgs()), {
      region: R,
    });
    assert.deepEqual(countByType(resources), {
      "securecart:resilience:RegionSwitchPlan": 1,
      "aws:iam/role:Role": 2,
      "aws:iam/rolePolicy:RolePolicy": 2,
      [PLAN]: 1,
    });
    const plan = onlyOf(resources, PLAN);
    assert.equal(plan.inputs.name, "rs");
    // project and dr-role come from the providers' defaultTags.
    for (const r of resources.filter((x) => x.type.startsWith("aws:") && x.inputs.tags))
      assert.deepEqual(r.inputs.tags, { component: "region-switch" }, r.name);
    assert.equal(plan.inputs.recoveryApproach, "activePassive");
    assert.deepEqual(plan.inputs.regions, [P, R]);
    assert.equal(plan.inputs.primaryRegion, P);
    assert.equal(plan.inputs.recoveryTimeObjectiveMinutes, 5);
    assert.equal(plan.inputs.workflows.length, 1);
    assert.deepEqual(runbookStepsOf(plan.inputs.workflows[0]), [...stepsOf(PASSIVE, "failover")]);

    const execution = resources.find(
      (r) => r.name === "rs-execution" && r.type === "aws:iam/role:Role",
    )!;
    const approver = resources.find(
      (r) => r.name === "rs-approver" && r.type === "aws:iam/role:Role",
    )!;
    assert.equal(
      JSON.parse(execution.inputs.assumeRolePolicy).Statement[0].Principal.Service,
      "arc-region-switch.amazonaws.com",
    );
    assert.deepEqual(plan.propertyDependencies.executionRole, [execution.urn]);
    // The created approval role is the one the decision gate names.
    assert.equal(
      plan.inputs.workflows[0].steps[0].executionApprovalConfigs[0].approvalRole,
      "arn:aws:iam::123456789012:role/rs-approver",
    );
    assert.equal(
      JSON.parse(approver.inputs.assumeRolePolicy).Statement[0].Principal.AWS,
      "arn:aws:iam::123456789012:root",
    );

    const policies = ofType(resources, "aws:iam/rolePolicy:RolePolicy");
    const exec = JSON.parse(
      policies.find((p) => p.name === "rs-execution")!.inputs.policy,
    ).Statement;
    const sid = (id: string) => exec.find((s: any) => s.Sid === id);
    assert.deepEqual(sid("ScaleAsgs").Resource, [asgArn(P), asgArn(R)]);
    const globalArn = "arn:aws:rds::123456789012:global-cluster:securecart-orders";
    assert.deepEqual(sid("MoveAuroraWriter").Resource, [globalArn, clusterArn(P), clusterArn(R)]);
    assert.deepEqual(sid("ScaleEcs").Action, ["ecs:DescribeServices", "ecs:UpdateService"]);
    assert.deepEqual(sid("RunCustomActions"), {
      Sid: "RunCustomActions",
      Effect: "Allow",
      Action: ["lambda:InvokeFunction", "lambda:GetFunction"],
      Resource: [lambdaArn(P), lambdaArn(R)],
    });
    assert.equal(
      sid("ReadFailoverRecords"),
      undefined,
      "no Route 53 health check block, so no Route 53 permission",
    );
    const approve = JSON.parse(policies.find((p) => p.name === "rs-approver")!.inputs.policy)
      .Statement[0];
    assert.deepEqual(approve.Action, [
      "arc-region-switch:ApprovePlanExecutionStep",
      "arc-region-switch:GetPlanExecution",
    ]);
    assert.match(
      approve.Resource,
      /^arn:aws:arc-region-switch::123456789012:plan\/rs:[a-z0-9]{6}$/,
    );
  });

  it("creates an active/active plan: deactivate runs the failover list, activate the failback list; no gate, no approver", async () => {
    const resources = await record(() => void new RegionSwitchPlan("rs", planArgs(ACTIVE)));
    assert.deepEqual(countByType(resources), {
      "securecart:resilience:RegionSwitchPlan": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicy:RolePolicy": 1,
      [PLAN]: 1,
    });
    const plan = onlyOf(resources, PLAN).inputs;
    const L = "CustomActionLambda";
    assert.equal(plan.recoveryApproach, "activeActive");
    assert.equal(plan.primaryRegion, undefined);
    assert.deepEqual(
      plan.workflows.map((w: any) => [
        w.workflowTargetAction,
        w.steps.map((s: any) => `${s.name}:${s.executionBlockType}`),
      ]),
      [
        [
          "deactivate",
          [
            `check-target-health:${L}`,
            `drain-traffic:${L}`,
            "promote-database:AuroraGlobalDatabase",
            `verify-health:${L}`,
          ],
        ],
        [
          "activate",
          [
            `check-target-health:${L}`,
            "promote-database:AuroraGlobalDatabase",
            `drain-traffic:${L}`,
            `verify-health:${L}`,
          ],
        ],
      ],
    );
    const exec = JSON.parse(
      onlyOf(resources, "aws:iam/rolePolicy:RolePolicy").inputs.policy,
    ).Statement;
    assert.deepEqual(exec.find((s: any) => s.Sid === "RunCustomActions").Resource, [
      lambdaArn(P, "deactivate"),
      lambdaArn(R, "deactivate"),
      lambdaArn(P),
      lambdaArn(R),
    ]);
  });

  it("with ARC routing controls, the execution role may read their panels and cluster and flip only those controls", async () => {
    const routingControls = {
      routingControlArns: { [P]: rcArn("panel1", "us"), [R]: rcArn("panel1", "eu") },
      clusterArn: "arn:aws:route53-recovery-control::123456789012:cluster/c-1",
    };
    const resources = await record(
      () => void new RegionSwitchPlan("rs", planArgs(PASSIVE, { routingControls })),
    );
    const policy = ofType(resources, "aws:iam/rolePolicy:RolePolicy").find(
      (p) => p.name === "rs-execution",
    )!;
    const exec = JSON.parse(policy.inputs.policy).Statement;
    const sid = (id: string) => exec.find((s: any) => s.Sid === id);
    assert.deepEqual(sid("FlipRoutingControls").Resource, [
      rcArn("panel1", "us"),
      rcArn("panel1", "eu"),
    ]);
    assert.deepEqual(sid("DescribeRoutingControlSetup").Resource, [
      "arn:aws:route53-recovery-control::123456789012:controlpanel/panel1",
      "arn:aws:route53-recovery-control::123456789012:controlpanel/panel1",
      "arn:aws:route53-recovery-control::123456789012:cluster/c-1",
    ]);
    const steps = onlyOf(resources, PLAN).inputs.workflows[0].steps;
    assert.equal(
      steps.find((s: any) => s.name === "switch-routing").executionBlockType,
      "Parallel",
    );
  });

  for (const tier of ["pilot-light", "warm-standby", "active-active"] as const) {
    it(`${tier}: every manual approval is the decision gate, with its reason, and only where a person decides`, async () => {
      const profile = TIER_PROFILES[tier];
      const plan = onlyOf(
        await record(() => void new RegionSwitchPlan("rs", planArgs(profile))),
        PLAN,
      ).inputs;
      for (const w of plan.workflows) {
        const approvals = w.steps.filter((s: any) => s.executionBlockType === "ManualApproval");
        assert.deepEqual(
          approvals.map((s: any) => s.name),
          profile.decisionRequired ? [DECISION_GATE.name] : [],
        );
        for (const a of approvals)
          assert.ok(
            a.description && a.description.length > 40,
            `${a.name} must say why a person approves it`,
          );
        // A deactivation is active/active's failover; its activation is the failback (the same list in active/passive).
        const direction = w.workflowTargetAction === "deactivate" ? "failover" : "failback";
        assert.deepEqual(runbookStepsOf(w), [...stepsOf(profile, direction)]);
      }
    });
  }

  it("resolves its defaults once, naming the plan after the component", () => {
    const required = {
      primaryRegion: P,
      recoveryRegion: R,
      rtoMinutes: 5,
      failoverSteps: ["scale-compute"] as const,
      asgArns: { [P]: asgArn(P), [R]: asgArn(R) },
    };
    assert.deepEqual(resolveRegionSwitchPlanArgs("rs", required), {
      args: {
        ...required,
        failbackSteps: ["scale-compute"],
        decisionRequired: false,
        recoveryApproach: "activePassive",
        planName: "rs",
        actionLambdas: {},
        approvalTimeoutMinutes: 60,
      },
      errors: [],
    });
  });

  it("reports every bad arg at once, naming each", async () => {
    const bad = {
      failoverSteps: [
        "check-target-health",
        "scale-compute",
        "promote-database",
        "switch-routing",
        "reboot-everything",
        "scale-compute",
        "restore-backups",
      ],
      primaryRegion: P,
      recoveryRegion: P,
      rtoMinutes: 0,
      asgArns: { [P]: asgArn(P) },
      databaseClusterArns: { [P]: clusterArn(P) },
      planName: "this-plan-name-is-far-too-long-for-arc",
      actionLambdas: { activate: { [P]: lambdaArn(P) } },
    } as unknown as RegionSwitchPlanArgs;
    const { errors } = resolveRegionSwitchPlanArgs("rs", bad);
    assert.deepEqual(
      errors.map((e) => e.split(" ")[0]),
      [
        "rtoMinutes",
        "recoveryRegion",
        "failoverSteps",
        "failoverSteps",
        "failoverSteps",
        "globalClusterIdentifier",
        "planName",
      ],
    );
    assert.match(errors.join("\n"), /failoverSteps has unknown step\(s\) reboot-everything/);
    assert.match(errors.join("\n"), /repeated: scale-compute/);
    assert.match(errors.join("\n"), /restore-backups, which no plan block runs/);

    // Both regions are needed for every ARN map; the message names the missing one.
    const base = { primaryRegion: P, recoveryRegion: R, rtoMinutes: 5 };
    const missing = resolveRegionSwitchPlanArgs("rs", {
      ...base,
      failoverSteps: ["scale-compute"],
      asgArns: { [P]: asgArn(P) },
    }).errors;
    assert.deepEqual(missing, ["asgArns is required by step scale-compute (missing eu-west-1)"]);
    const check = (args: Partial<RegionSwitchPlanArgs>) =>
      resolveRegionSwitchPlanArgs("rs", { ...base, failoverSteps: [], ...args }).errors;
    assert.deepEqual(check({}), ["failoverSteps must hold at least 1 failover step"]);
    assert.deepEqual(
      check({
        failoverSteps: ["verify-health", "switch-routing"],
        actionLambdas: { activate: { [P]: lambdaArn(P) } },
      }),
      [
        "actionLambdas.activate is required by step(s) verify-health, switch-routing (missing eu-west-1)",
      ],
    );
    // An active/active plan's deactivation needs its own Lambdas.
    const activeActive = {
      recoveryApproach: "activeActive" as const,
      actionLambdas: { activate: lambdas() },
    };
    assert.deepEqual(check({ failoverSteps: ["verify-health"], ...activeActive }), [
      "actionLambdas.deactivate is required by step(s) verify-health (missing us-east-1, eu-west-1)",
    ]);
    // With routing controls, switch-routing needs a control per region, and still its Lambda (the write fence).
    assert.deepEqual(
      check({
        failoverSteps: ["switch-routing"],
        routingControls: { routingControlArns: { [P]: rcArn("p", "us") } },
      }),
      [
        "routingControls.routingControlArns is required by step switch-routing (missing eu-west-1)",
        "actionLambdas.activate is required by step(s) switch-routing (missing us-east-1, eu-west-1)",
      ],
    );

    await assert.rejects(
      record(
        () =>
          new RegionSwitchPlan("rs", {
            failoverSteps: ["promote-database"],
            primaryRegion: R,
            recoveryRegion: R,
            rtoMinutes: 5,
          }),
      ),
      /recoveryRegion must differ from primaryRegion/,
    );
  });
});
