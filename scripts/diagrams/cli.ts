/**
 * `npm run diagrams`: plans both stacks under each tier (offline, under mocks) and writes the SVGs to
 * docs/diagrams/. Plans run one after another in this process: they share the mocks' global state.
 */
import * as fs from "fs";
import * as path from "path";
import { plan } from "../plan/planStack";
import { DIAGRAM_DIR, diagramFiles } from "./files";

async function main(): Promise<void> {
  const files = await diagramFiles((tier) => plan({ tier }));
  fs.mkdirSync(DIAGRAM_DIR, { recursive: true });
  for (const [name, svg] of files) {
    const file = path.join(DIAGRAM_DIR, name);
    fs.writeFileSync(file, svg);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

main().catch((e: Error) => {
  console.error(`diagrams: ${e.message}`);
  process.exit(1);
});
