/**
 * The stack's tags, applied once as the AWS providers' default tags (DESIGN.md style 12). The default provider
 * takes them from `aws:defaultTags` in the stack file ("defaultTags: Configuration block with resource tag
 * settings to apply across all resources handled by this provider",
 * https://www.pulumi.com/registry/packages/aws/api-docs/provider/#defaulttags_nodejs); the providers the program
 * creates for other regions copy that value, so a resource is tagged alike whichever provider made it.
 *
 * Two kinds of tag are outside the providers' reach and stay explicit in their components: what an Auto Scaling
 * group launches ("default tags to resources not directly managed by a resource, such as the instances underneath
 * an Auto Scaling group", https://www.pulumi.com/registry/packages/aws/api-docs/getdefaulttags/), and AWS Backup
 * recovery points' tags, which are a property of the backup rule.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RegionRole } from "../stacks/topology";
import { stackTags } from "./tags";

const KEY = "aws:defaultTags";

/** What a stack file must hold for its role: the block that makes every resource carry the stack's tags. */
export function defaultTagsBlock(role: RegionRole): string {
  const lines = Object.entries(stackTags(role)).map(([k, v]) => `      ${k}: ${v}`);
  return ["  aws:defaultTags:", "    tags:", ...lines].join("\n");
}

/**
 * Every problem with `aws:defaultTags` in a stack's raw config (JSON, as the CLI passes structured values): it
 * must carry the stack's tags for its role; other tags may be added.
 */
export function defaultTagsProblems(
  raw: Readonly<Record<string, string>>,
  stack: string,
  role: RegionRole,
): string[] {
  const fix = `add to Pulumi.${stack}.yaml, under config:\n${defaultTagsBlock(role)}`;
  const value = raw[KEY];
  if (value === undefined) {
    return [
      `${KEY} is not set: the stack's resources take their project and dr-role tags from it; ${fix}`,
    ];
  }
  let tags: unknown;
  try {
    tags = (JSON.parse(value) as { tags?: unknown }).tags;
  } catch {
    tags = undefined;
  }
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) {
    return [`${KEY} must be an object with a tags map (got ${value}); ${fix}`];
  }
  const problems: string[] = [];
  for (const [key, expected] of Object.entries(stackTags(role))) {
    const got = (tags as Record<string, unknown>)[key];
    if (got !== expected) {
      const why = key === "dr-role" ? `, this stack's role` : "";
      problems.push(
        `${KEY}.tags.${key} must be "${expected}"${why} (got ${got === undefined ? "nothing" : JSON.stringify(got)})`,
      );
    }
  }
  return problems;
}

/** The default provider's `defaultTags`, for a provider the program creates: the same tags on every resource. */
export function providerDefaultTags(): aws.types.input.ProviderDefaultTags | undefined {
  return new pulumi.Config("aws").getObject<aws.types.input.ProviderDefaultTags>("defaultTags");
}
