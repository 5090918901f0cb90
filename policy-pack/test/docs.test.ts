// The README's rule and coverage tables are generated from the registries; a stale README fails here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { COVERAGE } from "../coverage";
import { listed, README, renderReadme } from "../docs";

describe("policy-pack README", () => {
  it("lists every registered policy, as npm run policy-docs writes it", () => {
    const text = fs.readFileSync(README, "utf8");
    assert.equal(
      renderReadme(text),
      text,
      "policy-pack/README.md is stale: run npm run policy-docs",
    );
    for (const { policy } of listed())
      assert.ok(text.includes(`| \`${policy.name}\` |`), policy.name);
  });

  it("has a coverage entry for every policy, and none for a policy that does not exist", () => {
    const names = new Set(listed().map(({ policy }) => policy.name));
    for (const name of names) assert.ok(name in COVERAGE, `coverage.ts has no entry for ${name}`);
    for (const name of Object.keys(COVERAGE))
      assert.ok(names.has(name), `coverage.ts lists unknown ${name}`);
  });

  it("names each policy once across resource, stack and cross-stack registries", () => {
    const names = listed().map(({ policy }) => policy.name);
    assert.equal(new Set(names).size, names.length);
    for (const { kind, policy } of listed()) {
      assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(policy.description.endsWith("."), `${policy.name} description is one sentence`);
      if (kind === "cross-stack") assert.match(policy.name, /^cross-stack-/);
    }
  });
});
