/**
 * Config mistakes that would otherwise pass or mislead (issue 18): a misspelt namespace or provider key, a role
 * that contradicts the topology, and both stack files' errors in one run.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parseLocalConfig } from "../components/config";
import { KNOWN_NAMESPACES, PROVIDER_NAMESPACES } from "../components/configNamespaces";
import { effectiveConfig } from "../scripts/plan/stackConfig";
import { checkStackConfigs } from "../scripts/plan/checkConfig";
import { PlanError } from "../scripts/plan/planStack";

const ROOT = path.resolve(__dirname, "..");
const PRIMARY = {
  stack: "prod-us-east-1",
  expectedRegion: "us-east-1",
  expectedRole: "primary",
} as const;

function problemsOf(
  raw: Record<string, string>,
  ctx: Parameters<typeof parseLocalConfig>[1] = PRIMARY,
): string[] {
  try {
    parseLocalConfig(raw, ctx);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe("config: typos and contradictions", () => {
  it("names a key under a misspelt namespace, with the key it probably meant", () => {
    const problems = problemsOf({
      ...effectiveConfig("prod-us-east-1"),
      "securcart:capacity": "6",
    });
    assert.deepEqual(problems, [
      `securcart:capacity is under an unknown namespace "securcart"; did you mean securecart:capacity? ` +
        `(known: ${KNOWN_NAMESPACES.join(", ")}); nothing reads it, so it would be ignored`,
    ]);
  });

  it("names a provider key the provider does not declare (from @pulumi/aws's config), with a did-you-mean", () => {
    const raw = { ...effectiveConfig("prod-us-east-1"), "aws:regoin": "us-east-1" };
    assert.deepEqual(problemsOf(raw), [
      "aws:regoin is not a config key of the aws provider; did you mean aws:region?",
    ]);
    // Real provider keys pass: the list is the provider's own, not a hand-written one.
    assert.deepEqual(
      problemsOf({
        ...effectiveConfig("prod-us-east-1"),
        "aws:profile": "prod",
        "aws:skipMetadataApiCheck": "true",
      }),
      [],
    );
  });

  it("offers the nearest securecart key for a misspelt one", () => {
    const problems = problemsOf({
      ...effectiveConfig("prod-us-east-1"),
      "securecart:capacty": "6",
    });
    assert.deepEqual(problems, [
      "securecart:capacty is not a known key; did you mean securecart:capacity?",
    ]);
  });

  it("reports a role that contradicts the topology as a role problem, not as peerStack's", () => {
    const problems = problemsOf({
      ...effectiveConfig("prod-us-east-1"),
      "securecart:role": "recovery",
    });
    assert.deepEqual(problems, [
      'securecart:role is "recovery", but stack prod-us-east-1 is the primary in the topology (stacks/topology.ts): ' +
        "set securecart:role: primary in Pulumi.prod-us-east-1.yaml",
    ]);
  });

  it("knows the namespaces of exactly the providers package.json installs", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const providers = Object.keys(pkg.dependencies)
      .filter((d) => d.startsWith("@pulumi/"))
      .map(
        (d) =>
          JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", d, "package.json"), "utf8"))
            .pulumi,
      )
      .filter((p) => p?.resource === true)
      .map((p) => p.name as string);
    assert.deepEqual([...providers].sort(), [...PROVIDER_NAMESPACES].sort());
  });

  it("reports both stack files' errors in one run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "securecart-config-"));
    try {
      fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      const primary = fs.readFileSync(path.join(ROOT, "Pulumi.prod-us-east-1.yaml"), "utf8");
      const recovery = fs.readFileSync(path.join(ROOT, "Pulumi.prod-eu-west-1.yaml"), "utf8");
      const write = (stack: string, text: string) =>
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
      write(
        "prod-us-east-1",
        primary.replace("securecart:role: primary", "securecart:role: recovery"),
      );
      write("prod-eu-west-1", recovery.replace("aws:region:", "aws:regoin:"));
      assert.throws(
        () =>
          checkStackConfigs(["prod-us-east-1", "prod-eu-west-1"], (s) =>
            effectiveConfig(s, {}, dir),
          ),
        (e: unknown) => {
          assert.ok(e instanceof PlanError);
          assert.equal(e.exitCode, 2);
          const [first, second] = e.message.split(/\n(?=prod-)/);
          assert.match(
            first,
            /^prod-us-east-1: invalid stack configuration:\n {2}- securecart:role is "recovery", but stack/,
          );
          assert.match(second, /^prod-eu-west-1: invalid stack configuration:\n/);
          assert.match(
            second,
            /- aws:regoin is not a config key of the aws provider; did you mean aws:region\?/,
          );
          return true;
        },
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
