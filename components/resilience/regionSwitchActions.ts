import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as esbuild from "esbuild";
import * as path from "path";
import { REPO_ROOT } from "../compute/imageRepository";
import { serviceTrustPolicy } from "../iam";
import { Resolved, requireValid } from "../lib/resolveArgs";
import { ACTION_STEPS, ActionStep, ENV } from "./regionSwitchActions/config";
import { ByRegion, RecoveryApproach, WorkflowAction } from "./regionSwitchWorkflow";

export { ACTION_STEPS } from "./regionSwitchActions/config";
export type { ActionStep } from "./regionSwitchActions/config";

export const ACTIONS_HANDLER = path.join(__dirname, "regionSwitchActions", "handler.ts");

let bundled: string | undefined;

/**
 * The handler and the two modules it imports (the switch words, Global Accelerator's region), bundled into one
 * CommonJS file. The AWS SDK stays out: the Lambda Node.js runtime provides SDK v3. Bundled once per process, from
 * the repository root so the output (and so the code hash) does not depend on where the checkout lives.
 */
export function actionsBundle(): string {
  bundled ??= esbuild.buildSync({
    entryPoints: [path.relative(REPO_ROOT, ACTIONS_HANDLER)],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    external: ["@aws-sdk/*"],
    legalComments: "none",
    write: false,
  }).outputFiles[0].text;
  return bundled;
}

export interface ActionTargets {
  readonly albArn: pulumi.Input<string>;
  readonly ecsClusterArn: pulumi.Input<string>;
  readonly dbClusterArn: pulumi.Input<string>;
}

export interface RoutingSwitchRef {
  readonly bucket: pulumi.Input<string>;
  readonly key: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
}

export interface RegionSwitchActionsArgs {
  /** The primary stack's region. Required. */
  readonly primaryRegion: string;
  /** The recovery stack's region; must differ. Required. */
  readonly recoveryRegion: string;
  /** Provider per region; a region left out uses the component's own provider. Defaults to `{}`. */
  readonly providers?: ByRegion<aws.Provider | undefined>;
  /** The plan's approach: `activeActive` adds a deactivate function per region. Defaults to `activePassive`. */
  readonly approach?: RecoveryApproach;
  /** The Lambda steps of the plan (at least 1, from ACTION_STEPS). Required. */
  readonly steps: readonly ActionStep[];
  /** The shop's name, probed over HTTPS. Required. */
  readonly domainName: pulumi.Input<string>;
  /** What check-target-health reads, per region. Required by `check-target-health`. Defaults to `{}`. */
  readonly targets?: ByRegion<ActionTargets>;
  /** The Aurora global cluster; check-target-health's failback precondition reads it. Defaults to `undefined`. */
  readonly globalClusterIdentifier?: pulumi.Input<string>;
  /** The routing switch object (the primary stack's outputs). Required by `switch-routing`. Defaults to `undefined`. */
  readonly routingSwitch?: RoutingSwitchRef;
  /** The accelerator listener (the primary stack's output). Required by `drain-traffic`. Defaults to `undefined`. */
  readonly acceleratorListenerArn?: pulumi.Input<string>;
  /** The storefront's REGION_ROLE (TierProfile.regionRoleEnv). Defaults to `auto`. */
  readonly regionRoleMode?: "auto" | "primary";
  /** The Serverless v2 floor scale-database sets, ACUs. Required by `scale-database`. Defaults to `undefined`. */
  readonly databaseFailoverMinAcu?: number;
}

/** Args that stay optional once resolved: absent means the step that needs them is not in the plan. */
type OptionalActionsArgs =
  "globalClusterIdentifier" | "routingSwitch" | "acceleratorListenerArn" | "databaseFailoverMinAcu";

/** RegionSwitchActionsArgs with every default applied. */
export type ResolvedRegionSwitchActionsArgs = Required<
  Omit<RegionSwitchActionsArgs, OptionalActionsArgs>
> &
  Pick<RegionSwitchActionsArgs, OptionalActionsArgs>;

