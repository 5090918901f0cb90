/**
 * What `pulumi preview --diff` would show for moving a deployed stack from one plan to another (contract 1,
 * "Diff"). The engine matches old and new resources by URN or by a declared alias, never by type or name;
 * an input change is an update unless the provider replaces the resource on that input
 * (./replaceOnChanges.json, generated from the provider's documentation); a resource whose inputs depend on a
 * replaced resource sees those inputs change too, as the engine plans with the replacement's unknown outputs.
 */
import type { PlannedResource } from "../../policy-pack/offline";
import { deleteGuard } from "./deleteGuards";
import replaceTable from "./replaceOnChanges.json";

export type ChangeOp = "same" | "create" | "update" | "replace" | "delete";

export interface Change {
  readonly urn: string;
  readonly type: string;
  readonly op: ChangeOp;
  /** update: the changed inputs; replace: the inputs that force the replacement. */
  readonly keys: string[];
  /** update: changed inputs that replace the resource only in some cases (CloudFormation's "conditional"). */
  readonly mayReplace?: string[];
  /** A replace or delete AWS or the engine would refuse, and the step that lifts it. */
  readonly blocked?: { readonly by: string; readonly lift: string };
  /** The URN the old resource had, where it was matched through an alias. */
  readonly from?: string;
}

interface TableEntry {
  readonly replaceOnChanges: string[];
  readonly mayReplace: string[];
}

const TABLE = (replaceTable as unknown as { types: Record<string, TableEntry> }).types;

/** A deep copy of `inputs` without the `ignoreChanges` paths (`key` or `key.nested`). */
function withoutIgnored(
  inputs: Record<string, unknown>,
  ignore: readonly string[],
): Record<string, unknown> {
  if (ignore.length === 0) return inputs;
  const copy = JSON.parse(JSON.stringify(inputs)) as Record<string, any>;
  for (const path of ignore) {
    const parts = path.split(".");
    let node: any = copy;
    for (const p of parts.slice(0, -1)) node = node?.[p];
    if (node && typeof node === "object") delete node[parts[parts.length - 1]];
  }
  return copy;
}

/** Leaf paths (array indexes dropped, `a.b`) where two values differ. */
export function changedPaths(a: unknown, b: unknown, prefix = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x: unknown) => x !== null && typeof x === "object";
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) return [prefix];
  if (Array.isArray(a)) {
    const out = new Set<string>();
    const arrB = b as unknown[];
    for (let i = 0; i < Math.max(a.length, arrB.length); i++)
      for (const p of changedPaths(a[i], arrB[i], prefix)) out.add(p);
    return [...out];
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  const out: string[] = [];
  for (const k of keys)
    out.push(...changedPaths((a as any)[k], (b as any)[k], prefix ? `${prefix}.${k}` : k));
  return out;
}

const matches = (changed: string, forcing: string) =>
  changed === forcing || changed.startsWith(`${forcing}.`) || forcing.startsWith(`${changed}.`);

/** The top-level keys among `paths` that force a replacement (or may), by the type's table entry. */
function classify(type: string, paths: string[]): { replace: string[]; mayReplace: string[] } {
  const entry = TABLE[type];
  const top = (p: string) => p.split(".")[0];
  const replace = new Set<string>();
  const may = new Set<string>();
  for (const p of paths) {
    if (entry?.replaceOnChanges.some((f) => matches(p, f))) replace.add(top(p));
    else if (entry?.mayReplace.some((f) => matches(p, f))) may.add(top(p));
  }
  return {
    replace: [...replace].sort(),
    mayReplace: [...may].filter((k) => !replace.has(k)).sort(),
  };
}

const providerUrn = (ref: string | undefined) =>
  ref ? ref.split("::").slice(0, -1).join("::") : "";

/**
 * One change per resource of either plan: every resource of `to` (same, create, update or replace, in
 * registration order), then every resource of `from` that nothing in `to` matches (delete).
 */
export function diffResources(
  from: readonly PlannedResource[],
  to: readonly PlannedResource[],
): Change[] {
  const oldByUrn = new Map(from.map((r) => [r.urn, r]));
  const matched = new Set<string>();
  const replaced = new Set<string>();
  const changes: Change[] = [];
  for (const r of to) {
    const oldUrn = [r.urn, ...(r.aliases ?? [])].find((u) => oldByUrn.has(u) && !matched.has(u));
    if (!oldUrn) {
      changes.push({ urn: r.urn, type: r.type, op: "create", keys: [] });
      continue;
    }
    matched.add(oldUrn);
    const old = oldByUrn.get(oldUrn)!;
    const ignore = r.ignoreChanges ?? [];
    const paths = changedPaths(
      withoutIgnored(old.inputs, ignore),
      withoutIgnored(r.inputs, ignore),
    );
    // Inputs that come from a replaced resource are unknown until it exists again: the engine treats them as changed.
    for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
      if (
        !ignore.includes(key) &&
        deps.some((d) => replaced.has(d)) &&
        !paths.some((p) => p.split(".")[0] === key)
      )
        paths.push(key);
    }
    const keys = [...new Set(paths.map((p) => p.split(".")[0]))].sort();
    const { replace, mayReplace } = classify(r.type, paths);
    if (providerUrn(old.provider) !== providerUrn(r.provider)) replace.push("provider");
    const alias = oldUrn !== r.urn ? { from: oldUrn } : {};
    if (replace.length > 0) {
      replaced.add(r.urn);
      const guard = deleteGuard(old);
      changes.push({
        urn: r.urn,
        type: r.type,
        op: "replace",
        keys: replace,
        ...(guard ? { blocked: guard } : {}),
        ...alias,
      });
    } else if (keys.length > 0) {
      changes.push({
        urn: r.urn,
        type: r.type,
        op: "update",
        keys,
        ...(mayReplace.length ? { mayReplace } : {}),
        ...alias,
      });
    } else {
      changes.push({ urn: r.urn, type: r.type, op: "same", keys: [], ...alias });
    }
  }
  for (const old of from) {
    if (matched.has(old.urn)) continue;
    const guard = deleteGuard(old);
    changes.push({
      urn: old.urn,
      type: old.type,
      op: "delete",
      keys: [],
      ...(guard ? { blocked: guard } : {}),
    });
  }
  return changes;
}

/** `{create: n, update: n, ...}` over every resource, components included, as pulumi preview counts them. */
export function summarize(changes: readonly Change[]): Record<ChangeOp, number> {
  const out: Record<ChangeOp, number> = { same: 0, create: 0, update: 0, replace: 0, delete: 0 };
  for (const c of changes) out[c.op]++;
  return out;
}
