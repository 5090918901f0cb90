// `npm run policy-docs [-- --check]`: the command line of docs.ts, which it loads only after reading the
// arguments (the registries load @pulumi/policy, which --help and a usage error must not wait for).
import { parseCli, runCli } from "../scripts/cli/args";
import type * as Docs from "./docs";

export const USAGE = `usage: npm run policy-docs [-- --check]

Regenerates the rule tables in policy-pack/README.md from the policy registries.

  --check       change nothing; exit 1 when the README's tables are stale
  -h, --help    print this help

Exit status: 0 written or up to date, 1 stale (--check), 2 a usage error.`;

if (require.main === module) {
  runCli("policy-docs", () => {
    const options = { check: { type: "boolean" } } as const;
    const { values } = parseCli(
      { name: "policy-docs", usage: USAGE, options },
      process.argv.slice(2),
    );
    return (require("./docs") as typeof Docs).updateReadme(values.check ?? false);
  });
}