/** RegionSwitchActionsArgs with every default applied, and every problem with them, each naming its property. */
export function resolveRegionSwitchActionsArgs(
  args: RegionSwitchActionsArgs,
): Resolved<ResolvedRegionSwitchActionsArgs> {
  const problems: string[] = [];
  if (args.primaryRegion === args.recoveryRegion) {
    problems.push(`recoveryRegion must differ from primaryRegion (both "${args.primaryRegion}")`);
  }
  if (args.steps.length === 0) problems.push("steps must hold at least 1 Lambda step");
  const unknown = args.steps.filter((s) => !(ACTION_STEPS as readonly string[]).includes(s));
  if (unknown.length)
    problems.push(
      `steps has step(s) ${unknown.join(", ")} the Lambda does not run; allowed: ${ACTION_STEPS.join(", ")}`,
    );
  const has = (s: ActionStep) => args.steps.includes(s);
  const missing = [args.primaryRegion, args.recoveryRegion].filter((r) => !args.targets?.[r]);
  if (has("check-target-health") && missing.length) {
    problems.push(`targets is required by check-target-health (missing ${missing.join(", ")})`);
  }
  if (has("switch-routing") && !args.routingSwitch)
    problems.push("routingSwitch is required by switch-routing");
  if (has("scale-database") && (missing.length || args.databaseFailoverMinAcu === undefined)) {
    problems.push(`targets and databaseFailoverMinAcu are required by scale-database`);
  }
  if (has("drain-traffic") && args.acceleratorListenerArn === undefined) {
    problems.push("acceleratorListenerArn is required by drain-traffic");
  }
  const resolved: ResolvedRegionSwitchActionsArgs = {
    ...args,
    providers: args.providers ?? {},
    approach: args.approach ?? "activePassive",
    targets: args.targets ?? {},
    regionRoleMode: args.regionRoleMode ?? "auto",
  };
  return { args: resolved, errors: problems };
}

/** The actions a function exists for, per region: activate always; deactivate in an active/active plan. */
export function actionsOf(approach: RecoveryApproach): WorkflowAction[] {
  return approach === "activeActive" ? ["deactivate", "activate"] : ["activate"];
}

/** The regions a region's functions act on: an activation acts where it runs, a deactivation on the other region. */
function targetRegions(region: string, peer: string, actions: readonly WorkflowAction[]): string[] {
  return [...new Set(actions.map((a) => (a === "activate" ? region : peer)))];
}

/**
 * The custom-action Lambdas of the ARC Region Switch plan (./regionSwitchActions/handler.ts), one per region and
 * workflow action: ARC invokes the one in the activating (or deactivating) region. Each region's functions share a
 * role that may do only what their steps do, on the ARNs they act on: describe (read-only) the target region's
 * ALB, ECS cluster and Aurora clusters; write the one switch object; set the accelerator's dials.
 */
export class RegionSwitchActions extends pulumi.ComponentResource {
  /** Function ARNs by workflow action and region, as the plan's CustomActionLambda blocks name them. */
  public readonly functionArns: Partial<
    Record<WorkflowAction, Record<string, pulumi.Output<string>>>
  >;

  constructor(
    name: string,
    args: RegionSwitchActionsArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    super("securecart:resilience:RegionSwitchActions", name, {}, opts);
    const a = requireValid(resolveRegionSwitchActionsArgs(args), "RegionSwitchActions", name, this);
    const approach = a.approach;
    const actions = actionsOf(approach);
    const tags = { component: "region-switch" };
    const regions = [a.primaryRegion, a.recoveryRegion];
    const code = new pulumi.asset.AssetArchive({
      "index.js": new pulumi.asset.StringAsset(actionsBundle()),
    });

    const functionArns: Partial<Record<WorkflowAction, Record<string, pulumi.Output<string>>>> = {};
    for (const region of regions) {
      const peer = region === a.primaryRegion ? a.recoveryRegion : a.primaryRegion;
      const provider = a.providers[region];
      const opt: pulumi.CustomResourceOptions = { parent: this, ...(provider ? { provider } : {}) };
      const account = aws.getCallerIdentityOutput({}, opt).accountId;
      const base = `${name}-${region}`;

      const logGroup = new aws.cloudwatch.LogGroup(
        `${base}-logs`,
        { name: `/securecart/lambda/${base}`, retentionInDays: 30, tags },
        opt,
      );
      // ARC invokes synchronously, so nothing lands here unless someone invokes a function asynchronously by hand;
      // it is there because every function keeps its failed events (policy lambda-failure-destination).
      const dlq = new aws.sqs.Queue(
        `${base}-dlq`,
        { messageRetentionSeconds: 1_209_600, sqsManagedSseEnabled: true, tags },
        opt,
      );
      const role = new aws.iam.Role(
        base,
        {
          description: "The Region Switch plan's custom actions in this region",
          assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com", account),
          tags,
        },
        opt,
      );
      const policy = new aws.iam.RolePolicy(
        base,
        {
          role: role.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "OwnLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: pulumi.interpolate`${logGroup.arn}:*`,
              },
              { Sid: "DeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: dlq.arn },
              ...actionStatements(a, targetRegions(region, peer, actions), account),
            ],
          }),
        },
        opt,
      );
      for (const action of actions) {
        const fn = new aws.lambda.Function(
          `${base}-${action}`,
          {
            description: `SecureCart Region Switch ${action} steps in ${region}: ${a.steps.join(", ")}`,
            // A runtime Lambda still creates functions on (DESIGN.md decision 17); it provides AWS SDK v3.
            runtime: aws.lambda.Runtime.NodeJS22dX,
            handler: "index.handler",
            code,
            role: role.arn,
            memorySize: 256,
            // One attempt: a few reads, one write or one HTTPS probe. ARC retries a failed attempt every minute.
            timeout: 60,
            deadLetterConfig: { targetArn: dlq.arn },
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            environment: { variables: environment(a, approach, action, peer) },
            tags,
          },
          // ARC's plan evaluation dry-runs the function with its role: the permissions come first.
          { ...opt, dependsOn: [policy] },
        );
        (functionArns[action] ??= {})[region] = fn.arn;
      }
    }
    this.functionArns = functionArns;
    this.registerOutputs({ functionArns });
  }
}

