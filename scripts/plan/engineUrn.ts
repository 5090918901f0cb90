/**
 * URNs and aliases as the Pulumi engine computes them, not as the mock monitor does.
 *
 * A URN is `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. The qualified type is the chain of parent
 * types joined by `$`, with the root Stack's type left out ("Resource names", URNs:
 * https://www.pulumi.com/docs/iac/concepts/resources/names/#urns, and the engine's `resource.NewURN`). Pulumi's
 * MockMonitor keeps only the *last* parent type and keeps the Stack's type, which hides that a component's type
 * is part of every descendant's identity (DESIGN.md, Fidelity and decision 13).
 */

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface UrnParts {
  readonly stack: string;
  readonly project: string;
  readonly qualifiedType: string;
  readonly name: string;
}

export function parseUrn(urn: string): UrnParts {
  const m = /^urn:pulumi:(.*?)::(.*?)::(.*?)::(.*)$/s.exec(urn);
  if (!m) throw new Error(`not a Pulumi URN: ${urn}`);
  return { stack: m[1], project: m[2], qualifiedType: m[3], name: m[4] };
}

/** The engine's rule: the parent's qualified type, `$`, this type; a child of the root Stack has its bare type. */
export function engineUrn(
  stack: string,
  project: string,
  parentUrn: string | undefined,
  type: string,
  name: string,
): string {
  let qualified = type;
  if (parentUrn) {
    const parentQualified = parseUrn(parentUrn).qualifiedType;
    if (parentQualified !== ROOT_STACK_TYPE) qualified = `${parentQualified}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** An alias as the SDK sends it when the monitor supports alias specs (every field optional). */
export interface AliasSpec {
  readonly urn?: string;
  readonly name?: string;
  readonly type?: string;
  readonly stack?: string;
  readonly project?: string;
  readonly parentUrn?: string;
  readonly noParent?: boolean;
}

export interface AliasContext {
  readonly stack: string;
  readonly project: string;
  readonly name: string;
  readonly type: string;
  readonly parentUrn?: string;
  /** The parent's name, for the `${parent}-x` child-name convention of inherited aliases. */
  readonly parentName?: string;
  /** Every URN the engine matches the parent to (its own aliases and the ones it inherited). */
  readonly parentAliases: readonly string[];
}

/**
 * Every URN the engine would match a resource to: its own aliases, and for each alias of its parent the same
 * child under that alias (renaming a `${parent}-x` child with the parent), and each own alias under each parent
 * alias. This is the rule of the SDK's `allAliases`, which the engine applies itself to alias specs (Pulumi docs,
 * "aliases" resource option: https://www.pulumi.com/docs/iac/concepts/options/aliases/).
 */
export function aliasUrns(own: readonly AliasSpec[], ctx: AliasContext): string[] {
  const resolve = (a: AliasSpec): string => {
    if (a.urn) return a.urn;
    const parent = a.noParent ? undefined : (a.parentUrn ?? ctx.parentUrn);
    return engineUrn(
      a.stack || ctx.stack,
      a.project || ctx.project,
      parent,
      a.type || ctx.type,
      a.name || ctx.name,
    );
  };
  const underParentAlias = (childName: string, childType: string, parentAlias: string): string => {
    let name = childName;
    if (ctx.parentName && childName.startsWith(ctx.parentName)) {
      name = parseUrn(parentAlias).name + childName.substring(ctx.parentName.length);
    }
    return engineUrn(ctx.stack, ctx.project, parentAlias, childType, name);
  };
  const ownUrns = own.map(resolve);
  const out: string[] = [...ownUrns];
  for (const parentAlias of ctx.parentAliases) {
    out.push(underParentAlias(ctx.name, ctx.type, parentAlias));
    for (const urn of ownUrns) {
      const p = parseUrn(urn);
      out.push(underParentAlias(p.name, p.qualifiedType.split("$").pop()!, parentAlias));
    }
  }
  return [...new Set(out)];
}
