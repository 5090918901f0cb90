// The pack as the Pulumi CLI runs it: started through @pulumi/pulumi's run-policy-pack, spoken to over gRPC with
// the analyzer protocol that ships with @pulumi/pulumi, configured with the file policyConfig.ts writes, and fed
// the real program's planned resources. Its answers must be the offline runner's answers.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PlannedResource, Violation } from "../offline";
import { policies, resourcePolicies, stackPolicies } from "../policies";
import { plan, StackPlan } from "../../scripts/plan/planStack";
import { AnalyzerSession, Diagnostic, PolicyInfo, UNKNOWN_SENTINEL } from "./analyzerClient";

const ROOT = path.resolve(__dirname, "..", "..");

const written = new Map<string, string>();

/** The config file policyConfig.ts writes for a stack (the workflow's command line), written once per stack. */
function policyConfigFile(s: StackPlan): Record<string, any> {
  const cached = written.get(`${s.stack}/${s.tier}`);
  if (cached) return JSON.parse(cached);
  const out = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-")),
    "policy-config.json",
  );
  const peer = s.role === "primary" ? "eu-west-1" : "us-east-1";
  const r = spawnSync(
    process.execPath,
    [
      "-r",
      "esbuild-register",
      "policy-pack/policyConfig.ts",
      "--role",
      s.role,
      "--tier",
      s.tier,
      "--region",
      s.region,
      "--peer-region",
      peer,
      "--out",
      out,
    ],
    { cwd: ROOT, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  written.set(`${s.stack}/${s.tier}`, fs.readFileSync(out, "utf8"));
  return JSON.parse(written.get(`${s.stack}/${s.tier}`)!);
}

const key = (d: {
  policy: string;
  level: string;
  urn?: string | null;
  resource?: string | null;
  message: string;
}) => `${d.level} ${d.policy} ${d.urn ?? d.resource ?? "(stack)"} ${d.message}`;
const ofKind = (vs: Violation[], names: Set<string>) =>
  vs
    .filter((v) => names.has(v.policy))
    .map(key)
    .sort();
const notPreview = (ds: Diagnostic[]) => ds.filter((d) => !/during preview/.test(d.message));

describe("policy pack over the analyzer protocol (as the Pulumi CLI drives it)", function () {
  // Starting the pack type-checks it with ts-node, as the CLI does: about 20 s on a quiet 2-core machine.
  this.timeout(480_000);
  let session: AnalyzerSession;
  let info: { name: string; policies: PolicyInfo[] };
  const stacks: Record<string, StackPlan> = {};

  before(async () => {
    [session] = await Promise.all([
      AnalyzerSession.start(),
      (async () => {
        for (const tier of ["warm-standby", "active-active"] as const) {
          for (const s of (await plan({ tier })).stacks) stacks[`${tier}/${s.role}`] = s;
        }
      })(),
    ]);
    info = await session.analyzerInfo();
  });

  after(() => session?.stop());

  it("GetAnalyzerInfo lists every policy with its level and config schema", () => {
    assert.equal(info.name, "securecart-dr");
    assert.deepEqual(info.policies.map((p) => p.name).sort(), policies.map((p) => p.name).sort());
    for (const p of policies) {
      const served = info.policies.find((x) => x.name === p.name)!;
      assert.equal(served.level, p.enforcementLevel, p.name);
      assert.deepEqual(
        Object.keys(served.schema ?? {}).sort(),
        Object.keys(p.configSchema?.properties ?? {}).sort(),
        p.name,
      );
    }
    const timing = info.policies.find((p) => p.name === "route53-health-check-detection-time")!;
    assert.equal(timing.schema?.detectionBudgetSeconds?.type, "integer");
  });

  for (const tier of ["warm-standby", "active-active"]) {
    for (const role of ["primary", "recovery"]) {
      it(`Analyze and AnalyzeStack over the real ${tier} ${role} plan answer as the offline runner does`, async () => {
        const s = stacks[`${tier}/${role}`];
        await session.configureStack(s.stack, { "pulumi:project": "securecart" });
        await session.configure(info.policies, policyConfigFile(s));
        const perResource = notPreview(await session.analyzeEach(s.resources));
        const stack = notPreview(await session.analyzeStack(s.resources));
        assert.deepEqual(
          perResource.filter((d) => d.level === "mandatory"),
          [],
        );
        assert.deepEqual(
          stack.filter((d) => d.level === "mandatory"),
          [],
        );
        assert.deepEqual(
          perResource.map(key).sort(),
          ofKind(s.violations, new Set(resourcePolicies.map((p) => p.name))),
        );
        assert.deepEqual(
          stack.map(key).sort(),
          ofKind(s.violations, new Set(stackPolicies.map((p) => p.name))),
        );
      });
    }
  }

  describe("unknown values (the engine's sentinel during preview)", () => {
    const mutate = (
      rs: PlannedResource[],
      type: string,
      change: (inputs: Record<string, any>) => void,
    ) => {
      const copy: PlannedResource[] = JSON.parse(JSON.stringify(rs));
      const r = copy.find((x) => x.type === type);
      if (!r) throw new Error(`no ${type}`);
      change(r.inputs);
      return { copy, urn: r.urn };
    };

    before(async () => {
      const s = stacks["warm-standby/primary"];
      await session.configure(info.policies, policyConfigFile(s));
    });

    it("reports a known bad value, and not the same property when it is unknown", async () => {
      const base = stacks["warm-standby/primary"].resources;
      const bad = mutate(base, "aws:rds/cluster:Cluster", (i) => (i.deletionProtection = false));
      const diags = await session.analyzeEach(bad.copy.filter((r) => r.urn === bad.urn));
      assert.deepEqual(
        diags.filter((d) => d.level === "mandatory").map((d) => d.message),
        ["RDS cluster deletionProtection must be true."],
      );
      const unknown = mutate(
        base,
        "aws:rds/cluster:Cluster",
        (i) => (i.deletionProtection = UNKNOWN_SENTINEL),
      );
      const later = await session.analyzeEach(unknown.copy.filter((r) => r.urn === unknown.urn));
      assert.deepEqual(
        later.filter((d) => d.level === "mandatory"),
        [],
      );
      // The analyzer says it could not judge, as advice, never as a violation.
      assert.ok(
        later.some(
          (d) =>
            d.level === "advisory" &&
            /can't run policy 'rds-cluster-deletion-protection'.*during preview/.test(d.message),
        ),
        JSON.stringify(later),
      );
    });

    it("never reports a stack rule over unknown inputs (subnets, tags, health-check timing)", async () => {
      const base = stacks["warm-standby/primary"].resources;
      const a = mutate(
        base,
        "aws:autoscaling/group:Group",
        (i) => (i.vpcZoneIdentifiers = UNKNOWN_SENTINEL),
      );
      const b = mutate(a.copy, "aws:rds/cluster:Cluster", (i) => (i.tags = UNKNOWN_SENTINEL));
      const c = mutate(
        b.copy,
        "aws:route53/healthCheck:HealthCheck",
        (i) => (i.requestInterval = UNKNOWN_SENTINEL),
      );
      const diags = await session.analyzeStack(c.copy);
      assert.deepEqual(
        diags.filter((d) => d.level === "mandatory"),
        [],
      );
      const each = await session.analyzeEach(c.copy);
      assert.deepEqual(
        each.filter((d) => d.level === "mandatory"),
        [],
      );
    });

    it("honours the config file's levels (deletion protection lifted on purpose is advisory)", async () => {
      const s = stacks["warm-standby/primary"];
      const file = policyConfigFile(s);
      file["rds-cluster-deletion-protection"] = {
        ...(file["rds-cluster-deletion-protection"] ?? {}),
        enforcementLevel: "advisory",
      };
      await session.configure(info.policies, file);
      const bad = mutate(
        s.resources,
        "aws:rds/cluster:Cluster",
        (i) => (i.deletionProtection = false),
      );
      const diags = await session.analyzeEach(bad.copy.filter((r) => r.urn === bad.urn));
      assert.deepEqual(
        diags.map((d) => [d.level, d.policy]),
        [["advisory", "rds-cluster-deletion-protection"]],
      );
    });
  });
});