function environment(
  args: ResolvedRegionSwitchActionsArgs,
  approach: RecoveryApproach,
  action: WorkflowAction,
  peer: string,
) {
  const vars: Record<string, pulumi.Input<string>> = {
    [ENV.action]: action,
    [ENV.approach]: approach,
    [ENV.primaryRegion]: args.primaryRegion,
    [ENV.peerRegion]: peer,
    [ENV.domainName]: args.domainName,
    [ENV.steps]: args.steps.join(","),
    [ENV.targets]: pulumi.jsonStringify(args.targets),
    [ENV.regionRoleMode]: args.regionRoleMode,
  };
  if (args.globalClusterIdentifier !== undefined)
    vars[ENV.globalClusterId] = args.globalClusterIdentifier;
  if (args.routingSwitch) {
    vars[ENV.switchBucket] = args.routingSwitch.bucket;
    vars[ENV.switchKey] = args.routingSwitch.key;
    vars[ENV.switchRegion] = args.routingSwitch.region;
  }
  if (args.acceleratorListenerArn !== undefined)
    vars[ENV.acceleratorListenerArn] = args.acceleratorListenerArn;
  if (args.databaseFailoverMinAcu !== undefined)
    vars[ENV.databaseFailoverMinAcu] = String(args.databaseFailoverMinAcu);
  return vars;
}

/** What the steps call, scoped to the regions these functions act on. */
function actionStatements(
  args: ResolvedRegionSwitchActionsArgs,
  targets: readonly string[],
  account: pulumi.Input<string>,
): Record<string, unknown>[] {
  const has = (s: ActionStep) => args.steps.includes(s);
  const statements: Record<string, unknown>[] = [];
  if (has("check-target-health")) {
    const t = targets.map((r) => args.targets[r]);
    statements.push(
      // DescribeLoadBalancers takes no resource-level permission (Service Authorization Reference, ELB v2).
      {
        Sid: "ReadTargetAlb",
        Effect: "Allow",
        Action: "elasticloadbalancing:DescribeLoadBalancers",
        Resource: "*",
      },
      {
        Sid: "ReadTargetEcs",
        Effect: "Allow",
        Action: "ecs:DescribeClusters",
        Resource: t.map((x) => x.ecsClusterArn),
      },
      {
        Sid: "ReadTargetDb",
        Effect: "Allow",
        Action: "rds:DescribeDBClusters",
        Resource: t.map((x) => x.dbClusterArn),
      },
    );
    if (args.globalClusterIdentifier !== undefined) {
      statements.push({
        Sid: "ReadGlobalDb",
        Effect: "Allow",
        Action: "rds:DescribeGlobalClusters",
        Resource: pulumi.interpolate`arn:aws:rds::${account}:global-cluster:${args.globalClusterIdentifier}`,
      });
    }
  }
  if (has("scale-database")) {
    // ModifyDBCluster and DescribeDBClusters take the cluster ARN as resource (Service Authorization Reference, RDS).
    statements.push({
      Sid: "ScaleTargetDb",
      Effect: "Allow",
      Action: ["rds:DescribeDBClusters", "rds:ModifyDBCluster"],
      Resource: targets.map((r) => args.targets[r].dbClusterArn),
    });
  }
  if (has("switch-routing") && args.routingSwitch) {
    statements.push({
      Sid: "FlipRoutingSwitch",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject"],
      Resource: pulumi.interpolate`arn:aws:s3:::${args.routingSwitch.bucket}/${args.routingSwitch.key}`,
    });
  }
  if (has("drain-traffic") && args.acceleratorListenerArn !== undefined) {
    statements.push(
      {
        Sid: "ReadDials",
        Effect: "Allow",
        Action: "globalaccelerator:ListEndpointGroups",
        Resource: args.acceleratorListenerArn,
      },
      {
        Sid: "SetDials",
        Effect: "Allow",
        Action: "globalaccelerator:UpdateEndpointGroup",
        Resource: pulumi.interpolate`${args.acceleratorListenerArn}/endpoint-group/*`,
      },
    );
  }
  return statements;
}
