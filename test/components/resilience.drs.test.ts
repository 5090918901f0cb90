import { strict as assert } from "assert";
import {
  DisasterRecoveryReplication,
  validateDisasterRecoveryReplicationArgs,
} from "../../components/resilience/disasterRecoveryReplication";
import { record, onlyOf, countByType } from "../support/harness";

const TEMPLATE = "aws:drs/replicationConfigurationTemplate:ReplicationConfigurationTemplate";
const SG = "aws:ec2/securityGroup:SecurityGroup";

describe("resilience: DisasterRecoveryReplication", () => {
  it("stages replication privately in the given subnet, behind its own security group", async () => {
    const resources = await record(
      () => {
        new DisasterRecoveryReplication("drs", { vpcId: "vpc-123", stagingSubnetId: "subnet-app-0", sourceCidrBlocks: ["10.0.0.0/16"] });
      },
      { region: "eu-west-1" },
    );
    assert.deepEqual(countByType(resources), { "securecart:resilience:DisasterRecoveryReplication": 1, [SG]: 1, [TEMPLATE]: 1 });

    const sg = onlyOf(resources, SG);
    assert.equal(sg.inputs.vpcId, "vpc-123");
    assert.deepEqual(
      sg.inputs.ingress.map((r: any) => [r.protocol, r.fromPort, r.toPort, r.cidrBlocks]),
      [["tcp", 1500, 1500, ["10.0.0.0/16"]]],
    );
    assert.deepEqual(
      sg.inputs.egress.map((r: any) => [r.protocol, r.fromPort, r.toPort]),
      [["tcp", 443, 443]],
    );

    const t = onlyOf(resources, TEMPLATE).inputs;
    assert.equal(t.stagingAreaSubnetId, "subnet-app-0");
    assert.equal(t.dataPlaneRouting, "PRIVATE_IP");
    assert.equal(t.createPublicIp, false);
    assert.equal(t.associateDefaultSecurityGroup, false);
    assert.equal(t.useDedicatedReplicationServer, false);
    assert.equal(t.replicationServerInstanceType, "t3.small");
    assert.equal(t.bandwidthThrottling, 0);
    assert.equal(t.ebsEncryption, "DEFAULT");
    assert.equal(t.ebsEncryptionKeyArn, undefined);
    assert.deepEqual(onlyOf(resources, TEMPLATE).propertyDependencies.replicationServersSecurityGroupsIds, [sg.urn]);
    assert.equal(t.replicationServersSecurityGroupsIds.length, 1);
    assert.deepEqual(
      t.pitPolicies.map((p: any) => [p.ruleId, p.units, p.interval, p.retentionDuration]),
      [
        [1, "MINUTE", 10, 60],
        [2, "HOUR", 1, 24],
        [3, "DAY", 1, 7],
      ],
    );
    assert.equal(t.stagingAreaTags.project, "securecart");
    assert.equal(t.stagingAreaTags["dr-role"], "recovery");
  });

  it("encrypts staging disks with the given KMS key and keeps daily snapshots as long as asked", async () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/abc";
    const resources = await record(() => {
      new DisasterRecoveryReplication("drs", { vpcId: "vpc-1", stagingSubnetId: "subnet-1", sourceCidrBlocks: ["10.0.0.0/16"], kmsKeyArn: key, pitRetentionDays: 14 });
    });
    const t = onlyOf(resources, TEMPLATE).inputs;
    assert.equal(t.ebsEncryption, "CUSTOM");
    assert.equal(t.ebsEncryptionKeyArn, key);
    assert.equal(t.pitPolicies[2].retentionDuration, 14);
  });

  it("reports every bad arg at once, naming each", async () => {
    assert.deepEqual(
      validateDisasterRecoveryReplicationArgs({ vpcId: "v", stagingSubnetId: "s", sourceCidrBlocks: [], pitRetentionDays: 0, bandwidthThrottlingMbps: -1 }).map(
        (e) => e.split(" ")[0],
      ),
      ["sourceCidrBlocks", "pitRetentionDays", "bandwidthThrottlingMbps"],
    );
    await assert.rejects(
      record(() => new DisasterRecoveryReplication("drs", { vpcId: "v", stagingSubnetId: "s", sourceCidrBlocks: [] })),
      /sourceCidrBlocks must hold at least 1 CIDR/,
    );
  });
});
