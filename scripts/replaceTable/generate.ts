/**
 * `npm run replace-table -- --tf-docs DIR [--out FILE]`: regenerates scripts/plan/replaceOnChanges.json, the
 * table the offline diff decides *replace* from (DESIGN.md decision 14). Two documented sources, never guesses:
 *
 * 1. The AWS provider's own documentation: each Terraform AWS provider resource doc
 *    (hashicorp/terraform-provider-aws, website/docs/r/NAME.html.markdown, which @pulumi/aws bridges) marks an
 *    argument "(..., Forces new resource)". DIR holds those docs (a checkout's website/docs/r, or excerpts of
 *    them named NAME.md whose first line is `<!-- source: REPO@COMMIT PATH -->`). Arguments under a
 *    `### block` heading become `block.argument`.
 * 2. AWS CloudFormation's resource specification (the `@aws-cdk/aws-service-spec` package, AWS's machine-readable
 *    copy of "Update requires: Replacement"), because the provider docs leave out most arguments that force
 *    replacement (a VPC's CIDR block, an Aurora cluster's KMS key). A property there maps to the Pulumi input
 *    of the same name (case and underscores aside) or through RENAMES; "maybe" (conditional replacement) is kept
 *    apart as `mayReplace`.
 *
 * Pulumi property names come from @pulumi/aws's own `XArgs` interfaces, so every key in the table is one the
 * program can set.
 *
 * DIR may hold only some docs (for a type the program starts to use): a type whose doc is not there keeps its
 * entry from the checked-in table. A full DIR is a sparse checkout of the provider:
 *   git clone --depth 1 --filter=blob:none --sparse https://github.com/hashicorp/terraform-provider-aws
 *   git -C terraform-provider-aws sparse-checkout set website/docs/r
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { parseCli, runCli, UsageError } from "../cli/args";
import { PULUMI_TYPES, RENAMES, TypeSource } from "./sources";

const ROOT = path.resolve(__dirname, "../..");
const OUT = path.join(ROOT, "scripts/plan/replaceOnChanges.json");

export interface TypeEntry {
  /** Inputs whose change forces a replacement, as `prop` or `prop.nested`. */
  readonly replaceOnChanges: string[];
  /** Inputs whose change replaces only in some cases (CloudFormation "Update requires: ... conditional"). */
  readonly mayReplace: string[];
  readonly sources: {
    readonly terraformDoc?: {
      readonly path: string;
      readonly commit: string;
      readonly properties: string[];
    };
    readonly cloudFormation?: {
      readonly type: string;
      readonly properties: string[];
      readonly unmapped: string[];
    };
    readonly note?: string;
  };
}

const normal = (s: string) => s.replace(/[_\s-]/g, "").toLowerCase();
const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The input names of a @pulumi/aws resource, read from its `XArgs` interface. */
export function pulumiInputNames(token: string): string[] {
  const m = /^aws:([^/]+)\/([^:]+):(.+)$/.exec(token);
  if (!m) return [];
  const file = path.join(ROOT, "node_modules/@pulumi/aws", m[1], `${m[2]}.d.ts`);
  const text = fs.readFileSync(file, "utf8");
  const start = text.indexOf(`export interface ${m[3]}Args {`);
  if (start < 0) throw new Error(`${file} has no ${m[3]}Args interface`);
  const body = text.slice(start, text.indexOf("\n}", start));
  return [...body.matchAll(/^ {4}(?:readonly )?(\w+)\??:/gm)].map((x) => x[1]);
}

/** "(Required, Forces new resource)" arguments of one Terraform doc, as Pulumi paths. */
export function forcesNewFromDoc(
  text: string,
  inputs: string[],
): { commit: string; path: string; properties: string[] } {
  const header = /<!-- source: [^@]+@([0-9a-f]{40}) (\S+) -->/.exec(text);
  const byNormal = new Map(inputs.map((i) => [normal(i), i]));
  const properties = new Set<string>();
  let inArguments = false;
  const blocks: string[] = [];
  for (const line of text.split("\n")) {
    const heading = /^(#{2,4})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      if (level === 2) {
        inArguments = /^Arguments? Reference/i.test(heading[2]);
        blocks.length = 0;
      } else {
        // "### `replica`", "### replica Configuration Block": the block's argument name is the first word.
        const word = /`?([a-z0-9_]+)`?/.exec(heading[2])?.[1] ?? "";
        blocks.length = level - 3;
        blocks.push(word);
      }
      continue;
    }
    if (!inArguments) continue;
    const bullet = /^\s*[*-]\s+`([a-z0-9_]+)`[^(]*\(([^)]*)\)/.exec(line);
    if (!bullet || !/forces? (a )?new/i.test(line)) continue;
    const top = blocks[0];
    if (top === undefined) {
      const name = byNormal.get(normal(bullet[1]));
      if (name) properties.add(name);
    } else {
      // A nested argument counts only where its block is one of the resource's own inputs. Pulumi names a
      // repeatable block in the plural (`replica` → `replicas`).
      const name =
        byNormal.get(normal(top)) ??
        byNormal.get(`${normal(top)}s`) ??
        byNormal.get(`${normal(top)}es`);
      if (name) properties.add([name, ...blocks.slice(1).map(camel), camel(bullet[1])].join("."));
    }
  }
  return { commit: header?.[1] ?? "", path: header?.[2] ?? "", properties: [...properties].sort() };
}

interface CfnProperty {
  readonly causesReplacement?: "yes" | "no" | "maybe";
}

