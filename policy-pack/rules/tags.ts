// Stack tags: applied once, by the AWS providers (DESIGN.md style 12).
import { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { configOf, contextProperties, StackContext, whenKnown } from "./common";
import { stackTags } from "../../components/tags";

const tagsSchema: PolicyConfigSchema = { properties: { role: contextProperties.role } };

/** A provider's `defaultTags.tags`: an object, or the JSON the Node SDK sends a provider's nested config as. */
function defaultTagsOf(props: Record<string, unknown>): Record<string, unknown> | undefined {
  const raw = props.defaultTags;
  let value: unknown = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const tags = (value as { tags?: unknown } | undefined)?.tags;
  return typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>) : undefined;
}

/**
 * Every AWS provider of the stack, the default one included (the engine registers it as a `pulumi:providers:aws`
 * resource the analyzer sees), applies the stack's tags through `defaultTags`: the components no longer tag
 * their resources with them, so a provider without them leaves its resources out of Resilience Hub's
 * application, the cost reports and the drill's selections.
 */
export const awsProviderDefaultTags: StackValidationPolicy = {
  name: "aws-provider-default-tags",
  description:
    "Every AWS provider applies the stack's project and dr-role tags through defaultTags.",
  enforcementLevel: "mandatory",
  configSchema: tagsSchema,
  validateStack: (args, report) => {
    const cfg = configOf<StackContext>(args, tagsSchema);
    for (const p of args.resources.filter((r) => r.type === "pulumi:providers:aws")) {
      const known = whenKnown(() => ({ tags: defaultTagsOf(p.props) }));
      if (!known) continue; // not known at preview
      const { tags } = known;
      const wrong = Object.entries(stackTags(cfg.role))
        .filter(([key, value]) => tags?.[key] !== value)
        .map(([key, value]) => `${key}=${value}`);
      if (wrong.length > 0)
        report(
          `AWS provider ${p.name} must apply the stack's tags ${wrong.join(", ")} through defaultTags.`,
          p.urn,
        );
    }
  },
};

export const tagStackRules: StackValidationPolicy[] = [awsProviderDefaultTags];
