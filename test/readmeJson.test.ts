/**
 * The README's JSON commands, run exactly as written (through sh, as a user pastes them): each must give
 * parseable JSON, on stdout or in its --out file (DESIGN.md, contract 1). npm's banner on stdout, or a note
 * printed beside the document, would break the pipe.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Every `npm run … --json …` line inside the README's fenced code blocks. */
function readmeJsonCommands(): string[] {
  const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const blocks = [...text.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.split("\n")).filter((l) => /^npm run\b.*--json/.test(l));
}

describe("README: JSON commands pipe", function () {
  this.timeout(300_000);
  const commands = readmeJsonCommands();

  it("lists the plan's JSON commands", () => {
    assert.ok(commands.length >= 3, commands.join("\n"));
    for (const c of commands.filter((c) => !/--out /.test(c)))
      assert.match(c, /^npm run -s /, `${c}: stdout JSON needs npm run -s`);
  });

  for (const command of commands) {
    it(command.replace(/\s+#.*$/, ""), () => {
      const out = /--out (\S+)/.exec(command)?.[1];
      const r = spawnSync("sh", ["-c", command], {
        cwd: ROOT,
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      try {
        assert.equal(r.status, 0, r.stderr);
        const text = out ? fs.readFileSync(path.join(ROOT, out), "utf8") : r.stdout;
        const doc = JSON.parse(text);
        assert.ok(doc && typeof doc === "object");
        if (out) assert.doesNotMatch(r.stdout, /^\s*[{[]/, "--out keeps the document off stdout");
        const contractKeys = [
          "stack",
          "region",
          "role",
          "tier",
          "resources",
          "violations",
          "contract",
        ];
        if (doc.stack) assert.deepEqual(Object.keys(doc).slice(0, 7), contractKeys);
        if (doc.stacks) assert.equal(doc.stacks.length, 2);
      } finally {
        if (out) fs.rmSync(path.join(ROOT, out), { force: true });
      }
    });
  }
});
