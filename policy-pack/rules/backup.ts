// AWS Backup rules (DESIGN decisions 7 and 10).
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  ReportViolation,
  validateResourceOfType,
} from "@pulumi/policy";
import { arnRegion, configOf, contextProperties, regionOf, StackContext } from "./common";

/** Longest gap in hours between two runs of an AWS Backup schedule; Infinity when it never runs. */
export function scheduleIntervalHours(schedule: string | undefined): number {
  if (!schedule) {
    return Infinity;
  }
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(
    schedule.trim(),
  );
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit.startsWith("minute") ? n / 60 : unit.startsWith("hour") ? n : n * 24;
  }
  const cron = /^cron\((.*)\)$/i.exec(schedule.trim());
  if (!cron) {
    return Infinity;
  }
  const [, hours, dom, month, dow] = cron[1].trim().split(/\s+/);
  const every = (f: string | undefined) => f === undefined || f === "*" || f === "?";
  if (!every(dom) || !every(month) || !every(dow)) {
    // Weekly, monthly or specific days: less often than daily.
    return 24 * 7;
  }
  return hourGap(hours ?? "0");
}

function hourGap(field: string): number {
  if (field === "*") {
    return 1;
  }
  const step = /^(\*|\d+)\/(\d+)$/.exec(field);
  if (step) {
    const start = step[1] === "*" ? 0 : Number(step[1]);
    const n = Number(step[2]);
    const runs: number[] = [];
    for (let h = start; h < 24; h += n) runs.push(h);
    return circularGap(runs);
  }
  const hours: number[] = [];
  for (const part of field.split(",")) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      for (let h = Number(range[1]); h <= Number(range[2]); h++) hours.push(h);
    } else if (/^\d+$/.test(part)) {
      hours.push(Number(part));
    } else {
      return Infinity;
    }
  }
  return circularGap(hours);
}

function circularGap(hours: number[]): number {
  const sorted = [...new Set(hours)].filter((h) => h >= 0 && h < 24).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return Infinity;
  }
  let gap = sorted[0] + 24 - sorted[sorted.length - 1];
  for (let i = 1; i < sorted.length; i++) {
    gap = Math.max(gap, sorted[i] - sorted[i - 1]);
  }
  return gap;
}

type PlanRule = {
  ruleName: string;
  schedule?: string;
  lifecycle?: { coldStorageAfter?: number; deleteAfter?: number };
  copyActions?: {
    destinationVaultArn: string;
    lifecycle?: { coldStorageAfter?: number; deleteAfter?: number };
  }[];
};

const scheduleSchema: PolicyConfigSchema = {
  properties: {
    recoversFromBackups: contextProperties.recoversFromBackups,
    maxIntervalHours: { type: "number", minimum: 1, maximum: 24, default: 24 },
    backupRestoreMaxIntervalHours: { type: "number", minimum: 1, maximum: 24, default: 1 },
    minRetentionDays: { type: "integer", minimum: 1, default: 35 },
  },
};

function every(hours: number): string {
  return hours >= 24 ? "daily" : hours === 1 ? "hourly" : `every ${hours} hours`;
}

/** How one plan rule falls short of the frequency and retention, or undefined when it meets both. */
function shortfall(rule: PlanRule, maxHours: number, minDays: number): string | undefined {
  const interval = scheduleIntervalHours(rule.schedule);
  // No deleteAfter means the recovery points never expire.
  const kept = rule.lifecycle?.deleteAfter;
  const gaps: string[] = [];
  if (interval > maxHours)
    gaps.push(interval === Infinity ? "has no schedule" : `runs every ${interval} hours`);
  if (kept !== undefined && kept < minDays) gaps.push(`keeps ${kept} days`);
  return gaps.length > 0 ? `${rule.ruleName} ${gaps.join(" and ")}` : undefined;
}

/**
 * Judges the plan, as AWS Config's backup-plan-min-frequency-and-min-retention-check does ("checks if a backup
 * plan has a backup rule that satisfies the required frequency and retention period"): a daily rule beside a
 * monthly long-term rule, as in AWS Backup's own plan templates, passes.
 * https://docs.aws.amazon.com/config/latest/developerguide/backup-plan-min-frequency-and-min-retention-check.html
 */
export const backupPlanSchedule: ResourceValidationPolicy = {
  name: "backup-plan-schedule",
  description:
    "Each backup plan has a rule that runs at least daily (hourly in backup-restore) and keeps its recovery points the minimum retention.",
  enforcementLevel: "mandatory",
  configSchema: scheduleSchema,
  validateResource: validateResourceOfType(aws.backup.Plan, (plan, args, report) => {
    const cfg = configOf<
      StackContext & {
        maxIntervalHours: number;
        backupRestoreMaxIntervalHours: number;
        minRetentionDays: number;
      }
    >(args, scheduleSchema);
    const max = cfg.recoversFromBackups ? cfg.backupRestoreMaxIntervalHours : cfg.maxIntervalHours;
    const rules = (plan.rules ?? []) as PlanRule[];
    const gaps = rules.map((r) => shortfall(r, max, cfg.minRetentionDays));
    if (gaps.some((g) => g === undefined)) {
      return;
    }
    const why = gaps.length > 0 ? ` (rule ${gaps.join("; rule ")})` : " (it has no rules)";
    report(
      `Backup plan must have a rule that runs at least ${every(max)} and keeps recovery points at least ${cfg.minRetentionDays} days${why}.`,
    );
  }),
};

const retentionSchema: PolicyConfigSchema = {
  properties: { minRetentionDays: { type: "integer", minimum: 1, default: 35 } },
};

