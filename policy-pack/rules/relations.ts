// How resources relate: stateful resources, backup selections, bucket links. Shared by the stack rules
// and the offline cross-stack pairing, which both see PolicyResource objects.
import { PolicyResource } from "@pulumi/policy";
import {
  asArray,
  BUCKET_TYPES,
  EXEMPT_TAG_VALUE,
  isSet,
  namesOf,
  refersTo,
  T,
  TAG_KEY,
  tagsOf,
  whenKnown,
} from "./common";

export function ofType(
  resources: readonly PolicyResource[],
  ...types: (string | readonly string[])[]
): PolicyResource[] {
  const wanted = new Set(types.flat());
  return resources.filter((r) => wanted.has(r.type));
}

/** True when `ref` (a property of `from`) points at `target`, by propertyDependencies or by name. */
export function links(
  from: PolicyResource,
  key: string,
  target: PolicyResource,
  ...nameKeys: string[]
): boolean {
  if (refersTo(from, key, target)) {
    return true;
  }
  const v = whenKnown(() => from.props[key]);
  if (typeof v !== "string" || v === "") {
    return false;
  }
  return namesOf(target, ...nameKeys).some((n) => n === v || v === `arn:aws:s3:::${n}`);
}

/** Buckets that receive replication in `resources` (exempt from backup coverage: they are the copy). */
export function replicationDestinations(resources: readonly PolicyResource[]): Set<string> {
  const out = new Set<string>();
  const buckets = ofType(resources, BUCKET_TYPES);
  for (const cfg of ofType(resources, T.bucketReplication)) {
    whenKnown(() => {
      for (const b of buckets) {
        if (refersTo(cfg, "rules", b)) {
          out.add(b.urn);
        }
      }
      for (const rule of asArray(cfg.props.rules)) {
        const dest = rule?.destination?.bucket;
        for (const b of buckets) {
          if (
            typeof dest === "string" &&
            namesOf(b, "bucket").some((n) => dest === `arn:aws:s3:::${n}` || dest === n)
          ) {
            out.add(b.urn);
          }
        }
      }
    });
  }
  return out;
}

export function isExempt(r: PolicyResource): boolean {
  // Unknown tags: skip the resource rather than report it.
  return whenKnown(() => tagsOf(r.props)[TAG_KEY] === EXEMPT_TAG_VALUE) ?? true;
}

/**
 * Stateful resources that must be backed up: primary databases, tables, file systems and data buckets.
 * Replicas, global secondaries and replication destinations are the DR copies, not sources.
 */
export function statefulResources(
  resources: readonly PolicyResource[],
  role: string,
): PolicyResource[] {
  const destinations = replicationDestinations(resources);
  const out: PolicyResource[] = [];
  for (const r of resources) {
    if (isExempt(r)) {
      continue;
    }
    const keep = whenKnown(() => {
      switch (r.type) {
        case T.rdsInstance:
          return !r.props.replicateSourceDb;
        case T.rdsCluster:
          return (
            !r.props.replicationSourceIdentifier &&
            !(role === "recovery" && r.props.globalClusterIdentifier)
          );
        case T.dynamoTable:
        case T.efs:
          return true;
        case T.bucket:
        case T.bucketV2:
          return !destinations.has(r.urn);
        default:
          return false;
      }
    });
    if (keep) {
      out.push(r);
    }
  }
  return out;
}

const SERVICE: Record<string, string> = {
  [T.rdsInstance]: "rds",
  [T.rdsCluster]: "rds",
  [T.dynamoTable]: "dynamodb",
  [T.efs]: "elasticfilesystem",
  [T.bucket]: "s3",
  [T.bucketV2]: "s3",
};

function arnMatches(pattern: string, r: PolicyResource): boolean {
  if (pattern === "*") {
    return true;
  }
  const arn = whenKnown(() => r.props.arn);
  if (typeof arn === "string" && arn === pattern) {
    return true;
  }
  if (!pattern.includes("*")) {
    return false;
  }
  // A wildcard ARN such as arn:aws:dynamodb:*:*:table/* covers every resource of that service.
  const service = pattern.split(":")[2];
  return service !== undefined && (service === "*" || service === SERVICE[r.type]);
}

function tagEquals(r: PolicyResource, key: string, value: unknown): boolean {
  return tagsOf(r.props)[key] === value;
}

/**
 * Why a backup selection leaves a resource out although its positive part picks it: `notResources`, or a
 * negative condition (`stringNotEquals`, `stringNotLike`) on one of its tags. AWS Backup applies exclusions after
 * inclusions. https://docs.aws.amazon.com/aws-backup/latest/devguide/assigning-resources.html
 */
export function selectionExcludes(sel: PolicyResource, r: PolicyResource): string | undefined {
  return whenKnown(() => {
    const p = sel.props;
    if (
      refersTo(sel, "notResources", r) ||
      asArray<string>(p.notResources).some((a) => typeof a === "string" && arnMatches(a, r))
    ) {
      return "notResources";
    }
    for (const c of asArray(p.conditions ?? p.condition)) {
      for (const op of ["stringNotEquals", "stringNotLike"] as const) {
        for (const t of asArray(c?.[op])) {
          const key = String(t?.key ?? "").replace(/^aws:ResourceTag\//, "");
          const value = tagsOf(r.props)[key];
          const pattern = String(t?.value ?? "");
          const hit =
            op === "stringNotEquals"
              ? value === pattern
              : typeof value === "string" && globMatch(pattern, value);
          if (hit) {
            return `conditions.${op}`;
          }
        }
      }
    }
    return undefined;
  });
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(value);
}

/** Whether a backup selection's positive part (tags, conditions, resources) picks a resource. */
export function selectionIncludes(sel: PolicyResource, r: PolicyResource): boolean | undefined {
  return whenKnown(() => {
    const p = sel.props;
    const byTag = asArray(p.selectionTags).some(
      (t) =>
        String(t?.type ?? "STRINGEQUALS").toUpperCase() === "STRINGEQUALS" &&
        tagEquals(r, t.key, t.value),
    );
    if (byTag) {
      return true;
    }
    const conditions = asArray(p.conditions ?? p.condition).flatMap((c) =>
      asArray(c?.stringEquals),
    );
    const conditionsHold = conditions.every((c) =>
      tagEquals(r, String(c?.key ?? "").replace(/^aws:ResourceTag\//, ""), c?.value),
    );
    const byResource =
      refersTo(sel, "resources", r) ||
      asArray<string>(p.resources).some((a) => typeof a === "string" && arnMatches(a, r));
    return byResource && conditionsHold;
  });
}

/** Whether a backup selection covers a resource (picked and not excluded); undefined when unknown. */
export function selectionCovers(sel: PolicyResource, r: PolicyResource): boolean | undefined {
  const included = selectionIncludes(sel, r);
  if (included !== true) {
    return included;
  }
  return selectionExcludes(sel, r) === undefined;
}

/**
 * Whether an Aurora cluster belongs to a global cluster: it joins one (`globalClusterIdentifier`), or a global
 * cluster is made from it (`sourceDbClusterIdentifier`, how the primary is converted in place: DESIGN.md
 * decision 13, terraform-provider-aws rds_global_cluster "New Global Cluster From Existing DB Cluster").
 */
export function isGlobalMember(
  cluster: PolicyResource,
  resources: readonly PolicyResource[],
): boolean {
  if (isSet(cluster.props.globalClusterIdentifier)) return true;
  return ofType(resources, T.rdsGlobalCluster).some((g) =>
    refersTo(g, "sourceDbClusterIdentifier", cluster),
  );
}
