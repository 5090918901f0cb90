/**
 * How every component resolves its args (DESIGN.md style 13): one pure `resolveXArgs(args)` per component returns
 * the fully defaulted args and every problem found in them, so a default is written once (in the resolver; the doc
 * comment states it), tests check defaults and errors without creating anything, and the constructor starts with
 * `requireValid`, which reports all the problems at once (style 5).
 */
import * as pulumi from "@pulumi/pulumi";

/** A component's args with every default applied, and every problem with them (empty when they are valid). */
export interface Resolved<T> {
  readonly args: T;
  readonly errors: readonly string[];
}

/** The resolved args, or one ResourceError naming the component and listing every problem. */
export function requireValid<T>(
  resolved: Resolved<T>,
  component: string,
  name: string,
  parent: pulumi.Resource,
): T {
  if (resolved.errors.length > 0) {
    throw new pulumi.ResourceError(`${component} ${name}: ${resolved.errors.join("; ")}`, parent);
  }
  return resolved.args;
}
