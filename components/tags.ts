/** Tags every building block applies, so backups, costs and drills can find resources by tag. */

/** Stateful resources carry this tag; the backup selections (and the policy pack) match on it. */
export const BACKUP_TAG = { key: "backup", value: "securecart-dr" } as const;

/** Tags for a resource of this project in a region role. */
export function baseTags(role: string, extra: Record<string, string> = {}): Record<string, string> {
  return { project: "securecart", "dr-role": role, ...extra };
}

/** Tags for a stateful resource: its base tags plus the backup selection tag. */
export function statefulTags(
  role: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { ...baseTags(role, extra), [BACKUP_TAG.key]: BACKUP_TAG.value };
}
