/** The plan comparison a refactor is checked with (scripts/plan/comparePlans.ts) sees every kind of change. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { comparePlans } from "../scripts/plan/comparePlans";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compare-plans-"));
function planFile(name: string, resources: object[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify({ stacks: [{ stack: "s", resources }] }));
  return file;
}
const bucket = (inputs: object, extra: object = {}) => ({
  urn: "urn:b",
  type: "aws:s3/bucketV2:BucketV2",
  parent: "urn:p",
  dependencies: [],
  inputs,
  ...extra,
});

describe("compare-plans", () => {
  it("the same plan: no differences, every resource compared", () => {
    const a = planFile("a.json", [bucket({ bucket: "x" })]);
    assert.deepEqual(comparePlans(a, a), { compared: 1, lines: [] });
  });

  it("names a changed input, dependency or provider by path, and resources on one side only", () => {
    const a = planFile("b.json", [bucket({ bucket: "x" }), { urn: "urn:gone", inputs: {} }]);
    const b = planFile("c.json", [
      bucket({ bucket: "y" }, { dependencies: ["urn:q"], provider: "urn:prov::id" }),
      { urn: "urn:new", inputs: {} },
    ]);
    assert.deepEqual(comparePlans(a, b).lines, [
      "- urn:gone",
      "~ urn:b: inputs.bucket, provider, dependencies",
      "+ urn:new",
    ]);
  });

  it("--ignore-tag drops the named tags from both sides, and an emptied tags map", () => {
    const a = planFile("d.json", [bucket({ tags: { project: "securecart", Name: "n" } })]);
    const b = planFile("e.json", [bucket({ tags: { Name: "n" } })]);
    const c = planFile("f.json", [bucket({})]);
    assert.equal(comparePlans(a, b).lines.length, 1);
    assert.deepEqual(comparePlans(a, b, ["project"]).lines, []);
    assert.deepEqual(
      comparePlans(planFile("g.json", [bucket({ tags: { project: "p" } })]), c, ["project"]).lines,
      [],
    );
  });
});
