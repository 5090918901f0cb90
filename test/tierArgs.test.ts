/**
 * The tier components' own args (components/tiers/tierArgs.ts): defaults held once, every problem at once, each
 * naming the property; the platform's mapping of its stack config onto them.
 */
import { strict as assert } from "assert";
import { DrTierArgs, resolveDrTierArgs, TIER_DEFAULTS } from "../components/tiers/tierArgs";
import { TIER_PROFILES } from "../components/tiers/tierProfile";
import { projectDefaults } from "../scripts/plan/stackConfig";
import { PRIMARY_FACTS } from "./support/facts";
import * as pulumi from "@pulumi/pulumi";

const pilot = TIER_PROFILES["pilot-light"];
const primaryArgs: DrTierArgs = {
  role: "primary",
  region: "us-east-1",
  peerRegion: "eu-west-1",
  availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
  vpcCidr: "10.0.0.0/16",
  transitGatewayAsn: 64512,
  patchWindow: "cron(0 4 ? * SUN *)",
  domainName: "shop.example.org",
  hostedZoneId: "Z1",
  alertEmail: "ops@example.org",
};

describe("tier args: resolved once", () => {
  it("applies every default, and the values given", () => {
    const { args, errors } = resolveDrTierArgs(pilot, primaryArgs);
    assert.deepEqual(errors, []);
    const { availabilityZones, ...given } = primaryArgs;
    assert.deepEqual(args.availabilityZones, availabilityZones);
    assert.deepEqual(args.config, {
      ...given,
      azCount: 3,
      capacity: 3,
      instanceType: "m6i.large",
      dbInstanceClass: "db.r6g.large",
      cacheNodeType: "cache.r6g.large",
      image: {},
      approvalMinutes: 2,
      deletionProtection: true,
      arcRoutingControl: false,
      rebuildFromSnapshot: "",
      orderValidationReservedConcurrency: null,
    });
  });

  it("holds the same defaults as Pulumi.yaml declares for the stack config", () => {
    const declared = projectDefaults();
    for (const [key, value] of Object.entries(TIER_DEFAULTS))
      assert.equal(declared[`securecart:${key}`], String(value), key);
  });

  it("reports every problem at once, each naming the property", () => {
    const { errors } = resolveDrTierArgs(pilot, {
      ...primaryArgs,
      peerRegion: "us-east-1",
      availabilityZones: ["us-east-1a"],
      vpcCidr: "10.0.0.0/8",
      transitGatewayAsn: 100,
      patchWindow: "sundays",
      domainName: "",
      capacity: 0,
      rebuildFromSnapshot: "arn:aws:rds:us-east-1:123456789012:cluster-snapshot:x",
    });
    assert.deepEqual(errors, [
      "peerRegion must differ from region (both us-east-1)",
      "availabilityZones must hold 2 or 3 zones (got 1)",
      'vpcCidr must be an IPv4 CIDR from /16 to /20, to hold 9 subnets (got "10.0.0.0/8")',
      "transitGatewayAsn must be a private ASN from 64512 to 65534 (got 100)",
      'patchWindow must be an EventBridge cron(...) expression (got "sundays")',
      "domainName must be set",
      "capacity must be a positive integer (got 0)",
      "rebuildFromSnapshot applies only to a recovery region that runs nothing until rebuilt (pilot-light, primary)",
    ]);
  });

  it("a recovery region: needs its primary, in the peer region, with a VPC range of its own", () => {
    const recovery: DrTierArgs = {
      ...primaryArgs,
      role: "recovery",
      region: "eu-west-1",
      peerRegion: "us-west-2",
      vpcCidr: "10.0.0.0/17",
    };
    assert.deepEqual(resolveDrTierArgs(pilot, recovery).errors, [
      "primary must be given for a recovery region",
    ]);
    const primary = { reference: {} as pulumi.StackReference, facts: PRIMARY_FACTS };
    assert.deepEqual(resolveDrTierArgs(pilot, { ...recovery, primary }).errors, [
      `peerRegion must be the primary's region ${PRIMARY_FACTS.region} (got us-west-2)`,
      `vpcCidr 10.0.0.0/17 overlaps the primary's ${PRIMARY_FACTS.vpcCidr}: the Transit Gateways are peered`,
    ]);
    assert.deepEqual(resolveDrTierArgs(pilot, { ...primaryArgs, primary }).errors, [
      "primary must not be given for a primary region",
    ]);
  });
});
