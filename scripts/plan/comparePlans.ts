/**
 * Compares two `plan --json` documents resource by resource (by URN): what a refactor changed in the planned
 * resources. `--ignore-tag KEY` drops a tag from both sides first (tags moved to the providers' defaultTags).
 *
 *   npm run -s plan -- --tier warm-standby --json --out before.json   # on the old commit
 *   npm run -s plan -- --tier warm-standby --json --out after.json    # on the new one
 *   npm run -s compare-plans -- before.json after.json --ignore-tag project --ignore-tag dr-role
 *
 * Exit status: 0 the same, 1 a difference (each printed), 2 a usage error.
 */
import * as fs from "fs";
import { changedPaths } from "./diff";
import { EXIT_OK, EXIT_PROBLEMS, parseCli, runCli, UsageError } from "../cli/args";

// Plan documents are the JSON contract (DESIGN.md contract 1); only the fields compared here are read.
type Resource = Record<string, any>;
const COMPARED = ["type", "parent", "provider", "dependencies", "propertyDependencies"] as const;

function resources(file: string, ignoredTags: readonly string[]): Map<string, Resource> {
  const plan = JSON.parse(fs.readFileSync(file, "utf8"));
  const out = new Map<string, Resource>();
  for (const stack of plan.stacks)
    for (const r of stack.resources) {
      const inputs = { ...r.inputs };
      if (inputs.tags && typeof inputs.tags === "object") {
        const tags = { ...inputs.tags };
        for (const key of ignoredTags) delete tags[key];
        if (Object.keys(tags).length > 0) inputs.tags = tags;
        else delete inputs.tags;
      }
      out.set(r.urn, { ...r, inputs });
    }
  return out;
}

/** One line per difference: a resource only on one side, or the paths that differ. */
export function comparePlans(before: string, after: string, ignoredTags: readonly string[] = []) {
  const a = resources(before, ignoredTags);
  const b = resources(after, ignoredTags);
  const lines: string[] = [];
  for (const urn of a.keys()) if (!b.has(urn)) lines.push(`- ${urn}`);
  for (const [urn, r] of b) {
    const old = a.get(urn);
    if (!old) {
      lines.push(`+ ${urn}`);
      continue;
    }
    const paths = changedPaths(old.inputs, r.inputs, "inputs");
    for (const key of COMPARED) paths.push(...changedPaths(old[key], r[key], key));
    if (paths.length > 0) lines.push(`~ ${urn}: ${paths.join(", ")}`);
  }
  return { compared: b.size, lines };
}

const SPEC = {
  name: "compare-plans",
  usage: [
    "usage: npm run -s compare-plans -- BEFORE.json AFTER.json [--ignore-tag KEY]...",
    "",
    "Compares two plan --json documents resource by resource (by URN).",
    "",
    "  --ignore-tag KEY      drop this tag from both sides first (repeatable)",
    "  -h, --help            print this help",
    "",
    "Exit status: 0 the same, 1 a difference, 2 a usage error.",
  ].join("\n"),
  options: { "ignore-tag": { type: "string", multiple: true } },
  allowPositionals: true,
} as const;

function main(): number {
  const { values, positionals } = parseCli(SPEC, process.argv.slice(2));
  if (positionals.length !== 2) throw new UsageError("give two plan files: BEFORE.json AFTER.json");
  for (const file of positionals)
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const { compared, lines } = comparePlans(
    positionals[0],
    positionals[1],
    values["ignore-tag"] ?? [],
  );
  for (const line of lines) console.log(line);
  console.log(`${compared} resources compared, ${lines.length} differences`);
  return lines.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

if (require.main === module) runCli("compare-plans", main);
