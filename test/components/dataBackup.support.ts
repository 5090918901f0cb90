import type { PlannedResource } from "../support/harness";

/** The resources with these names, in this order (registration order is not deterministic). */
export function byName(resources: PlannedResource[], ...names: string[]): PlannedResource[] {
  return names.map((n) => {
    const found = resources.filter((r) => r.name === n);
    if (found.length !== 1) throw new Error(`expected one resource named ${n}, found ${found.length}`);
    return found[0];
  });
}

/** The resources sorted by name (e.g. `db-0`, `db-1`, ...). */
export function sortedByName(resources: PlannedResource[]): PlannedResource[] {
  return [...resources].sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
}
