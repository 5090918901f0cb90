// aws-provider-default-tags over the program's own plans: the stacks' providers pass, and each broken one names itself.
import assert from "node:assert/strict";
import { plan, StackPlan } from "../../scripts/plan/planStack";
import { PlannedResource } from "../offline";
import { awsProviderDefaultTags } from "../rules/tags";
import { planContext, runStackRule } from "./helpers";

const run = (s: StackPlan, resources: PlannedResource[] = s.resources) =>
  runStackRule(awsProviderDefaultTags, resources, planContext(s)).map((r) => r.message);
const isProvider = (r: PlannedResource) => r.type === "pulumi:providers:aws";
/** The stack with its first AWS provider's inputs replaced. */
function withProviderInputs(s: StackPlan, inputs: Record<string, unknown>): PlannedResource[] {
  const first = s.resources.find(isProvider)!;
  return s.resources.map((r) => (r === first ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));
}

describe("policy-pack aws-provider-default-tags (on the planned stacks)", function () {
  this.timeout(120_000);
  let stacks: StackPlan[];
  before(async () => {
    stacks = (await plan({ tier: "active-active" })).stacks;
  });
  const stackOf = (role: string) => stacks.find((s) => s.role === role)!;

  it("passes every stack the program plans, each with providers to check", () => {
    for (const s of stacks) {
      assert.ok(s.resources.filter(isProvider).length > 0, `${s.stack} has providers`);
      assert.deepEqual(run(s), [], s.stack);
    }
  });

  it("names a provider without defaultTags, and the tags it must apply", () => {
    const s = stackOf("recovery");
    const name = s.resources.find(isProvider)!.name;
    assert.deepEqual(run(s, withProviderInputs(s, { defaultTags: undefined })), [
      `AWS provider ${name} must apply the stack's tags project=securecart, dr-role=recovery through defaultTags.`,
    ]);
  });

  it("names the tag a provider sets to the other role; reads defaultTags as an object or as JSON", () => {
    const s = stackOf("primary");
    const name = s.resources.find(isProvider)!.name;
    const tags = { tags: { project: "securecart", "dr-role": "recovery" } };
    const want = [
      `AWS provider ${name} must apply the stack's tags dr-role=primary through defaultTags.`,
    ];
    assert.deepEqual(run(s, withProviderInputs(s, { defaultTags: tags })), want);
    assert.deepEqual(run(s, withProviderInputs(s, { defaultTags: JSON.stringify(tags) })), want);
    assert.deepEqual(run(s, withProviderInputs(s, { defaultTags: "{not json" })).length, 1);
  });
});
