/**
 * Every CLI, run as its npm script runs it (DESIGN.md, style point 11): --help prints usage and exits 0 without
 * doing the work, an unknown flag and a bad value exit 2 with one line on stderr and no stack trace, and
 * `--flag=value` reads as `--flag value`.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const pkg = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, dir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };

interface Cli {
  readonly name: string;
  /** The node arguments before the CLI's own, and the directory they run in. */
  readonly argv: string[];
  readonly cwd: string;
  /** A value the CLI must refuse, and the message it must give. */
  readonly bad: { args: string[]; stderr: RegExp };
}

/** `node <flags> <script>` of an npm script, split as the shell would (these scripts hold no quoting). */
function npmScript(dir: string, script: string): { argv: string[]; cwd: string } {
  const words = pkg(dir).scripts[script].split(/\s+/);
  assert.equal(words[0], "node", `${dir} ${script} runs node directly`);
  return { argv: words.slice(1), cwd: path.join(ROOT, dir) };
}

const CLIS: Cli[] = [
  {
    name: "plan",
    ...npmScript(".", "plan"),
    bad: {
      args: ["--tier=gold"],
      stderr: /^plan: unknown tier "gold"; valid tiers: backup-restore, /,
    },
  },
  {
    name: "policy",
    ...npmScript(".", "policy"),
    bad: { args: ["--stack=prod-mars-1"], stderr: /^policy: unknown stack "prod-mars-1"; valid/ },
  },
  {
    name: "failover",
    ...npmScript(".", "failover"),
    bad: {
      args: ["--to=mars-1", "--dry-run"],
      stderr: /^failover: unknown region mars-1: valid regions are us-east-1, eu-west-1$/,
    },
  },
  {
    name: "drill",
    ...npmScript(".", "drill"),
    bad: {
      args: ["--rate=0"],
      stderr: /^drill: --rate must be between 1 and 2000 orders per second/,
    },
  },
  {
    name: "diagrams",
    ...npmScript(".", "diagrams"),
    bad: { args: ["--out=package.json"], stderr: /^diagrams: --out must be a directory/ },
  },
  {
    name: "bench",
    ...npmScript(".", "bench"),
    bad: {
      args: ["--runs=zero"],
      stderr: /^bench: --runs takes a whole number of runs, such as 5 \(got "zero"\)$/,
    },
  },
  {
    name: "bench -w app",
    ...npmScript("app", "bench"),
    bad: { args: ["fast"], stderr: /^bench: unexpected argument fast; see --help$/ },
  },
  {
    name: "policyConfig",
    argv: ["-r", "esbuild-register", "policy-pack/policyConfig.ts"],
    cwd: ROOT,
    bad: {
      args: ["--role=backup"],
      stderr: /^policyConfig: --role must be primary or recovery \(got "backup"\)$/,
    },
  },
  {
    name: "replace-table",
    ...npmScript(".", "replace-table"),
    bad: {
      args: ["--tf-docs=no-such-dir"],
      stderr: /^replace-table: --tf-docs must name a directory of Terraform AWS provider docs/,
    },
  },
  {
    name: "policy-docs",
    ...npmScript(".", "policy-docs"),
    bad: { args: ["--check=yes"], stderr: /^policy-docs: --check takes no value$/ },
  },
  {
    name: "compare-plans",
    ...npmScript(".", "compare-plans"),
    bad: {
      args: ["only-one.json"],
      stderr: /^compare-plans: give two plan files: BEFORE.json AFTER.json$/,
    },
  },
  {
    name: "deploy",
    ...npmScript(".", "deploy"),
    bad: { args: ["--dry-run=yes"], stderr: /^deploy: --dry-run takes no value$/ },
  },
];

function run(cli: Cli, args: string[]) {
  const start = Date.now();
  const r = spawnSync(process.execPath, [...cli.argv, ...args], {
    cwd: cli.cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - start };
}

/** One line, no stack frames, no Node internals. */
function assertOneLine(stderr: string, what: string): void {
  assert.equal(
    stderr.trimEnd().split("\n").length,
    1,
    `${what}: one line on stderr, got:\n${stderr}`,
  );
  assert.doesNotMatch(stderr, /^\s+at /m, `${what}: no stack trace`);
}

describe("CLIs: one argument layer", function () {
  this.timeout(180_000);

  for (const cli of CLIS) {
    describe(cli.name, () => {
      it("--help prints usage on stdout and exits 0 without doing the work", () => {
        const r = run(cli, ["--help"]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^usage: /);
        assert.match(r.stdout, /-h, --help/);
        assert.equal(r.stderr, "");
        // Help wins over anything else on the line, and -h is the same.
        const h = run(cli, ["--no-such-flag", "-h"]);
        assert.equal(h.status, 0, h.stderr);
        assert.equal(h.stdout, r.stdout);
      });

      it("an unknown flag exits 2 with one line on stderr", () => {
        const r = run(cli, ["--no-such-flag"]);
        assert.equal(r.status, 2, r.stderr);
        assert.match(
          r.stderr,
          new RegExp(`^${cli.name.split(" ")[0]}: unknown option --no-such-flag; see --help\\n$`),
        );
        assertOneLine(r.stderr, cli.name);
        assert.equal(r.stdout, "");
      });

      it("a bad value (as --flag=value) exits 2 naming it, on stderr only", () => {
        const r = run(cli, cli.bad.args);
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr.trimEnd(), cli.bad.stderr);
        assertOneLine(r.stderr, cli.name);
        assert.equal(r.stdout, "");
      });
    });
  }

  it("a misspelt flag gets a did-you-mean", () => {
    const r = run(CLIS[0], ["--tire", "pilot-light"]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, "plan: unknown option --tire; did you mean --tier?\n");
  });

  it("a string flag with no value says so", () => {
    const r = run(CLIS[0], ["--stack"]);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, "plan: --stack needs a value\n");
  });

  it("plan reports both stack files' config errors in one run, naming each key, exit 2", () => {
    const r = run(CLIS[0], [
      "--config",
      "securcart:capacity=4",
      "--config=rebuildFromSnapshot=snap-1",
    ]);
    assert.equal(r.status, 2, r.stderr);
    const unknown =
      'securcart:capacity is under an unknown namespace "securcart"; did you mean securecart:capacity?';
    assert.ok(
      r.stderr.startsWith(`plan: prod-us-east-1: invalid stack configuration:\n  - ${unknown}`),
      r.stderr,
    );
    assert.match(
      r.stderr,
      /\nprod-eu-west-1: invalid stack configuration:\n {2}- securecart:rebuildFromSnapshot must be empty or/,
    );
    assert.doesNotMatch(r.stderr, /^\s+at /m);
    assert.equal(r.stdout, "");
  });

  it("--flag=value and --flag value give the same policy config", () => {
    const cli = CLIS.find((c) => c.name === "policyConfig")!;
    const a = run(cli, [
      "--role=recovery",
      "--tier=pilot-light",
      "--region=eu-west-1",
      "--peer-region=us-east-1",
    ]);
    const b = run(cli, [
      "--role",
      "recovery",
      "--tier",
      "pilot-light",
      "--region",
      "eu-west-1",
      "--peer-region",
      "us-east-1",
    ]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.equal(JSON.parse(a.stdout)["autoscaling-group-min-size"].role, "recovery");
  });
});
