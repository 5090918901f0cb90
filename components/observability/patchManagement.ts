import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Resolved, requireValid } from "../lib/resolveArgs";

export interface PatchManagementArgs {
  /** Value of the hosts' `PatchGroup` tag; the ECS hosts' launch template carries it. Required. */
  readonly patchGroup: string;
  /** The hosts' operating system. Defaults to `AMAZON_LINUX_2023`. */
  readonly operatingSystem?: string;
  /** Days a security or bugfix patch waits after release before it is approved. Defaults to `7`. */
  readonly approveAfterDays?: number;
  /**
   * When the window opens, as an SSM cron or rate expression. Give the two regions different times, so both
   * are never patched at once. Defaults to `cron(0 3 ? * SUN *)`.
   */
  readonly schedule?: string;
  /** Time zone of the schedule (IANA). Defaults to `UTC`. */
  readonly scheduleTimezone?: string;
  /** Hours the window stays open. Defaults to `3`. */
  readonly durationHours?: number;
  /** Hours before the window closes after which no new host is started. Defaults to `1`. */
  readonly cutoffHours?: number;
  /** Hosts patched at the same time: one, so the rest keep serving. Defaults to `1`. */
  readonly maxConcurrency?: string;
  /** Failed hosts after which patching stops: none, so a bad patch never reaches a second host. Defaults to `0`. */
  readonly maxErrors?: string;
  /** Region role, named in the baseline's and the window's descriptions. Defaults to `primary`. */
  readonly role?: string;
}

/** PatchManagementArgs with every default applied. */
export type ResolvedPatchManagementArgs = Required<PatchManagementArgs>;

const TARGET_COUNT = /^([1-9][0-9]*|[1-9][0-9]?%|100%)$/;
const ERROR_COUNT = /^([0-9]+|[0-9][0-9]?%|100%)$/;

/** PatchManagementArgs with every default applied, and every problem with them, each naming its property. */
export function resolvePatchManagementArgs(
  args: PatchManagementArgs,
): Resolved<ResolvedPatchManagementArgs> {
  const problems: string[] = [];
  const resolved: ResolvedPatchManagementArgs = {
    patchGroup: args.patchGroup,
    operatingSystem: args.operatingSystem ?? "AMAZON_LINUX_2023",
    approveAfterDays: args.approveAfterDays ?? 7,
    schedule: args.schedule ?? "cron(0 3 ? * SUN *)",
    scheduleTimezone: args.scheduleTimezone ?? "UTC",
    durationHours: args.durationHours ?? 3,
    cutoffHours: args.cutoffHours ?? 1,
    maxConcurrency: args.maxConcurrency ?? "1",
    maxErrors: args.maxErrors ?? "0",
    role: args.role ?? "primary",
  };
  const {
    approveAfterDays: days,
    schedule,
    durationHours: duration,
    cutoffHours: cutoff,
  } = resolved;
  const { maxConcurrency: concurrency, maxErrors: errors } = resolved;
  if (!/^[A-Za-z0-9 _.:/=+\-@]{1,128}$/.test(args.patchGroup ?? "")) {
    problems.push(
      `patchGroup must be 1 to 128 characters a tag value allows (got "${args.patchGroup}")`,
    );
  }
  if (!Number.isInteger(days) || days < 0 || days > 360)
    problems.push(`approveAfterDays must be an integer from 0 to 360 (got ${days})`);
  if (!/^(cron|rate)\(.+\)$/.test(schedule))
    problems.push(`schedule must be a cron(...) or rate(...) expression (got "${schedule}")`);
  if (!Number.isInteger(duration) || duration < 1 || duration > 24)
    problems.push(`durationHours must be an integer from 1 to 24 (got ${duration})`);
  if (!Number.isInteger(cutoff) || cutoff < 0 || cutoff >= duration) {
    problems.push(
      `cutoffHours must be an integer from 0 to below durationHours (${duration}) (got ${cutoff})`,
    );
  }
  if (!TARGET_COUNT.test(concurrency)) {
    problems.push(
      `maxConcurrency must be a count such as "1" or a percentage such as "10%" (got "${concurrency}")`,
    );
  }
  if (!ERROR_COUNT.test(errors)) {
    problems.push(
      `maxErrors must be a count such as "0" or a percentage such as "10%" (got "${errors}")`,
    );
  }
  return { args: resolved, errors: problems };
}

/**
 * SSM patching for the region's ECS hosts: a baseline approving security and bugfix updates after a waiting
 * period, registered for the hosts' patch group, and a weekly maintenance window that runs AWS-RunPatchBaseline
 * on one host at a time and stops at the first failure, so patching never takes the service down. SSM runs the
 * task with its service-linked role; the hosts need only AmazonSSMManagedInstanceCore.
 */
export class PatchManagement extends pulumi.ComponentResource {
  public readonly baselineId: pulumi.Output<string>;
  public readonly windowId: pulumi.Output<string>;
  public readonly patchGroup: string;

  constructor(name: string, args: PatchManagementArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:observability:PatchManagement", name, {}, opts);
    const a = requireValid(resolvePatchManagementArgs(args), "PatchManagement", name, this);
    const opt = { parent: this };

    const rule = (classification: string, complianceLevel: string) => ({
      approveAfterDays: a.approveAfterDays,
      complianceLevel,
      patchFilters: [{ key: "CLASSIFICATION", values: [classification] }],
    });
    const baseline = new aws.ssm.PatchBaseline(
      `${name}-baseline`,
      {
        description: `securecart ${a.role} ECS hosts: security and bugfix updates after ${a.approveAfterDays} days`,
        operatingSystem: a.operatingSystem,
        approvalRules: [rule("Security", "CRITICAL"), rule("Bugfix", "MEDIUM")],
      },
      opt,
    );
    new aws.ssm.PatchGroup(
      `${name}-group`,
      { baselineId: baseline.id, patchGroup: a.patchGroup },
      opt,
    );

    const window = new aws.ssm.MaintenanceWindow(
      `${name}-window`,
      {
        description: `securecart ${a.role} rolling patching`,
        schedule: a.schedule,
        scheduleTimezone: a.scheduleTimezone,
        duration: a.durationHours,
        cutoff: a.cutoffHours,
        allowUnassociatedTargets: false,
      },
      opt,
    );
    const target = new aws.ssm.MaintenanceWindowTarget(
      `${name}-hosts`,
      {
        windowId: window.id,
        resourceType: "INSTANCE",
        targets: [{ key: "tag:PatchGroup", values: [a.patchGroup] }],
      },
      opt,
    );
    new aws.ssm.MaintenanceWindowTask(
      `${name}-patch`,
      {
        windowId: window.id,
        taskType: "RUN_COMMAND",
        taskArn: "AWS-RunPatchBaseline",
        priority: 1,
        maxConcurrency: a.maxConcurrency,
        maxErrors: a.maxErrors,
        cutoffBehavior: "CANCEL_TASK",
        targets: [{ key: "WindowTargetIds", values: [target.id] }],
        taskInvocationParameters: {
          runCommandParameters: {
            timeoutSeconds: 600,
            parameters: [
              { name: "Operation", values: ["Install"] },
              { name: "RebootOption", values: ["RebootIfNeeded"] },
            ],
          },
        },
      },
      opt,
    );

    this.baselineId = baseline.id;
    this.windowId = window.id;
    this.patchGroup = a.patchGroup;
    this.registerOutputs({ baselineId: this.baselineId, windowId: this.windowId });
  }
}
