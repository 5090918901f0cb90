import { strict as assert } from "assert";
import {
  ConfigError,
  parseLocalConfig,
  resolveConfig,
  cidrsOverlap,
  cidrSubnet,
  CONFIG_SCHEMA,
} from "../components/config";
import { projectDefaults, effectiveConfig } from "../scripts/plan/stackConfig";
import { PrimaryFacts } from "../stacks/outputs";
import { PRIMARY_FACTS } from "./support/facts";

const primaryRaw = () => effectiveConfig("prod-us-east-1");
const recoveryRaw = () => effectiveConfig("prod-eu-west-1");
const facts: PrimaryFacts = PRIMARY_FACTS;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  assert.fail("expected a ConfigError");
}

describe("config: parseLocalConfig", () => {
  it("parses the primary stack file over the Pulumi.yaml defaults", () => {
    const cfg = parseLocalConfig(primaryRaw(), {
      stack: "prod-us-east-1",
      expectedRegion: "us-east-1",
    });
    assert.equal(cfg.drTier, "warm-standby");
    assert.equal(cfg.role, "primary");
    assert.equal(cfg.region, "us-east-1");
    assert.equal(cfg.azCount, 3);
    assert.equal(cfg.capacity, 3);
    assert.equal(cfg.vpcCidr, "10.0.0.0/16");
    assert.equal(
      cfg.orderValidationReservedConcurrency,
      null,
      "no reservation unless asked: Lambda keeps 100 unreserved",
    );
    assert.equal(cfg.deletionProtection, true);
  });

  it("reads deletionProtection as a boolean and names the key when it is not one", () => {
    const off = parseLocalConfig(
      { ...primaryRaw(), "securecart:deletionProtection": "false" },
      { stack: "prod-us-east-1", expectedRegion: "us-east-1" },
    );
    assert.equal(off.deletionProtection, false);
    assert.deepEqual(
      problemsOf(() =>
        parseLocalConfig(
          { ...primaryRaw(), "securecart:deletionProtection": "off" },
          { stack: "prod-us-east-1" },
        ),
      ),
      ['securecart:deletionProtection must be true or false (got "off")'],
    );
  });

  it("lets the recovery stack leave the tier unset", () => {
    const cfg = parseLocalConfig(recoveryRaw(), {
      stack: "prod-eu-west-1",
      expectedRegion: "eu-west-1",
    });
    assert.equal(cfg.drTier, undefined);
    assert.equal(cfg.role, "recovery");
    assert.equal(cfg.peerStack, "organization/securecart/prod-us-east-1");
  });

  it("reports every problem at once, naming each key and what it allows", () => {
    const problems = problemsOf(() =>
      parseLocalConfig(
        {
          ...primaryRaw(),
          "securecart:drTier": "hot-standby",
          "securecart:azCount": "1",
          "securecart:vpcCidr": "10.0.1.0/16",
          "securecart:colour": "blue",
          "aws:region": "eu-west-1",
        },
        { stack: "prod-us-east-1", expectedRegion: "us-east-1" },
      ),
    );
    assert.equal(problems.length, 5, problems.join("\n"));
    assert.match(
      problems.find((p) => p.startsWith("securecart:drTier"))!,
      /must be one of backup-restore, pilot-light, warm-standby, active-active \(got "hot-standby"\)/,
    );
    assert.match(
      problems.find((p) => p.startsWith("securecart:azCount"))!,
      /integer from 2 to 3: multi-AZ needs at least 2 Availability Zones \(got "1"\)/,
    );
    assert.match(
      problems.find((p) => p.startsWith("securecart:vpcCidr"))!,
      /IPv4 CIDR/,
    );
    assert.match(
      problems.find((p) => p.startsWith("securecart:colour"))!,
      /is not a known key; known keys: securecart:drTier, securecart:role/,
    );
    assert.match(
      problems.find((p) => p.startsWith("aws:region"))!,
      /must be us-east-1 for stack prod-us-east-1 \(got "eu-west-1"\)/,
    );
  });

  it("requires the tier on the primary and the peer stack on the recovery stack", () => {
    const raw = primaryRaw();
    delete raw["securecart:drTier"];
    assert.match(
      problemsOf(() => parseLocalConfig(raw, { stack: "p" }))[0],
      /securecart:drTier is not set: the primary stack chooses the DR tier/,
    );
    const rec = { ...recoveryRaw(), "securecart:peerStack": "" };
    assert.match(
      problemsOf(() => parseLocalConfig(rec, { stack: "r" }))[0],
      /securecart:peerStack must name the primary stack/,
    );
  });

  it("forbids the primary from referencing another stack", () => {
    const raw = { ...primaryRaw(), "securecart:peerStack": "org/securecart/prod-eu-west-1" };
    assert.match(
      problemsOf(() => parseLocalConfig(raw, { stack: "p" }))[0],
      /peerStack must be empty on the primary stack/,
    );
  });

  it("declares in Pulumi.yaml exactly the keys the schema parses, with a default for each (but drTier)", () => {
    const declared = Object.keys(projectDefaults())
      .filter((k) => k.startsWith("securecart:"))
      .sort();
    const schema = Object.keys(CONFIG_SCHEMA)
      .filter((k) => k !== "drTier")
      .map((k) => `securecart:${k}`)
      .sort();
    assert.deepEqual(declared, schema);
  });
});