export const backupPlanRetention: ResourceValidationPolicy = {
  name: "backup-plan-retention",
  description:
    "Backups and their cross-region copies are kept at least the configured number of days.",
  enforcementLevel: "mandatory",
  configSchema: retentionSchema,
  validateResource: validateResourceOfType(aws.backup.Plan, (plan, args, report) => {
    const { minRetentionDays } = configOf<{ minRetentionDays: number }>(args, retentionSchema);
    for (const rule of (plan.rules ?? []) as PlanRule[]) {
      // No deleteAfter means the recovery points never expire.
      const del = rule.lifecycle?.deleteAfter;
      if (del !== undefined && del < minRetentionDays) {
        report(
          `Backup plan rule ${rule.ruleName} lifecycle.deleteAfter must be at least ${minRetentionDays} days.`,
        );
      }
      for (const copy of rule.copyActions ?? []) {
        const cdel = copy.lifecycle?.deleteAfter;
        if (cdel !== undefined && cdel < minRetentionDays) {
          report(
            `Backup plan rule ${rule.ruleName} copyActions lifecycle.deleteAfter must be at least ${minRetentionDays} days.`,
          );
        }
      }
    }
  }),
};

const coldSchema: PolicyConfigSchema = {
  properties: { minColdStorageDays: { type: "integer", minimum: 90, default: 90 } },
};

export const backupPlanColdStorage: ResourceValidationPolicy = {
  name: "backup-plan-cold-storage",
  description: "Recovery points moved to cold storage stay there at least 90 days before deletion.",
  enforcementLevel: "mandatory",
  configSchema: coldSchema,
  validateResource: validateResourceOfType(aws.backup.Plan, (plan, args, report) => {
    const { minColdStorageDays } = configOf<{ minColdStorageDays: number }>(args, coldSchema);
    const check = (
      what: string,
      lc: { coldStorageAfter?: number; deleteAfter?: number } | undefined,
    ) => {
      if (lc?.coldStorageAfter === undefined || lc.deleteAfter === undefined) {
        return;
      }
      if (lc.deleteAfter < lc.coldStorageAfter + minColdStorageDays) {
        report(
          `${what} deleteAfter must be at least coldStorageAfter + ${minColdStorageDays} days.`,
        );
      }
    };
    for (const rule of (plan.rules ?? []) as PlanRule[]) {
      check(`Backup plan rule ${rule.ruleName} lifecycle`, rule.lifecycle);
      for (const copy of rule.copyActions ?? []) {
        check(`Backup plan rule ${rule.ruleName} copyActions lifecycle`, copy.lifecycle);
      }
    }
  }),
};

const copySchema: PolicyConfigSchema = {
  properties: { role: contextProperties.role, region: contextProperties.region },
};

function checkCopyActions(
  plan: { rules?: PlanRule[] },
  args: ResourceValidationArgs,
  report: ReportViolation,
) {
  const cfg = configOf<StackContext>(args, copySchema);
  const planRegion = regionOf(args.props, args.provider, cfg.region);
  for (const rule of (plan.rules ?? []) as PlanRule[]) {
    const copies = rule.copyActions ?? [];
    if (copies.length === 0) {
      report(
        `Backup plan rule ${rule.ruleName} copyActions must copy to a vault in another region.`,
      );
      continue;
    }
    // A destination whose ARN is not yet a real ARN (unknown, or a mock id) cannot be judged here.
    const crossRegion = copies.some((c) => arnRegion(c.destinationVaultArn) !== planRegion);
    if (!crossRegion) {
      report(
        `Backup plan rule ${rule.ruleName} copyActions destinationVaultArn must be in a region other than ${planRegion}.`,
      );
    }
  }
}

/** Mandatory where the copy rule belongs: the recovery stack owns it (DESIGN decisions 1 and 10). */
export const backupPlanCopyAction: ResourceValidationPolicy = {
  name: "backup-plan-copy-action",
  description: "In the recovery stack, every backup plan rule copies to a vault in another region.",
  enforcementLevel: "mandatory",
  configSchema: copySchema,
  validateResource: validateResourceOfType(aws.backup.Plan, (plan, args, report) => {
    if (configOf<StackContext>(args, copySchema).role !== "recovery") {
      args.notApplicable("The recovery stack owns the cross-region copy rule.");
    }
    checkCopyActions(plan, args, report);
  }),
};

/** Advisory in the primary: the recovery stack's copy plan covers the primary's resources. */
export const backupPlanCopyActionAdvisory: ResourceValidationPolicy = {
  name: "backup-plan-copy-action-advisory",
  description:
    "In the primary stack a backup plan rule without a cross-region copy is only advice: the recovery stack owns the copy " +
    "into its DR vault (DESIGN decision 1), and cross-stack-backup-copy checks that it covers this stack.",
  enforcementLevel: "advisory",
  configSchema: copySchema,
  validateResource: validateResourceOfType(aws.backup.Plan, (plan, args, report) => {
    if (configOf<StackContext>(args, copySchema).role !== "primary") {
      args.notApplicable("The recovery stack's copy rule is checked by backup-plan-copy-action.");
    }
    checkCopyActions(plan, args, report);
  }),
};

export const backupVaultCustomerKey: ResourceValidationPolicy = {
  name: "backup-vault-customer-key",
  description: "Backup vaults are encrypted with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.backup.Vault, (v, _args, report) => {
    const key = v.kmsKeyArn;
    if (!key || /alias\/aws\//.test(key)) {
      report("Backup vault kmsKeyArn must be a customer-managed KMS key.");
    }
  }),
};

export const backupRules: ResourceValidationPolicy[] = [
  backupPlanSchedule,
  backupPlanRetention,
  backupPlanColdStorage,
  backupPlanCopyAction,
  backupPlanCopyActionAdvisory,
  backupVaultCustomerKey,
];