/** Every resource of the CloudFormation spec: type → top-level properties. */
export function loadCloudFormationSpec(file: string): Map<string, Record<string, CfnProperty>> {
  const db = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8"));
  const out = new Map<string, Record<string, CfnProperty>>();
  for (const e of Object.values(db.schema.resource.entities) as {
    cloudFormationType: string;
    properties: Record<string, CfnProperty>;
  }[]) {
    out.set(e.cloudFormationType, e.properties);
  }
  return out;
}

export function cloudFormationReplacements(
  source: TypeSource,
  spec: Map<string, Record<string, CfnProperty>>,
  inputs: string[],
) {
  const props = spec.get(source.cfn!);
  if (!props) throw new Error(`CloudFormation spec has no ${source.cfn}`);
  const byNormal = new Map(inputs.map((i) => [normal(i), i]));
  const renames = RENAMES[source.token] ?? {};
  const yes: string[] = [];
  const maybe: string[] = [];
  const unmapped: string[] = [];
  for (const [name, p] of Object.entries(props)) {
    if (p.causesReplacement !== "yes" && p.causesReplacement !== "maybe") continue;
    const targets =
      name in renames
        ? renames[name]
        : [byNormal.get(normal(name))].filter((x): x is string => !!x);
    if (targets.length === 0) unmapped.push(name);
    for (const t of targets) (p.causesReplacement === "yes" ? yes : maybe).push(t);
  }
  return {
    yes: [...new Set(yes)].sort(),
    maybe: [...new Set(maybe)].sort(),
    unmapped: unmapped.sort(),
  };
}

export function generate(
  tfDocsDir: string,
  cfnSpecFile: string,
  previous: Record<string, TypeEntry> = {},
): Record<string, TypeEntry> {
  const spec = loadCloudFormationSpec(cfnSpecFile);
  const types: Record<string, TypeEntry> = {};
  for (const source of PULUMI_TYPES) {
    if (!source.token.startsWith("aws:")) {
      types[source.token] = {
        replaceOnChanges: [...(source.replaceOnChanges ?? [])],
        mayReplace: [],
        sources: { note: source.note },
      };
      continue;
    }
    const inputs = pulumiInputNames(source.token);
    const docFile = [".md", ".html.markdown", ".markdown", ".html.md"]
      .map((ext) => path.join(tfDocsDir, source.tf! + ext))
      .find((f) => fs.existsSync(f));
    if (!docFile) {
      if (!previous[source.token])
        throw new Error(
          `no Terraform doc for ${source.tf} in ${tfDocsDir}, and no earlier entry for ${source.token}`,
        );
      types[source.token] = previous[source.token];
      continue;
    }
    const doc = forcesNewFromDoc(fs.readFileSync(docFile, "utf8"), inputs);
    const cfn = source.cfn ? cloudFormationReplacements(source, spec, inputs) : undefined;
    const replace = new Set([...doc.properties, ...(cfn?.yes ?? [])]);
    types[source.token] = {
      replaceOnChanges: [...replace].sort(),
      mayReplace: (cfn?.maybe ?? []).filter((p) => !replace.has(p)),
      sources: {
        terraformDoc: {
          path: doc.path || `website/docs/r/${path.basename(docFile)}`,
          commit: doc.commit,
          properties: doc.properties,
        },
        ...(cfn
          ? { cloudFormation: { type: source.cfn!, properties: cfn.yes, unmapped: cfn.unmapped } }
          : {}),
        ...(source.note ? { note: source.note } : {}),
      },
    };
  }
  return types;
}

export const USAGE = `usage: npm run replace-table -- --tf-docs DIR [--out FILE]

Regenerates scripts/plan/replaceOnChanges.json from the provider's docs and CloudFormation's resource spec.

  --tf-docs DIR    terraform-provider-aws website/docs/r (or excerpts of it)
  --out FILE       write the table there (default scripts/plan/replaceOnChanges.json)
  -h, --help       print this help

Exit status: 0 written, 2 a usage error.`;

function main(): number {
  const options = { "tf-docs": { type: "string" }, out: { type: "string" } } as const;
  const { values } = parseCli(
    { name: "replace-table", usage: USAGE, options },
    process.argv.slice(2),
  );
  const args = { tfDocs: values["tf-docs"], out: values.out };
  if (!args.tfDocs || !fs.existsSync(args.tfDocs) || !fs.statSync(args.tfDocs).isDirectory()) {
    throw new UsageError(
      `--tf-docs must name a directory of Terraform AWS provider docs (got ${JSON.stringify(args.tfDocs ?? "")})`,
    );
  }
  const specFile = require.resolve("@aws-cdk/aws-service-spec/db.json.gz");
  const versionOf = (pkg: string) =>
    (
      JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as {
        version: string;
      }
    ).version;
  const specVersion = versionOf("@aws-cdk/aws-service-spec");
  const awsVersion = versionOf("@pulumi/aws");
  const previous = fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, "utf8")).types : {};
  const types = generate(args.tfDocs, specFile, previous);
  const doc = {
    description:
      "Inputs whose change makes the provider replace a resource, for the offline diff (npm run plan -- --from A --tier B). Generated by scripts/replaceTable/generate.ts; do not edit by hand.",
    generated: new Date().toISOString().slice(0, 10),
    provider: `@pulumi/aws ${awsVersion}`,
    sources: {
      terraformDocs:
        "hashicorp/terraform-provider-aws website/docs/r: arguments marked 'Forces new resource' (commit per type)",
      cloudFormation: `@aws-cdk/aws-service-spec ${specVersion}: CloudFormation properties whose update requires replacement`,
    },
    types,
  };
  fs.writeFileSync(args.out ?? OUT, JSON.stringify(doc, null, 2) + "\n");
  console.error(
    `replace-table: wrote ${Object.keys(types).length} types to ${path.relative(process.cwd(), args.out ?? OUT)}`,
  );
  return 0;
}

if (require.main === module) runCli("replace-table", main);
