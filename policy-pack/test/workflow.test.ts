// The CI workflow: tests on pull requests, previews each stack with the policy pack, deploys primary first.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
// The validator GitHub's workflow schema is checked with: the SchemaStore github-workflow schema, compiled into
// @action-validator/core (https://github.com/mpalmer/action-validator), not a schema written here.
import { validateWorkflow } from "@action-validator/core";
import * as semver from "semver";
import { buildPolicyConfig } from "../policyConfig";
import { policies } from "../policies";

const dir = path.join(__dirname, "..", "..", ".github", "workflows");

interface Step {
  uses?: string;
  run?: string;
  name?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
}

function load(): { on: any; permissions: Record<string, string>; jobs: Record<string, Job> } {
  return parse(fs.readFileSync(path.join(dir, "ci.yml"), "utf8"));
}
const needs = (j: Job) => ([] as string[]).concat(j.needs ?? []);
const stepIndex = (j: Job, pred: (s: Step) => boolean) => j.steps.findIndex(pred);

describe("policy-pack CI workflow", () => {
  it("every workflow file parses", () => {
    const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    assert.ok(files.includes("ci.yml"));
    for (const f of files) {
      assert.ok(parse(fs.readFileSync(path.join(dir, f), "utf8")).jobs, f);
    }
  });

  it("every workflow file is valid against GitHub's workflow schema", () => {
    for (const f of fs.readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))) {
      const { errors } = validateWorkflow(fs.readFileSync(path.join(dir, f), "utf8"));
      assert.deepEqual(errors, [], `${f}: ${JSON.stringify(errors, null, 2)}`);
    }
    // The validator is no rubber stamp: a misspelt key fails it.
    assert.notEqual(
      validateWorkflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n").errors
        .length,
      0,
    );
  });

  it("runs every job on a supported Node.js LTS that package.json's engines allow", () => {
    const wf = load() as unknown as { env: Record<string, string> };
    const version = String(wf.env.NODE_VERSION);
    // Node 20 reached its end of life in April 2026 (https://nodejs.org/en/about/previous-releases); 22 and 24
    // are the LTS lines, and 22 is what the storefront image runs (app/Dockerfile).
    assert.ok(["22", "24"].includes(version), `NODE_VERSION ${version}`);
    const engines = JSON.parse(fs.readFileSync(path.join(dir, "..", "..", "package.json"), "utf8"))
      .engines.node;
    // setup-node resolves "22" to the newest 22.x release, so engines must admit the line's current releases.
    assert.ok(
      semver.intersects(engines, `^${version}.13.0`),
      `engines ${engines} allows Node ${version}`,
    );
    assert.ok(
      !semver.intersects(engines, `^${version === "22" ? 21 : 23}.0.0`),
      `engines ${engines} admits a non-LTS line`,
    );
    for (const job of Object.values(load().jobs)) {
      for (const step of job.steps.filter((st) =>
        (st.uses ?? "").startsWith("actions/setup-node"),
      )) {
        assert.equal(step.with?.["node-version"], "${{ env.NODE_VERSION }}");
      }
    }
  });

  it("runs on pull requests and pushes to main, with OIDC and no AWS keys", () => {
    const wf = load();
    assert.ok("pull_request" in wf.on);
    assert.deepEqual(wf.on.push.branches, ["main"]);
    assert.equal(wf.permissions["id-token"], "write");
    const text = fs.readFileSync(path.join(dir, "ci.yml"), "utf8");
    assert.doesNotMatch(text, /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
  });

  it("tests with npm ci then npm test", () => {
    const runs = load()
      .jobs.test.steps.map((s) => s.run)
      .filter(Boolean);
    assert.deepEqual(runs, ["npm ci", "npm test"]);
  });

  it("previews each stack with the policy pack and a config written from the stack's config", () => {
    const { jobs } = load();
    for (const [job, stack] of [
      ["preview-primary", "prod-us-east-1"],
      ["preview-recovery", "prod-eu-west-1"],
    ] as const) {
      const j = jobs[job];
      assert.match(j.if ?? "", /pull_request/);
      assert.equal(j.env?.STACK, stack);
      const install = stepIndex(j, (s) => s.run === "npm ci");
      const creds = stepIndex(j, (s) =>
        (s.uses ?? "").startsWith("aws-actions/configure-aws-credentials"),
      );
      const config = stepIndex(j, (s) => /policyConfig\.ts/.test(s.run ?? ""));
      const preview = stepIndex(
        j,
        (s) => (s.uses ?? "").startsWith("pulumi/actions") && s.with?.command === "preview",
      );
      assert.ok(
        install >= 0 && install < creds && creds < config && config < preview,
        `${job} step order`,
      );
      assert.ok(j.steps[creds].with?.["role-to-assume"], "assumes a role");
      for (const key of ["securecart:role", "aws:region", "securecart:drTier"]) {
        assert.ok(j.steps[config].run!.includes(key), `${job} reads ${key}`);
      }
      assert.equal(j.steps[preview].with?.policyPacks, "policy-pack");
      assert.match(String(j.steps[preview].with?.policyPackConfigs), /policy-config\.json$/);
    }
    assert.deepEqual(needs(jobs["preview-recovery"]), ["preview-primary"]);
  });

  it("deploys on main: prod-us-east-1 first, then prod-eu-west-1", () => {
    const { jobs } = load();
    const primary = jobs["deploy-primary"];
    const recovery = jobs["deploy-recovery"];
    for (const j of [primary, recovery]) {
      assert.match(j.if ?? "", /push/);
      assert.match(j.if ?? "", /refs\/heads\/main/);
      const up = j.steps.find((s) => (s.uses ?? "").startsWith("pulumi/actions"));
      assert.equal(up?.with?.command, "up");
      assert.equal(up?.with?.policyPacks, "policy-pack");
    }
    assert.equal(primary.env?.STACK, "prod-us-east-1");
    assert.equal(recovery.env?.STACK, "prod-eu-west-1");
    assert.deepEqual(needs(primary), ["test"]);
    assert.deepEqual(needs(recovery), ["deploy-primary"]);
  });

  it("writes only the context keys each policy declares", () => {
    const cfg = buildPolicyConfig({
      role: "recovery",
      tier: "pilot-light",
      region: "eu-west-1",
      peerRegion: "us-east-1",
    });
    assert.deepEqual(cfg["autoscaling-group-min-size"], {
      role: "recovery",
      recoveryRuns: true,
      recoveryMinCapacity: 0,
    });
    assert.deepEqual(cfg["dynamodb-replica-peer-region"], {
      region: "eu-west-1",
      peerRegion: "us-east-1",
    });
    for (const [name, values] of Object.entries(cfg)) {
      const declared = Object.keys(policies.find((p) => p.name === name)!.configSchema!.properties);
      for (const k of Object.keys(values)) assert.ok(declared.includes(k), `${name}.${k}`);
    }
  });
});
