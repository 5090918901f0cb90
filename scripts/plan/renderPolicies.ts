/**
 * Policy results as `pulumi preview --policy-pack` lists them: per violation the level, the policy, the resource
 * as `type: name`, then the policy's description (why the rule exists, and so why an advisory is only advice),
 * then the message.
 */
import type { Violation } from "../../policy-pack/offline";
import { crossStackPolicies, policies } from "../../policy-pack/policies";
import { parseUrn } from "./engineUrn";
import { displayType } from "./renderTree";
import { WIDTH, wrapText } from "./wrapText";

const DESCRIPTIONS = new Map<string, string>(
  [...policies, ...crossStackPolicies].map((p) => [p.name, p.description ?? ""]),
);

function resourceOf(urn: string | null): string {
  if (!urn) return "";
  try {
    const { qualifiedType, name } = parseUrn(urn);
    return `  (${displayType(qualifiedType.split("$").pop()!)}: ${name})`;
  } catch {
    return `  (${urn})`;
  }
}

export function renderViolations(violations: readonly Violation[]): string[] {
  if (violations.length === 0) return ["    (none)"];
  return violations.flatMap((v) => {
    const why = DESCRIPTIONS.get(v.policy);
    const text = (t: string) => wrapText(t.split(" "), WIDTH, "      ");
    return [
      `    - [${v.level}]  ${v.policy}${resourceOf(v.resource)}`,
      ...(why ? text(why) : []),
      ...text(v.message),
    ];
  });
}

/** `Policies: 0 mandatory, 1 advisory` and the violations. */
export function renderPolicies(title: string, violations: readonly Violation[]): string[] {
  const mandatory = violations.filter((v) => v.level === "mandatory").length;
  return [
    `${title}: ${mandatory} mandatory, ${violations.length - mandatory} advisory`,
    ...renderViolations(violations),
  ];
}
