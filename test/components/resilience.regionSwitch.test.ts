import { strict as assert } from "assert";
import {
  RegionSwitchPlan,
  RegionSwitchPlanArgs,
  RegionSwitchRefs,
  reactivationSteps,
  regionSwitchWorkflow,
  validateRegionSwitchPlanArgs,
} from "../../components/resilience/regionSwitchPlan";
import { FailoverStep, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { record, onlyOf, countByType, ofType } from "../support/harness";

const P = "us-east-1";
const R = "eu-west-1";
const PLAN = "aws:arcregionswitch/plan:Plan";
const asgArn = (region: string) => `arn:aws:autoscaling:${region}:123456789012:autoScalingGroup:uuid:autoScalingGroupName/storefront-${region}`;
const clusterArn = (region: string) => `arn:aws:rds:${region}:123456789012:cluster:orders-${region}`;
const lambdaArn = (region: string) => `arn:aws:lambda:${region}:123456789012:function:dial-${region}`;
const APPROVER = "arn:aws:iam::123456789012:role/approver";

const SCALE_PROMOTE_SWITCH: FailoverStep[] = ["check-target-health", "scale-compute", "promote-database", "switch-routing", "set-region-role", "verify-health"];
const ACTIVE_ACTIVE: FailoverStep[] = ["check-target-health", "drain-traffic", "promote-database", "verify-health"];

const refs: RegionSwitchRefs = {
  primaryRegion: P,
  recoveryRegion: R,
  approvalRoleArn: APPROVER,
  asgArns: { [R]: asgArn(R), [P]: asgArn(P) },
  ecsServices: {
    [P]: { clusterArn: `arn:aws:ecs:${P}:123456789012:cluster/shop`, serviceArn: `arn:aws:ecs:${P}:123456789012:service/shop/web` },
    [R]: { clusterArn: `arn:aws:ecs:${R}:123456789012:cluster/shop`, serviceArn: `arn:aws:ecs:${R}:123456789012:service/shop/web` },
  },
  globalClusterIdentifier: "securecart-orders",
  databaseClusterArns: { [P]: clusterArn(P), [R]: clusterArn(R) },
  routing: { hostedZoneId: "Z123", recordName: "shop.example.com", setIdentifiers: { [P]: "primary", [R]: "secondary" } },
};

const blocks = (workflow: any) => workflow.steps.map((s: any) => [s.name, s.executionBlockType]);

describe("resilience: RegionSwitchPlan", () => {
  it("builds the pilot-light/warm-standby workflow in runbook order, naming both regions' resources", () => {
    const workflow = regionSwitchWorkflow(SCALE_PROMOTE_SWITCH, refs) as any;
    assert.equal(workflow.workflowTargetAction, "activate");
    assert.equal(workflow.workflowTargetRegion, undefined);
    assert.deepEqual(blocks(workflow), [
      ["check-target-health", "ManualApproval"],
      ["scale-compute-ec2", "EC2AutoScaling"],
      ["scale-compute-ecs", "ECSServiceScaling"],
      ["promote-database", "AuroraGlobalDatabase"],
      ["switch-routing", "Route53HealthCheck"],
      ["set-region-role", "ManualApproval"],
      ["verify-health", "ManualApproval"],
    ]);
    const [approval, asg, ecs, db, routing] = workflow.steps;
    assert.deepEqual(approval.executionApprovalConfigs, [{ approvalRole: APPROVER, timeoutMinutes: 60 }]);
    // Primary region first, whatever order the map was written in.
    assert.deepEqual(asg.ec2AsgCapacityIncreaseConfigs[0].asgs, [{ arn: asgArn(P) }, { arn: asgArn(R) }]);
    assert.equal(asg.ec2AsgCapacityIncreaseConfigs[0].capacityMonitoringApproach, "sampledMaxInLast24Hours");
    assert.deepEqual(ecs.ecsCapacityIncreaseConfigs[0].services.map((s: any) => s.serviceArn), [
      `arn:aws:ecs:${P}:123456789012:service/shop/web`,
      `arn:aws:ecs:${R}:123456789012:service/shop/web`,
    ]);
    assert.deepEqual(db.globalAuroraConfigs[0].databaseClusterArns, [clusterArn(P), clusterArn(R)]);
    assert.equal(db.globalAuroraConfigs[0].globalClusterIdentifier, "securecart-orders");
    assert.equal(db.globalAuroraConfigs[0].behavior, "switchoverOnly");
    assert.deepEqual(db.globalAuroraConfigs[0].ungracefuls, [{ ungraceful: "failover" }]);
    assert.deepEqual(routing.route53HealthCheckConfigs[0].recordSets, [
      { recordSetIdentifier: "primary", region: P },
      { recordSetIdentifier: "secondary", region: R },
    ]);
  });

  it("builds the active-active workflow in its order, with a Lambda where one is given", () => {
    const workflow = regionSwitchWorkflow(ACTIVE_ACTIVE, {
      ...refs,
      action: "deactivate",
      customActions: { "drain-traffic": { [P]: lambdaArn(P), [R]: lambdaArn(R) } },
    }) as any;
    assert.equal(workflow.workflowTargetAction, "deactivate");
    assert.deepEqual(blocks(workflow), [
      ["check-target-health", "ManualApproval"],
      ["drain-traffic", "CustomActionLambda"],
      ["promote-database", "AuroraGlobalDatabase"],
      ["verify-health", "ManualApproval"],
    ]);
    const lambda = workflow.steps[1].customActionLambdaConfigs[0];
    assert.deepEqual(lambda.lambdas, [{ arn: lambdaArn(P) }, { arn: lambdaArn(R) }]);
    assert.equal(lambda.regionToRun, "deactivatingRegion");
    assert.deepEqual(workflow.steps[2].globalAuroraConfigs[0].databaseClusterArns, [clusterArn(P), clusterArn(R)]);
    assert.deepEqual(reactivationSteps(ACTIVE_ACTIVE), ["check-target-health", "drain-traffic", "verify-health"]);
  });

  it("creates one active/passive plan over both regions, with an execution role scoped to the ARNs", async () => {
    const resources = await record(
      () => {
        new RegionSwitchPlan("rs", { ...refs, steps: TIER_PROFILES["warm-standby"].failoverSteps, rtoMinutes: 5, approvalRoleArn: undefined });
      },
      { region: R },
    );
    assert.deepEqual(countByType(resources), {
      "securecart:resilience:RegionSwitchPlan": 1,
      "aws:iam/role:Role": 2,
      "aws:iam/rolePolicy:RolePolicy": 2,
      [PLAN]: 1,
    });
    const plan = onlyOf(resources, PLAN);
    assert.equal(plan.inputs.name, "rs");
    assert.equal(plan.inputs.recoveryApproach, "activePassive");
    assert.deepEqual(plan.inputs.regions, [P, R]);
    assert.equal(plan.inputs.primaryRegion, P);
    assert.equal(plan.inputs.recoveryTimeObjectiveMinutes, 5);
    assert.equal(plan.inputs.workflows.length, 1);
    assert.deepEqual(plan.inputs.workflows[0].steps.map((s: any) => s.executionBlockType), [
      "ManualApproval",
      "EC2AutoScaling",
      "ECSServiceScaling",
      "AuroraGlobalDatabase",
      "Route53HealthCheck",
      "ManualApproval",
      "ManualApproval",
    ]);

    const execution = resources.find((r) => r.name === "rs-execution" && r.type === "aws:iam/role:Role")!;
    const approver = resources.find((r) => r.name === "rs-approver" && r.type === "aws:iam/role:Role")!;
    assert.equal(JSON.parse(execution.inputs.assumeRolePolicy).Statement[0].Principal.Service, "arc-region-switch.amazonaws.com");
    assert.deepEqual(plan.propertyDependencies.executionRole, [execution.urn]);
    // The created approval role is the one every manual step names.
    assert.equal(plan.inputs.workflows[0].steps[0].executionApprovalConfigs[0].approvalRole, "arn:aws:iam::123456789012:role/rs-approver");
    assert.equal(JSON.parse(approver.inputs.assumeRolePolicy).Statement[0].Principal.AWS, "arn:aws:iam::123456789012:root");

    const policies = ofType(resources, "aws:iam/rolePolicy:RolePolicy");
    const exec = JSON.parse(policies.find((p) => p.name === "rs-execution")!.inputs.policy).Statement;
    const sid = (id: string) => exec.find((s: any) => s.Sid === id);
    assert.deepEqual(sid("ScaleAsgs").Resource, [asgArn(P), asgArn(R)]);
    assert.deepEqual(sid("MoveAuroraWriter").Resource, ["arn:aws:rds::123456789012:global-cluster:securecart-orders", clusterArn(P), clusterArn(R)]);
    assert.equal(sid("ReadFailoverRecords").Resource, "arn:aws:route53:::hostedzone/Z123");
    assert.deepEqual(sid("ScaleEcs").Action, ["ecs:DescribeServices", "ecs:UpdateService"]);
    assert.equal(sid("RunCustomActions"), undefined);
    const approve = JSON.parse(policies.find((p) => p.name === "rs-approver")!.inputs.policy).Statement[0];
    assert.deepEqual(approve.Action, ["arc-region-switch:ApprovePlanExecutionStep", "arc-region-switch:GetPlanExecution"]);
    assert.deepEqual(policies.find((p) => p.name === "rs-approver")!.propertyDependencies.policy, [plan.urn]);
  });

  it("creates an active/active plan with a deactivate workflow from the steps and an activate workflow to rejoin", async () => {
    const resources = await record(() => {
      new RegionSwitchPlan("rs", {
        steps: TIER_PROFILES["active-active"].failoverSteps,
        primaryRegion: P,
        recoveryRegion: R,
        rtoMinutes: 2,
        recoveryApproach: "activeActive",
        globalClusterIdentifier: "securecart-orders",
        databaseClusterArns: { [P]: clusterArn(P), [R]: clusterArn(R) },
        approvalRoleArn: APPROVER,
      });
    });
    // A given approval role means no approver role is created.
    assert.deepEqual(countByType(resources), {
      "securecart:resilience:RegionSwitchPlan": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicy:RolePolicy": 1,
      [PLAN]: 1,
    });
    const plan = onlyOf(resources, PLAN).inputs;
    assert.equal(plan.recoveryApproach, "activeActive");
    assert.equal(plan.primaryRegion, undefined);
    assert.deepEqual(plan.regions, [P, R]);
    assert.deepEqual(
      plan.workflows.map((w: any) => [w.workflowTargetAction, w.steps.map((s: any) => `${s.name}:${s.executionBlockType}`)]),
      [
        ["deactivate", ["check-target-health:ManualApproval", "drain-traffic:ManualApproval", "promote-database:AuroraGlobalDatabase", "verify-health:ManualApproval"]],
        ["activate", ["check-target-health:ManualApproval", "drain-traffic:ManualApproval", "verify-health:ManualApproval"]],
      ],
    );
  });

  it("reports every bad arg at once, naming each", async () => {
    const bad = {
      steps: ["check-target-health", "scale-compute", "promote-database", "switch-routing", "reboot-everything", "scale-compute"],
      primaryRegion: P,
      recoveryRegion: P,
      rtoMinutes: 0,
      asgArns: { [P]: asgArn(P) },
      databaseClusterArns: { [P]: clusterArn(P) },
      planName: "this-plan-name-is-far-too-long-for-arc",
      customActions: { "promote-database": { [P]: lambdaArn(P), [R]: lambdaArn(R) } },
    } as unknown as RegionSwitchPlanArgs;
    const errors = validateRegionSwitchPlanArgs("rs", bad);
    assert.deepEqual(errors.map((e) => e.split(" ")[0]), [
      "rtoMinutes",
      "recoveryRegion",
      "steps",
      "steps",
      "globalClusterIdentifier",
      "routing",
      "customActions.promote-database",
      "planName",
    ]);
    assert.match(errors.join("\n"), /steps has unknown step\(s\) reboot-everything/);
    assert.match(errors.join("\n"), /repeated: scale-compute/);

    // Both regions are needed for every ARN map; the message names the missing one.
    const missing = validateRegionSwitchPlanArgs("rs", { steps: ["scale-compute"], primaryRegion: P, recoveryRegion: R, rtoMinutes: 5, asgArns: { [P]: asgArn(P) } });
    assert.deepEqual(missing, ["asgArns is required by step scale-compute (missing eu-west-1)"]);
    assert.deepEqual(validateRegionSwitchPlanArgs("rs", { steps: [], primaryRegion: P, recoveryRegion: R, rtoMinutes: 5 }), ["steps must hold at least 1 failover step"]);
    assert.deepEqual(validateRegionSwitchPlanArgs("rs", { steps: ["scale-compute"], primaryRegion: P, recoveryRegion: R, rtoMinutes: 5 }), [
      "asgArns is required by step scale-compute (missing us-east-1, eu-west-1)",
    ]);

    await assert.rejects(
      record(() => new RegionSwitchPlan("rs", { steps: ["verify-health"], primaryRegion: R, recoveryRegion: R, rtoMinutes: 5 })),
      /recoveryRegion must differ from primaryRegion/,
    );
  });
});
