/**
 * `npm run diagrams [-- --out DIR]`: plans both stacks under each tier (offline, under mocks) and writes the SVGs to
 * docs/diagrams/ (or DIR). Plans run one after another in this process: they share the mocks' global state.
 */
import * as fs from "fs";
import * as path from "path";
import { parseCli, runCli, UsageError } from "../cli/args";
import type * as Files from "./files";
import type * as PlanStack from "../plan/planStack";

export const USAGE = `usage: npm run diagrams [-- --out DIR]

Plans both stacks under every DR tier offline and writes one architecture diagram per tier plus tiers.svg.

  --out DIR     write the SVGs to DIR (default docs/diagrams, the committed copies)
  -h, --help    print this help

Exit status: 0 written, 1 a plan failed, 2 a usage or config error.`;

/** `--out DIR`, or undefined for the committed copies' directory. */
export function parseDiagramArgs(argv: string[]): { out?: string } {
  const { values } = parseCli(
    { name: "diagrams", usage: USAGE, options: { out: { type: "string" } } as const },
    argv,
  );
  const out = values.out;
  if (out === "") throw new UsageError("--out needs a directory");
  if (out !== undefined && fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    throw new UsageError(`--out must be a directory (${out} is a file)`);
  }
  return { out };
}

async function main(): Promise<number> {
  const args = parseDiagramArgs(process.argv.slice(2));
  // Loaded after the arguments are read: the planner and the renderer (Graphviz in WebAssembly) take seconds to
  // load, which --help and a usage error must not wait for. require, not import(): the CLIs run as CommonJS.
  const { DIAGRAM_DIR, diagramFiles } = require("./files") as typeof Files;
  const { plan } = require("../plan/planStack") as typeof PlanStack;
  const out = args.out ?? DIAGRAM_DIR;
  const files = await diagramFiles((tier) => plan({ tier }));
  fs.mkdirSync(out, { recursive: true });
  for (const [name, svg] of files) {
    const file = path.join(out, name);
    fs.writeFileSync(file, svg);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  return 0;
}

if (require.main === module) runCli("diagrams", main);