describe("config: resolveConfig (recovery stack against its primary)", () => {
  const local = () => parseLocalConfig(recoveryRaw(), { stack: "prod-eu-west-1" });

  it("takes the tier, zone and domain from the primary", () => {
    const cfg = resolveConfig(local(), { ...facts, drTier: "pilot-light" });
    assert.equal(cfg.drTier, "pilot-light");
    assert.equal(cfg.hostedZoneId, facts.hostedZoneId);
  });

  it("fails when the recovery file sets a different tier", () => {
    const mine = parseLocalConfig(
      { ...recoveryRaw(), "securecart:drTier": "active-active" },
      { stack: "r" },
    );
    const problems = problemsOf(() => resolveConfig(mine, facts));
    assert.deepEqual(problems, [
      'securecart:drTier is "active-active" here but "warm-standby" on the primary organization/securecart/prod-us-east-1: the tier is set on the primary only; remove it from this stack file',
    ]);
  });

  it("accepts a recovery file that repeats the primary's tier", () => {
    const mine = parseLocalConfig(
      { ...recoveryRaw(), "securecart:drTier": "warm-standby" },
      { stack: "r" },
    );
    assert.equal(resolveConfig(mine, facts).drTier, "warm-standby");
  });

  it("fails on overlapping CIDRs and on a shared region, together", () => {
    const mine = parseLocalConfig(
      { ...recoveryRaw(), "securecart:vpcCidr": "10.0.0.0/17", "aws:region": "us-east-1" },
      { stack: "r" },
    );
    const problems = problemsOf(() => resolveConfig(mine, facts));
    assert.equal(problems.length, 2);
    assert.match(problems[0], /aws:region must differ from the primary's region/);
    assert.match(
      problems[1],
      /securecart:vpcCidr 10.0.0.0\/17 overlaps the primary's 10.0.0.0\/16/,
    );
  });

  it("rejects the removed securecart:drsEnabled, naming the key, why it went and how to remove it", () => {
    const problems = problemsOf(() =>
      parseLocalConfig({ ...recoveryRaw(), "securecart:drsEnabled": "auto" }, { stack: "r" }),
    );
    assert.equal(problems.length, 1);
    assert.match(
      problems[0],
      /^securecart:drsEnabled was removed with Elastic Disaster Recovery: the ECS hosts are stateless/,
    );
    assert.match(problems[0], /pulumi config rm securecart:drsEnabled/);
  });

  it("reads orderValidationReservedConcurrency as none or a positive integer, naming the key otherwise", () => {
    const raw = (v: string) => ({
      ...primaryRaw(),
      "securecart:orderValidationReservedConcurrency": v,
    });
    assert.equal(
      parseLocalConfig(raw("none"), { stack: "p" }).orderValidationReservedConcurrency,
      null,
    );
    assert.equal(
      parseLocalConfig(raw("20"), { stack: "p" }).orderValidationReservedConcurrency,
      20,
    );
    assert.deepEqual(
      problemsOf(() => parseLocalConfig(raw("0"), { stack: "p" })),
      [
        'securecart:orderValidationReservedConcurrency must be "none" or an integer from 1 to 100000 (got "0")',
      ],
    );
  });

  it("rebuilds from a snapshot only in a tier whose recovery region does not run, from a snapshot in this region", () => {
    const snapshot = "arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-0a1b";
    const mine = parseLocalConfig(
      { ...recoveryRaw(), "securecart:rebuildFromSnapshot": snapshot },
      { stack: "r" },
    );
    assert.equal(
      resolveConfig(mine, { ...facts, drTier: "backup-restore" }).rebuildFromSnapshot,
      snapshot,
    );
    assert.deepEqual(
      problemsOf(() => resolveConfig(mine, { ...facts, drTier: "pilot-light" })),
      [
        "securecart:rebuildFromSnapshot is set, but in the pilot-light tier the recovery region already runs the platform with live-replicated data: " +
          "fail over with npm run failover instead, and remove the key",
      ],
    );
    assert.deepEqual(
      problemsOf(() =>
        parseLocalConfig(
          {
            ...recoveryRaw(),
            "securecart:rebuildFromSnapshot": snapshot.replace("eu-west-1", "us-east-1"),
          },
          { stack: "r" },
        ),
      ),
      [
        "securecart:rebuildFromSnapshot names a snapshot in us-east-1, not in this stack's region eu-west-1: use the copy in this region's DR vault",
      ],
    );
    assert.deepEqual(
      problemsOf(() =>
        parseLocalConfig(
          { ...recoveryRaw(), "securecart:rebuildFromSnapshot": "rds:snap-1" },
          { stack: "r" },
        ),
      ),
      [
        'securecart:rebuildFromSnapshot must be empty or an Aurora cluster snapshot ARN such as arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:awsbackup:job-1234 (got "rds:snap-1")',
      ],
    );
    assert.deepEqual(
      problemsOf(() =>
        parseLocalConfig(
          {
            ...primaryRaw(),
            "securecart:rebuildFromSnapshot": snapshot.replace("eu-west-1", "us-east-1"),
          },
          { stack: "p" },
        ),
      ),
      [
        "securecart:rebuildFromSnapshot must be empty on the primary stack: only a backup-restore recovery region is rebuilt",
      ],
    );
    assert.equal(local().rebuildFromSnapshot, "", "off by default");
  });

  it("tells the user to deploy the primary first when it has no outputs", () => {
    assert.match(
      problemsOf(() => resolveConfig(local(), undefined))[0],
      /has no outputs yet: deploy it first/,
    );
  });
});

describe("config: CIDR arithmetic", () => {
  it("detects overlap and carves subnets", () => {
    assert.equal(cidrsOverlap("10.0.0.0/16", "10.1.0.0/16"), false);
    assert.equal(cidrsOverlap("10.0.0.0/16", "10.0.128.0/20"), true);
    assert.equal(cidrSubnet("10.1.0.0/16", 4, 5), "10.1.80.0/20");
    assert.throws(() => cidrSubnet("10.1.0.0/16", 4, 16), /has no subnet 16/);
  });
});

describe("config: through the real program (offline plan)", function () {
  this.timeout(120_000);
  const { plan, PlanError } =
    require("../scripts/plan/planStack") as typeof import("../scripts/plan/planStack");

  it("fails the plan with every problem of the stack file, naming each key", async () => {
    await assert.rejects(
      plan({
        only: "prod-us-east-1",
        config: {
          "prod-us-east-1": { "securecart:drTier": "hot-standby", "securecart:colour": "blue" },
        },
      }),
      (e: Error) => {
        assert.ok(e instanceof PlanError);
        assert.match(e.message, /^prod-us-east-1: invalid stack configuration:\n/);
        assert.match(
          e.message,
          /securecart:drTier must be one of backup-restore, pilot-light, warm-standby, active-active \(got "hot-standby"\)/,
        );
        assert.match(e.message, /securecart:colour is not a known key/);
        return true;
      },
    );
  });

  it("fails the recovery stack when its file sets a tier other than its primary's", async () => {
    await assert.rejects(
      plan({
        tier: "warm-standby",
        config: { "prod-eu-west-1": { "securecart:drTier": "active-active" } },
      }),
      /prod-eu-west-1: invalid stack configuration:\n {2}- securecart:drTier is "active-active" here but "warm-standby" on the primary/,
    );
  });
});
