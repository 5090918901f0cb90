// DESIGN decision 18: code asks the tier table for facts; only tierProfile.ts may tell tiers apart by name. A
// comparison with a tier's name elsewhere would silently miss a fifth tier, which this test catches before review.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DR_TIERS } from "../components/tiers/tierProfile";

const ROOT = path.resolve(__dirname, "..");
const SOURCES = ["components", "scripts", "policy-pack", "stacks", "examples", "index.ts"];
const ALLOWED = new Set(["components/tiers/tierProfile.ts"]);

function sourceFiles(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return rel.endsWith(".ts") ? [rel] : [];
  return fs
    .readdirSync(abs)
    .filter((f) => f !== "node_modules" && f !== "test")
    .flatMap((f) => sourceFiles(path.join(rel, f)));
}

const names = DR_TIERS.join("|");
/** `x === "pilot-light"`, `"pilot-light" !== x`, `case "pilot-light":`, `.includes("pilot-light")`. */
const COMPARISON = new RegExp(
  `(?:[!=]==\\s*"(?:${names})")|(?:"(?:${names})"\\s*[!=]==)|(?:case\\s+"(?:${names})"\\s*:)|(?:\\.includes\\(\\s*"(?:${names})"\\s*\\))`,
);

describe("tier names are compared only in the tier table", () => {
  it("finds no comparison with a tier's name outside components/tiers/tierProfile.ts", () => {
    const files = SOURCES.flatMap(sourceFiles).filter(
      (f) => !ALLOWED.has(f.split(path.sep).join("/")),
    );
    assert.ok(files.length > 100, `scanned only ${files.length} files`);
    const hits = files.flatMap((f) =>
      fs
        .readFileSync(path.join(ROOT, f), "utf8")
        .split("\n")
        .map((line, i) => ({ where: `${f}:${i + 1}`, line: line.trim() }))
        .filter(
          ({ line }) => !line.startsWith("//") && !line.startsWith("*") && COMPARISON.test(line),
        ),
    );
    assert.deepEqual(hits, []);
  });

  it("would catch one (the pattern is not vacuous)", () => {
    for (const line of [
      'if (tier === "pilot-light") {',
      'cfg.tier !== "backup-restore"',
      'case "active-active":',
      '["warm-standby"].includes("warm-standby")',
    ]) {
      assert.ok(COMPARISON.test(line), line);
    }
    assert.ok(!COMPARISON.test('super(TIER_PROFILES["warm-standby"], name, args, opts);'));
  });
});
