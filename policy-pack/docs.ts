// Generates the README's rule tables from the registries (policies.ts, the cross-stack registry, coverage.ts).
// The command line (npm run policy-docs [-- --check]) is docsCli.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { CrossStackPolicy } from "./crossStack";
import { COVERAGE, SOURCES } from "./coverage";
import { crossStackPolicies, resourcePolicies, stackPolicies } from "./policies";
import { schemaDefaults } from "./rules/common";

export const README = path.join(__dirname, "README.md");
const BEGIN = (what: string) => `<!-- BEGIN GENERATED ${what} (npm run policy-docs) -->`;
const END = (what: string) => `<!-- END GENERATED ${what} -->`;

type Listed = {
  kind: string;
  policy: ResourceValidationPolicy | StackValidationPolicy | CrossStackPolicy;
};

export function listed(): Listed[] {
  return [
    ...resourcePolicies.map((policy) => ({ kind: "resource", policy })),
    ...stackPolicies.map((policy) => ({ kind: "stack", policy })),
    ...crossStackPolicies.map((policy) => ({ kind: "cross-stack", policy })),
  ];
}

function configCell(schema: PolicyConfigSchema | undefined): string {
  return Object.entries(schemaDefaults(schema))
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function rulesTable(): string {
  const rows = listed().map(
    ({ kind, policy: p }) =>
      `| \`${p.name}\` | ${kind} | ${p.enforcementLevel} | ${cell(p.description)} | ${cell(configCell(p.configSchema))} |`,
  );
  return [
    "| name | kind | level | what it enforces | config (defaults) |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

export function coverageTable(): string {
  const head = `| rule | ${SOURCES.map((s) => s.label).join(" | ")} |`;
  const sep = `|---|${SOURCES.map(() => "---").join("|")}|`;
  const rows = listed().map(({ policy: p }) => {
    const c = COVERAGE[p.name] ?? {};
    const cells = SOURCES.map((s) => cell(c[s.key] ?? "—"));
    return `| \`${p.name}\` | ${cells.join(" | ")} |`;
  });
  const none = listed()
    .filter(({ policy: p }) => SOURCES.every((s) => !COVERAGE[p.name]?.[s.key]))
    .map(({ policy: p }) => `\`${p.name}\``);
  return [
    head,
    sep,
    ...rows,
    "",
    `No equivalent in any of them (${none.length}): ${none.join(", ")}.`,
  ].join("\n");
}

function replaceBlock(text: string, what: string, body: string): string {
  const [b, e] = [BEGIN(what), END(what)];
  const i = text.indexOf(b);
  const j = text.indexOf(e);
  if (i < 0 || j < i) {
    throw new Error(`README.md has no ${b} … ${e} block`);
  }
  return text.slice(0, i + b.length) + "\n" + body + "\n" + text.slice(j);
}

export function renderReadme(text: string): string {
  return replaceBlock(replaceBlock(text, "RULES", rulesTable()), "COVERAGE", coverageTable());
}

/** Rewrites the README's tables, or (check) reports them stale; the exit code. */
export function updateReadme(check: boolean): number {
  const current = fs.readFileSync(README, "utf8");
  const next = renderReadme(current);
  if (check) {
    if (next === current) return 0;
    console.error("policy-pack/README.md rule tables are stale: run npm run policy-docs");
    return 1;
  }
  if (next !== current) {
    fs.writeFileSync(README, next);
    console.log("policy-pack/README.md: rule tables regenerated");
  } else {
    console.log("policy-pack/README.md: rule tables up to date");
  }
  return 0;
}
