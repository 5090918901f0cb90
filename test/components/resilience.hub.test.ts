import { strict as assert } from "assert";
import {
  ResilienceHubPolicy,
  ResilienceHubPolicyArgs,
  resiliencyPolicyMap,
  resolveResilienceHubPolicyArgs,
} from "../../components/resilience/resilienceHubPolicy";
import { record, onlyOf, countByType } from "../support/harness";

const POLICY = "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy";

describe("resilience: ResilienceHubPolicy", () => {
  it("holds a Region failure to the targets and AZ/hardware/software to min(target, 5 min), in seconds", async () => {
    const resources = await record(() => {
      new ResilienceHubPolicy("rh", { tier: "warm-standby", rpoMinutes: 1, rtoMinutes: 15 });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:resilience:ResilienceHubPolicy": 1,
      [POLICY]: 1,
    });
    const policy = onlyOf(resources, POLICY);
    assert.equal(policy.name, "rh-policy");
    assert.equal(
      policy.parent,
      resources.find((r) => r.type === "securecart:resilience:ResilienceHubPolicy")!.urn,
    );
    assert.equal(policy.inputs.name, "rh-warm-standby");
    assert.equal(policy.inputs.tier, "MissionCritical");
    assert.equal(policy.inputs.dataLocationConstraint, "AnyLocation");
    assert.match(
      policy.inputs.description,
      /warm-standby: Region RPO 1 min \/ RTO 15 min \(tier targets\)/,
    );
    assert.deepEqual(policy.inputs.policy, {
      region: { rpo: "60s", rto: "900s" },
      az: { rpo: "60s", rto: "300s" },
      hardware: { rpo: "60s", rto: "300s" },
      software: { rpo: "60s", rto: "300s" },
    });
  });

  it("lets the computed contract override the targets, keeping sub-minute objectives exact", async () => {
    const resources = await record(() => {
      new ResilienceHubPolicy("rh", {
        tier: "active-active",
        rpoMinutes: 1,
        rtoMinutes: 5,
        contract: { rpoMinutes: 0.5, rtoMinutes: 2 },
        policyTier: "Critical",
      });
    });
    const policy = onlyOf(resources, POLICY);
    assert.equal(policy.inputs.tier, "Critical");
    assert.match(policy.inputs.description, /RPO 0.5 min \/ RTO 2 min \(computed DR contract\)/);
    for (const failure of ["region", "az", "hardware", "software"]) {
      assert.deepEqual(policy.inputs.policy[failure], { rpo: "30s", rto: "120s" }, failure);
    }
  });

  it("maps the backup-restore hours to seconds and caps in-region failures", () => {
    assert.deepEqual(resiliencyPolicyMap({ rpoMinutes: 120, rtoMinutes: 240 }, 5), {
      region: { rpo: "7200s", rto: "14400s" },
      az: { rpo: "300s", rto: "300s" },
      hardware: { rpo: "300s", rto: "300s" },
      software: { rpo: "300s", rto: "300s" },
    });
    assert.deepEqual(resiliencyPolicyMap({ rpoMinutes: 120, rtoMinutes: 240 }, 10).az, {
      rpo: "600s",
      rto: "600s",
    });
  });

  it("adds the v2 policy, an invoker role and a tag-discovered v2 service spanning both regions", async () => {
    const resources = await record(() => {
      new ResilienceHubPolicy("rh", {
        tier: "pilot-light",
        rpoMinutes: 0.5,
        rtoMinutes: 15,
        v2: { regions: ["us-east-1", "eu-west-1"], disasterRecoveryApproach: "PILOT_LIGHT" },
      });
    });
    assert.deepEqual(countByType(resources), {
      "securecart:resilience:ResilienceHubPolicy": 1,
      [POLICY]: 1,
      "aws:resiliencehub/v2Policy:V2Policy": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
      "aws:resiliencehub/v2Service:V2Service": 1,
      "aws:resiliencehub/v2InputSource:V2InputSource": 1,
    });
    const v2 = onlyOf(resources, "aws:resiliencehub/v2Policy:V2Policy");
    // v2 takes whole minutes: 30 s rounds up to 1, and the in-region bar is min(15, 5).
    assert.deepEqual(v2.inputs.multiRegion, {
      disasterRecoveryApproach: "PILOT_LIGHT",
      rpoInMinutes: 1,
      rtoInMinutes: 15,
    });
    assert.deepEqual(v2.inputs.multiAz, {
      disasterRecoveryApproach: "ACTIVE_ACTIVE",
      rpoInMinutes: 1,
      rtoInMinutes: 5,
    });
    const service = onlyOf(resources, "aws:resiliencehub/v2Service:V2Service");
    assert.deepEqual(service.inputs.regions, ["us-east-1", "eu-west-1"]);
    assert.deepEqual(service.propertyDependencies.policyArn, [v2.urn]);
    const role = onlyOf(resources, "aws:iam/role:Role");
    assert.equal(
      JSON.parse(role.inputs.assumeRolePolicy).Statement[0].Principal.Service,
      "resiliencehub.amazonaws.com",
    );
    assert.deepEqual(service.propertyDependencies.permissionModel, [role.urn]);
    const source = onlyOf(resources, "aws:resiliencehub/v2InputSource:V2InputSource");
    assert.deepEqual(source.inputs.resourceConfiguration, {
      resourceTags: [{ key: "project", values: ["securecart"] }],
    });
    assert.deepEqual(source.propertyDependencies.serviceArn, [service.urn]);
  });

  it("resolves its defaults once, v2's discovery tag included", () => {
    const required = { tier: "warm-standby", rpoMinutes: 1, rtoMinutes: 5 };
    assert.deepEqual(resolveResilienceHubPolicyArgs("rh", required), {
      args: {
        ...required,
        policyTier: "MissionCritical",
        inRegionCapMinutes: 5,
        dataLocationConstraint: "AnyLocation",
        v2: undefined,
      },
      errors: [],
    });
    const v2 = { regions: ["us-east-1"], disasterRecoveryApproach: "WARM_STANDBY" as const };
    assert.deepEqual(resolveResilienceHubPolicyArgs("rh", { ...required, v2 }).args.v2, {
      ...v2,
      discoveryTagValues: ["securecart"],
    });
  });

  it("tags with the DR tier only: project and dr-role come from the providers", async () => {
    const resources = await record(
      () => new ResilienceHubPolicy("rh", { tier: "warm-standby", rpoMinutes: 1, rtoMinutes: 15 }),
    );
    assert.deepEqual(onlyOf(resources, POLICY).inputs.tags, { "dr-tier": "warm-standby" });
  });

  it("reports every bad arg at once, naming each", async () => {
    const bad: ResilienceHubPolicyArgs = {
      tier: "x".repeat(70),
      rpoMinutes: 0,
      rtoMinutes: -5,
      contract: { rpoMinutes: Number.NaN, rtoMinutes: 2 },
      policyTier: "Whatever" as never,
      v2: { regions: [], disasterRecoveryApproach: "ACTIVE_PASSIVE" as never },
    };
    const { errors } = resolveResilienceHubPolicyArgs("rh", bad);
    assert.deepEqual(
      errors.map((e) => e.split(" ")[0]),
      [
        "rpoMinutes",
        "rtoMinutes",
        "contract.rpoMinutes",
        "policyTier",
        "tier",
        "v2.regions",
        "v2.disasterRecoveryApproach",
      ],
    );
    assert.deepEqual(
      resolveResilienceHubPolicyArgs("rh", { tier: "warm-standby", rpoMinutes: 1, rtoMinutes: 5 })
        .errors,
      [],
    );
    await assert.rejects(
      record(
        () => new ResilienceHubPolicy("rh", { tier: "warm-standby", rpoMinutes: 0, rtoMinutes: 5 }),
      ),
      /rpoMinutes must be a number > 0 \(got 0\)/,
    );
  });
});
