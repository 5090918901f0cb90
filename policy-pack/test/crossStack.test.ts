// Cross-stack policies as registered objects: listed, levelled and configured like the pack's own rules.
import assert from "node:assert/strict";
import { crossStackViolations } from "../offline";
import { crossStackPolicies } from "../policies";
import { T } from "../rules/common";
import {
  crossStackDynamodbAdvancedBackup,
  crossStackStandbyCapacity,
} from "../rules/pairsRecovery";
import { goodStacks } from "./fixtures";
import { DR_VAULT_ARN, res } from "./helpers";

const XCTX = { tier: "warm-standby", primaryRegion: "us-east-1", recoveryRegion: "eu-west-1" };

function compute(
  side: "primary" | "recovery",
  asg: Record<string, any>,
  svc: Record<string, any>,
  maxTasks: number,
) {
  const group = res(T.asg, "ecs-hosts", { vpcZoneIdentifiers: ["a", "b"], ...asg });
  const service = res(T.ecsService, "storefront-svc", { name: "storefront-svc", ...svc });
  const target = res(T.scalingTarget, "storefront-scaling", {
    serviceNamespace: "ecs",
    resourceId: "service/cluster/storefront-svc",
    scalableDimension: "ecs:service:DesiredCount",
    minCapacity: svc.desiredCount,
    maxCapacity: maxTasks,
  });
  for (const r of [group, service, target]) r.urn = r.urn.replace("::test::", `::${side}::`);
  return [group, service, target];
}

