/**
 * Tags. The stack-wide ones (project, region role) are applied once, as the AWS providers' `defaultTags`
 * (DESIGN.md style 12): `aws:defaultTags` in each stack file for the default provider, and the same value on
 * every provider the program creates. Components add only tags that say something about one resource.
 */
import type { RegionRole } from "../stacks/topology";

/** Stateful resources carry this tag; the backup selections (and the policy pack) match on it. */
export const BACKUP_TAG = { key: "backup", value: "securecart-dr" } as const;

/** The project tag's value: Resilience Hub's application and the cost reports select on it. */
export const PROJECT_TAG_VALUE = "securecart";

/** The tags every resource of a stack in this role carries, through the providers' `defaultTags`. */
export function stackTags(role: RegionRole): Record<string, string> {
  return { project: PROJECT_TAG_VALUE, "dr-role": role };
}

/** Tags for a stateful resource: its own tags plus the backup selection tag. */
export function statefulTags(extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [BACKUP_TAG.key]: BACKUP_TAG.value };
}
