/**
 * The committed docs/diagrams/*.svg must be what the current program plans. Regenerates all five in memory
 * (same code path as `npm run diagrams`) and compares bytes.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { DIAGRAM_DIR, diagramFiles } from "../../scripts/diagrams/files";
import { planTier } from "../support/plans";

describe("diagrams: committed SVGs are up to date", function () {
  this.timeout(180_000);

  it("docs/diagrams matches a fresh render of every tier and the overview", async () => {
    const files = await diagramFiles(planTier);
    assert.equal(files.size, 5);
    const stale: string[] = [];
    for (const [name, svg] of files) {
      const file = path.join(DIAGRAM_DIR, name);
      const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
      if (committed !== svg)
        stale.push(`docs/diagrams/${name}${committed === undefined ? " (missing)" : ""}`);
    }
    assert.deepEqual(
      stale,
      [],
      `stale diagrams: ${stale.join(", ")}. Run \`npm run diagrams\` and commit the result.`,
    );
  });
});
