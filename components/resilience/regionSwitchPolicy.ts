/**
 * The plan execution role's permissions: AWS's sample policy of each execution block the plan uses, scoped to the
 * plan's own ARNs where the action allows it ("Identity-based policy examples for Region switch":
 * https://docs.aws.amazon.com/r53recovery/latest/dg/security_iam_id-based-policy-examples-region-switch.html).
 */
import * as pulumi from "@pulumi/pulumi";
import { FailoverStep } from "../tiers/tierProfile";
import { RegionSwitchRefs, stepRunner } from "./regionSwitchWorkflow";

type Statement = Record<string, unknown>;

function regionOrder<T>(
  map: Readonly<Record<string, T>>,
  refs: Pick<RegionSwitchRefs, "primaryRegion" | "recoveryRegion">,
): T[] {
  return [refs.primaryRegion, refs.recoveryRegion].map((r) => map[r]);
}

/** A routing control's control panel: its ARN up to `/routingcontrol/` (ARC's ARN format). */
export function controlPanelArn(routingControlArn: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(routingControlArn).apply((arn) => arn.split("/routingcontrol/")[0]);
}

function scalingStatements(refs: RegionSwitchRefs): Statement[] {
  const statements: Statement[] = [];
  const namespaces: string[] = [];
  if (refs.asgArns) {
    statements.push(
      {
        Sid: "DescribeAsgs",
        Effect: "Allow",
        Action: "autoscaling:DescribeAutoScalingGroups",
        Resource: "*",
      },
      {
        Sid: "ScaleAsgs",
        Effect: "Allow",
        Action: "autoscaling:UpdateAutoScalingGroup",
        Resource: regionOrder(refs.asgArns, refs),
      },
    );
    namespaces.push("AWS/AutoScaling");
  }
  if (refs.ecsServices) {
    const services = regionOrder(refs.ecsServices, refs);
    statements.push(
      {
        Sid: "ScaleEcs",
        Effect: "Allow",
        Action: ["ecs:DescribeServices", "ecs:UpdateService"],
        Resource: services.map((s) => s.serviceArn),
      },
      {
        Sid: "DescribeEcsClusters",
        Effect: "Allow",
        Action: "ecs:DescribeClusters",
        Resource: services.map((s) => s.clusterArn),
      },
      { Sid: "ListEcsServices", Effect: "Allow", Action: "ecs:ListServices", Resource: "*" },
      {
        Sid: "EcsScalableTargets",
        Effect: "Allow",
        Action: [
          "application-autoscaling:DescribeScalableTargets",
          "application-autoscaling:RegisterScalableTarget",
        ],
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
  return statements;
}

function routingControlStatements(
  refs: RegionSwitchRefs,
  account: pulumi.Input<string>,
): Statement[] {
  const rc = refs.routingControls!;
  const controls = regionOrder(rc.routingControlArns, refs);
  // The block reads the control panel and cluster (control plane, us-west-2) at evaluation and flips the controls
  // through the cluster's data plane ("ARC routing controls execution block sample policy").
  return [
    {
      Sid: "DescribeRoutingControlSetup",
      Effect: "Allow",
      Action: [
        "route53-recovery-control-config:DescribeControlPanel",
        "route53-recovery-control-config:DescribeCluster",
      ],
      Resource: [
        ...controls.map(controlPanelArn),
        rc.clusterArn ?? pulumi.interpolate`arn:aws:route53-recovery-control::${account}:cluster/*`,
      ],
    },
    {
      Sid: "FlipRoutingControls",
      Effect: "Allow",
      Action: [
        "route53-recovery-cluster:GetRoutingControlState",
        "route53-recovery-cluster:UpdateRoutingControlStates",
      ],
      Resource: controls,
    },
  ];
}

/** IAM statements the execution role needs for the blocks these steps generate. */
export function executionStatements(
  steps: readonly FailoverStep[],
  refs: RegionSwitchRefs & { readonly lambdaArns?: readonly pulumi.Input<string>[] },
  account: pulumi.Input<string>,
): Statement[] {
  const has = (s: FailoverStep) => steps.includes(s);
  const statements: Statement[] = [];
  if (has("scale-compute")) statements.push(...scalingStatements(refs));
  if (
    has("promote-database") &&
    refs.globalClusterIdentifier !== undefined &&
    refs.databaseClusterArns
  ) {
    statements.push(
      {
        Sid: "DescribeAurora",
        Effect: "Allow",
        Action: ["rds:DescribeGlobalClusters", "rds:DescribeDBClusters"],
        Resource: "*",
      },
      {
        Sid: "MoveAuroraWriter",
        Effect: "Allow",
        Action: ["rds:FailoverGlobalCluster", "rds:SwitchoverGlobalCluster"],
        Resource: [
          pulumi.interpolate`arn:aws:rds::${account}:global-cluster:${refs.globalClusterIdentifier}`,
          ...regionOrder(refs.databaseClusterArns, refs),
        ],
      },
    );
  }
  if (has("switch-routing") && refs.routingControls)
    statements.push(...routingControlStatements(refs, account));
  const lambdas = steps.some((s) => stepRunner(s) === "lambda") ? (refs.lambdaArns ?? []) : [];
  if (lambdas.length > 0) {
    // "Custom action Lambda execution block sample policy": ARC reads the function and invokes it.
    statements.push({
      Sid: "RunCustomActions",
      Effect: "Allow",
      Action: ["lambda:InvokeFunction", "lambda:GetFunction"],
      Resource: [...lambdas],
    });
  }
  // A plan of approvals only still needs a valid policy document.
  if (statements.length === 0) {
    statements.push({
      Sid: "ReadOwnPlan",
      Effect: "Allow",
      Action: "arc-region-switch:GetPlan",
      Resource: pulumi.interpolate`arn:aws:arc-region-switch::${account}:plan/*`,
    });
  }
  return statements;
}
