/**
 * The stack's tags come from `aws:defaultTags` in each stack file (components/defaultTags.ts): the config check
 * refuses a stack file whose default tags are missing or name another role, with the block to paste.
 */
import { strict as assert } from "assert";
import { ConfigError, parseLocalConfig } from "../components/config";
import { defaultTagsBlock, defaultTagsProblems } from "../components/defaultTags";
import { effectiveConfig } from "../scripts/plan/stackConfig";

const PRIMARY = {
  stack: "prod-us-east-1",
  expectedRegion: "us-east-1",
  expectedRole: "primary",
} as const;

function problemsOf(raw: Record<string, string>): string[] {
  try {
    parseLocalConfig(raw, PRIMARY);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe("aws:defaultTags: the stack's tags, set once", () => {
  it("both checked-in stack files carry their role's tags", () => {
    assert.deepEqual(defaultTagsProblems(effectiveConfig("prod-us-east-1"), "p", "primary"), []);
    assert.deepEqual(defaultTagsProblems(effectiveConfig("prod-eu-west-1"), "r", "recovery"), []);
  });

  it("missing: one problem that names the key and gives the block for the role", () => {
    const raw = { ...effectiveConfig("prod-us-east-1") };
    delete raw["aws:defaultTags"];
    const problems = problemsOf(raw);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^aws:defaultTags is not set: .*Pulumi\.prod-us-east-1\.yaml/s);
    assert.ok(problems[0].endsWith(defaultTagsBlock("primary")));
    assert.match(defaultTagsBlock("primary"), /dr-role: primary$/);
  });

  it("the other role's tags: names the tag, the expected value and what it got", () => {
    const raw = {
      ...effectiveConfig("prod-us-east-1"),
      "aws:defaultTags": JSON.stringify({
        tags: { project: "securecart", "dr-role": "recovery", team: "x" },
      }),
    };
    assert.deepEqual(problemsOf(raw), [
      `aws:defaultTags.tags.dr-role must be "primary", this stack's role (got "recovery")`,
    ]);
  });

  it("not a tags map, or no project tag: refused", () => {
    const base = effectiveConfig("prod-us-east-1");
    assert.match(
      problemsOf({ ...base, "aws:defaultTags": '"securecart"' })[0],
      /must be an object with a tags map/,
    );
    assert.match(
      problemsOf({ ...base, "aws:defaultTags": "{not json" })[0],
      /must be an object with a tags map/,
    );
    assert.deepEqual(problemsOf({ ...base, "aws:defaultTags": '{"tags":{"dr-role":"primary"}}' }), [
      `aws:defaultTags.tags.project must be "securecart" (got nothing)`,
    ]);
  });
});