describe("policy-pack cross-stack policies", () => {
  it("registers every pair with a name, level, description and config schema", () => {
    const names = crossStackPolicies.map((p) => p.name);
    for (const n of [
      "cross-stack-route53-failover",
      "cross-stack-backup-copy",
      "cross-stack-standby-capacity",
      "cross-stack-dynamodb-advanced-backup",
    ]) {
      assert.ok(names.includes(n), n);
    }
    for (const p of crossStackPolicies) {
      assert.ok(["mandatory", "advisory"].includes(p.enforcementLevel), p.name);
      assert.equal(typeof p.validateCrossStack, "function");
    }
  });

  it("takes levels and values from a --policy-pack-config shaped object", () => {
    const { primary, recovery } = goodStacks();
    const broken = recovery.filter((r) => r.type !== T.bucketReplication);
    const base = crossStackViolations(primary, broken, XCTX).filter(
      (v) => v.policy === "cross-stack-s3-replication",
    );
    assert.equal(base.length, 1);
    assert.equal(base[0].level, "mandatory");
    const advisory = crossStackViolations(primary, broken, XCTX, undefined, {
      "cross-stack-s3-replication": "advisory",
    });
    assert.equal(
      advisory.find((v) => v.policy === "cross-stack-s3-replication")?.level,
      "advisory",
    );
    const off = crossStackViolations(primary, broken, XCTX, undefined, {
      "cross-stack-s3-replication": { enforcementLevel: "disabled" },
    });
    assert.equal(
      off.some((v) => v.policy === "cross-stack-s3-replication"),
      false,
    );
    // Config values override the context: told Route 53 does not fail over by itself (a backup-restore fact),
    // the failover pair is not required. The rule reads the fact, not the tier's name.
    const { primary: p2, recovery: r2 } = goodStacks();
    const noRecords = (rs: typeof p2) => rs.filter((r) => r.type !== T.record);
    const pair = (cfg = {}) =>
      crossStackViolations(noRecords(p2), noRecords(r2), XCTX, undefined, cfg).filter(
        (v) => v.policy === "cross-stack-route53-failover",
      );
    assert.equal(pair().length, 1);
    assert.deepEqual(
      pair({ "cross-stack-route53-failover": { failsOverOnDeepHealth: false } }),
      [],
    );
    assert.equal(pair({ "cross-stack-route53-failover": { tier: "backup-restore" } }).length, 1);
  });

  describe("cross-stack-standby-capacity", () => {
    const run = (rec: ReturnType<typeof compute>) =>
      crossStackViolations(
        compute("primary", { minSize: 3, maxSize: 6, desiredCapacity: 3 }, { desiredCount: 3 }, 6),
        rec,
        XCTX,
        [crossStackStandbyCapacity],
      );

    it("passes a standby that can grow to the primary's size", () => {
      assert.deepEqual(
        run(
          compute(
            "recovery",
            { minSize: 1, maxSize: 6, desiredCapacity: 1 },
            { desiredCount: 1 },
            6,
          ),
        ),
        [],
      );
    });

    it("reports an Auto Scaling group whose maxSize is under the primary's size", () => {
      const rec = compute(
        "recovery",
        { minSize: 1, maxSize: 2, desiredCapacity: 1 },
        { desiredCount: 1 },
        6,
      );
      assert.deepEqual(run(rec), [
        {
          policy: "cross-stack-standby-capacity",
          level: "mandatory",
          resource: rec[0].urn,
          message:
            "Recovery Auto Scaling group maxSize of ecs-hosts must be at least the primary's 3 (is 2).",
        },
      ]);
    });

    it("reports an ECS service whose scaling target cannot reach the primary's task count", () => {
      const rec = compute(
        "recovery",
        { minSize: 0, maxSize: 6, desiredCapacity: 0 },
        { desiredCount: 0 },
        1,
      );
      assert.deepEqual(run(rec), [
        {
          policy: "cross-stack-standby-capacity",
          level: "mandatory",
          resource: rec[1].urn,
          message:
            "Recovery ECS service scaling target maxCapacity of storefront-svc must be at least the primary's 3 (is 1).",
        },
      ]);
    });
  });

  describe("cross-stack-dynamodb-advanced-backup", () => {
    function stacks(primaryDynamo: boolean | undefined) {
      const { primary, recovery } = goodStacks();
      const settings = res(T.backupRegionSettings, "settings", {
        resourceTypeOptInPreference: { DynamoDB: true },
        resourceTypeManagementPreference:
          primaryDynamo === undefined ? {} : { DynamoDB: primaryDynamo },
      });
      const plan = recovery.find((r) => r.name === "copy-plan")!;
      plan.inputs.rules[0].copyActions = [{ destinationVaultArn: DR_VAULT_ARN }];
      recovery.find((r) => r.name === "copy-selection")!.inputs.resources = [
        "arn:aws:dynamodb:*:*:table/*",
      ];
      return { primary: [...primary, settings], recovery, plan, settings };
    }

    it("passes when the primary stack turns advanced DynamoDB backup on in us-east-1", () => {
      const s = stacks(true);
      assert.deepEqual(
        crossStackViolations(s.primary, s.recovery, XCTX, [crossStackDynamodbAdvancedBackup]),
        [],
      );
    });

    it("reports the primary's settings without advanced DynamoDB backup", () => {
      const s = stacks(false);
      assert.deepEqual(
        crossStackViolations(s.primary, s.recovery, XCTX, [crossStackDynamodbAdvancedBackup]).map(
          (v) => [v.resource, v.message],
        ),
        [
          [
            s.primary[s.primary.length - 1].urn,
            "Backup region settings resourceTypeManagementPreference.DynamoDB must be true in us-east-1, since backup plan copy-plan copies DynamoDB.",
          ],
        ],
      );
    });

    it("reports a copy plan in a region with no Backup settings in either stack", () => {
      const s = stacks(true);
      const primary = s.primary.filter((r) => r.type !== T.backupRegionSettings);
      assert.deepEqual(
        crossStackViolations(primary, s.recovery, XCTX, [crossStackDynamodbAdvancedBackup]).map(
          (v) => v.message,
        ),
        [
          "Backup region settings must exist in us-east-1 with resourceTypeManagementPreference.DynamoDB true, since backup plan copy-plan copies DynamoDB.",
        ],
      );
    });
  });
});

describe("cross-stack-dynamodb-global-autoscaling", () => {
  it("reports a provisioned primary table whose replica the recovery stack owns, and passes an on-demand one", async () => {
    const { crossStackDynamodbGlobalAutoscaling } = await import("../rules/pairsRecovery");
    const { primary, recovery } = goodStacks();
    const table = primary.find((r) => r.name === "catalog")!;
    assert.deepEqual(
      crossStackViolations(primary, recovery, XCTX, [crossStackDynamodbGlobalAutoscaling]),
      [],
    );
    table.inputs.billingMode = "PROVISIONED";
    assert.deepEqual(
      crossStackViolations(primary, recovery, XCTX, [crossStackDynamodbGlobalAutoscaling]).map(
        (v) => [v.resource, v.message],
      ),
      [
        [
          table.urn,
          "DynamoDB table catalog must have an Application Auto Scaling target for dynamodb:table:ReadCapacityUnits, since the recovery stack replicates it.",
        ],
        [
          table.urn,
          "DynamoDB table catalog must have an Application Auto Scaling target for dynamodb:table:WriteCapacityUnits, since the recovery stack replicates it.",
        ],
      ],
    );
  });
});
