// Spec runners for the rule families: a resource rule's happy path, then one broken property per `it`; a stack
// rule's correct stack, then one broken relation per `it`.
import assert from "node:assert/strict";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PlannedResource, StackPolicyContext } from "../offline";
import { clone, PRIMARY, runResourceRule, runStackRule } from "./helpers";

type Props = Record<string, any>;
type Ctx = Partial<StackPolicyContext>;

export interface ResourceSpec {
  policy: ResourceValidationPolicy;
  type: string;
  happy: Props;
  ctx?: Ctx;
  passes?: [string, (p: Props) => void, Ctx?][];
  broken: [string, (p: Props) => void, string | string[], Ctx?][];
}

export function describeResourceSpecs(specs: ResourceSpec[]): void {
  for (const spec of specs) {
    const ctx = spec.ctx ?? PRIMARY;
    describe(`${spec.policy.name} on ${spec.type}`, () => {
      it("passes the happy path", () => {
        assert.deepEqual(runResourceRule(spec.policy, spec.type, clone(spec.happy), ctx), []);
      });
      for (const [label, mutate, pctx] of spec.passes ?? []) {
        it(`passes ${label}`, () => {
          const props = clone(spec.happy);
          mutate(props);
          assert.deepEqual(runResourceRule(spec.policy, spec.type, props, pctx ?? ctx), []);
        });
      }
      for (const [label, mutate, expected, bctx] of spec.broken) {
        it(`reports ${label}`, () => {
          const props = clone(spec.happy);
          mutate(props);
          assert.deepEqual(
            runResourceRule(spec.policy, spec.type, props, bctx ?? ctx),
            Array.isArray(expected) ? expected : [expected],
          );
        });
      }
    });
  }
}

export interface StackSpec {
  policy: StackValidationPolicy;
  /** A correct stack for this rule; each case changes a fresh copy. */
  good: () => PlannedResource[];
  ctx?: Ctx;
  passes?: [string, (rs: PlannedResource[]) => PlannedResource[] | void, Ctx?][];
  /** [label, mutate, expected [resource name or null, message][], ctx?] */
  broken: [
    string,
    (rs: PlannedResource[]) => PlannedResource[] | void,
    [string | null, string][],
    Ctx?,
  ][];
}

export function named(rs: PlannedResource[], name: string): PlannedResource {
  const r = rs.find((x) => x.name === name);
  if (!r) throw new Error(`no resource ${name}`);
  return r;
}

export function describeStackSpecs(specs: StackSpec[]): void {
  for (const spec of specs) {
    const ctx = spec.ctx ?? PRIMARY;
    describe(spec.policy.name, () => {
      it("passes the correct stack", () => {
        assert.deepEqual(runStackRule(spec.policy, spec.good(), ctx), []);
      });
      for (const [label, mutate, pctx] of spec.passes ?? []) {
        it(`passes ${label}`, () => {
          const rs = spec.good();
          assert.deepEqual(runStackRule(spec.policy, mutate(rs) ?? rs, pctx ?? ctx), []);
        });
      }
      for (const [label, mutate, expected, bctx] of spec.broken) {
        it(`reports ${label}`, () => {
          const rs = spec.good();
          const out = mutate(rs) ?? rs;
          const urn = (n: string | null) => (n === null ? undefined : named(out, n).urn);
          assert.deepEqual(
            runStackRule(spec.policy, out, bctx ?? ctx),
            expected.map(([n, message]) => ({ message, urn: urn(n) })),
          );
        });
      }
    });
  }
}

/** Fails when a family has a rule no spec exercises. */
export function itTestsEvery(
  family: { name: string }[],
  specs: { policy: { name: string } }[],
): void {
  it("tests every rule of the family", () => {
    const tested = new Set(specs.map((s) => s.policy.name));
    assert.deepEqual(
      family.map((p) => p.name).filter((n) => !tested.has(n)),
      [],
    );
  });
}
