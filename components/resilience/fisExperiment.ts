import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "../iam";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface FisExperimentArgs {
  /** Name of the storefront's Auto Scaling group whose instances the drill terminates. Required. */
  readonly asgName: pulumi.Input<string>;
  /** The Availability Zone the drill hits (e.g. `us-east-1a`). Required. */
  readonly availabilityZone: string;
  /** ARN of the CloudWatch alarm that stops the drill when it goes to ALARM (e.g. the ALB 5xx alarm). Required. */
  readonly stopAlarmArn: pulumi.Input<string>;
  /** FIS selection mode over the matching instances: `ALL`, `COUNT(n)` or `PERCENT(n)`. Defaults to `COUNT(1)`. */
  readonly selectionMode?: string;
}

/** FisExperimentArgs with every default applied. */
export type ResolvedFisExperimentArgs = Required<FisExperimentArgs>;

const SELECTION_MODE = /^(ALL|COUNT\((\d+)\)|PERCENT\((\d+)\))$/;
const AZ = /^[a-z]{2}-[a-z]+-\d+[a-z]$/;

/** FisExperimentArgs with every default applied, and every problem with them, each naming its property. */
export function resolveFisExperimentArgs(
  args: FisExperimentArgs,
): Resolved<ResolvedFisExperimentArgs> {
  const errors: string[] = [];
  if (!AZ.test(args.availabilityZone))
    errors.push(
      `availabilityZone must be a zone name such as us-east-1a (got "${args.availabilityZone}")`,
    );
  if (args.selectionMode !== undefined) {
    const m = SELECTION_MODE.exec(args.selectionMode);
    const count = m?.[2] ?? m?.[3];
    const pct = m?.[3];
    if (
      !m ||
      (count !== undefined && Number(count) < 1) ||
      (pct !== undefined && Number(pct) > 100)
    ) {
      errors.push(
        `selectionMode must be ALL, COUNT(n >= 1) or PERCENT(1-100) (got "${args.selectionMode}")`,
      );
    }
  }
  return { args: { ...args, selectionMode: args.selectionMode ?? "COUNT(1)" }, errors };
}

/** The tag the Auto Scaling group puts on its instances; the drill targets by it, and the role is scoped by it. */
export const ASG_TAG = "aws:autoscaling:groupName";

/**
 * A FIS experiment template for the AZ drill: terminate the storefront's instances of one ASG in one AZ, and stop
 * as soon as the given alarm fires. The ASG and the ECS service must replace the capacity from the other AZs
 * without the alarm firing. Its role may terminate only instances carrying that ASG's tag.
 */
export class FisExperiment extends pulumi.ComponentResource {
  public readonly templateId: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: FisExperimentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:resilience:FisExperiment", name, {}, opts);
    const a = requireValid(resolveFisExperimentArgs(args), "FisExperiment", name, this);
    const tags = { component: "fis" };
    const opt = { parent: this };
    const account = aws.getCallerIdentityOutput({}, opt).accountId;

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: "FIS AZ drill: terminate the storefront ASG's instances",
        // aws:SourceAccount keeps another account's FIS from using this role (confused deputy).
        assumeRolePolicy: serviceTrustPolicy("fis.amazonaws.com", account),
        tags,
      },
      opt,
    );
    new aws.iam.RolePolicy(
      `${name}-role`,
      {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            // FIS resolves the targets with DescribeInstances, which supports no resource scoping.
            {
              Sid: "ResolveTargets",
              Effect: "Allow",
              Action: "ec2:DescribeInstances",
              Resource: "*",
            },
            {
              Sid: "TerminateOnlyThisAsg",
              Effect: "Allow",
              Action: "ec2:TerminateInstances",
              Resource: pulumi.interpolate`arn:aws:ec2:*:${account}:instance/*`,
              Condition: { StringEquals: { [`aws:ResourceTag/${ASG_TAG}`]: a.asgName } },
            },
          ],
        }),
      },
      opt,
    );

    const template = new aws.fis.ExperimentTemplate(
      `${name}-template`,
      {
        description: pulumi.interpolate`Terminate ${a.selectionMode} of ${a.asgName}'s instances in ${a.availabilityZone}`,
        roleArn: role.arn,
        actions: [
          {
            name: "terminate-az-instances",
            actionId: "aws:ec2:terminate-instances",
            description: `Lose ${a.availabilityZone}'s storefront hosts`,
            target: { key: "Instances", value: "asg-instances-in-az" },
          },
        ],
        targets: [
          {
            name: "asg-instances-in-az",
            resourceType: "aws:ec2:instance",
            resourceTags: [{ key: ASG_TAG, value: a.asgName }],
            filters: [
              { path: "Placement.AvailabilityZone", values: [a.availabilityZone] },
              { path: "State.Name", values: ["running"] },
            ],
            selectionMode: a.selectionMode,
          },
        ],
        stopConditions: [{ source: "aws:cloudwatch:alarm", value: a.stopAlarmArn }],
        // An empty AZ (already drained) should fail the drill loudly, not pass it silently.
        experimentOptions: {
          accountTargeting: "single-account",
          emptyTargetResolutionMode: "fail",
        },
        tags: { ...tags, Name: `${name}-az-drill` },
      },
      opt,
    );

    this.templateId = template.id;
    this.roleArn = role.arn;
    this.registerOutputs({ templateId: this.templateId, roleArn: this.roleArn });
  }
}
