// The pack's tier facts come from the one tier table (DESIGN decision 18), through the policy config.
import assert from "node:assert/strict";
import {
  bothRegionsWrite,
  DR_TIERS,
  failsOverOnDeepHealth,
  recoveryTakesTraffic,
  TIER_PROFILES,
} from "../../components/tiers/tierProfile";
import { policies } from "../policies";
import { buildPolicyConfig } from "../policyConfig";
import { contextProperties, TIERS } from "../rules/common";
import { tierFacts } from "../tierFacts";

describe("policy-pack tier facts", () => {
  it("knows exactly the tiers of the tier table", () => {
    assert.deepEqual(TIERS, [...DR_TIERS]);
    assert.deepEqual(contextProperties.tier.enum, [...DR_TIERS]);
  });

  for (const tier of DR_TIERS) {
    it(`writes ${tier}'s facts from its TierProfile into each policy that declares them`, () => {
      const profile = TIER_PROFILES[tier];
      assert.deepEqual(tierFacts(tier), {
        detectionBudgetSeconds: profile.detectionBudgetSeconds,
        recoveryTakesTraffic: recoveryTakesTraffic(profile),
        bothRegionsWrite: bothRegionsWrite(profile),
        recoveryRuns: profile.recovery.serves,
        recoveryMinCapacity: profile.recovery.serves ? profile.recovery.minCapacity : 0,
        failsOverOnDeepHealth: failsOverOnDeepHealth(profile),
        dataReplicatedLive: profile.databaseReplication === "aurora-global",
        catalogReplicated: profile.catalogReplica,
        recoversFromBackups: profile.databaseReplication === "backup-copy",
        recoveryDatabaseStandby:
          profile.databaseReplication === "aurora-global" && !recoveryTakesTraffic(profile),
        recoveryNatPerAz: profile.recovery.network.natGateways === "per-az",
        recoveryNatGateways:
          profile.recovery.network.natGateways === "per-az"
            ? 0
            : profile.recovery.network.natGateways,
      });
      const cfg = buildPolicyConfig({
        role: "primary",
        tier,
        region: "us-east-1",
        peerRegion: "eu-west-1",
      });
      assert.equal(
        cfg["route53-health-check-detection-time"].detectionBudgetSeconds,
        profile.detectionBudgetSeconds,
      );
      assert.equal(cfg["rds-global-write-forwarding"].bothRegionsWrite, bothRegionsWrite(profile));
      assert.equal(
        cfg["globalaccelerator-endpoints"].recoveryTakesTraffic,
        recoveryTakesTraffic(profile),
      );
    });
  }

  it("declares a config schema entry for every fact, and hands each policy exactly the facts it declares", () => {
    for (const fact of Object.keys(tierFacts("warm-standby"))) {
      assert.ok(fact in contextProperties, `contextProperties lacks ${fact}`);
    }
    for (const tier of DR_TIERS) {
      const facts = tierFacts(tier) as unknown as Record<string, unknown>;
      const cfg = buildPolicyConfig({
        role: "recovery",
        tier,
        region: "eu-west-1",
        peerRegion: "us-east-1",
      });
      for (const p of policies) {
        for (const key of Object.keys(p.configSchema?.properties ?? {}).filter((k) => k in facts)) {
          assert.equal(cfg[p.name]?.[key], facts[key], `${tier}: ${p.name}.${key}`);
        }
      }
    }
  });

  it("fits every detection budget inside its tier's RTO", () => {
    for (const tier of DR_TIERS) {
      const p = TIER_PROFILES[tier];
      assert.ok(p.detectionBudgetSeconds < p.targets.rtoMinutes * 60, tier);
    }
  });

  it("refuses a tier the table does not know", () => {
    assert.throws(() => tierFacts("cold-standby"), /unknown DR tier cold-standby/);
  });
});
