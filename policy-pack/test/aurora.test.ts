// Aurora beyond the cluster: global cluster, instances, write forwarding.
import * as aurora from "../rules/aurora";
import { T } from "../rules/common";
import { res } from "./helpers";
import {
  describeResourceSpecs,
  describeStackSpecs,
  itTestsEvery,
  named,
  ResourceSpec,
  StackSpec,
} from "./specs";

const resourceSpecs: ResourceSpec[] = [
  {
    policy: aurora.rdsGlobalClusterStorageEncrypted,
    type: T.rdsGlobalCluster,
    happy: {
      globalClusterIdentifier: "orders",
      engine: "aurora-postgresql",
      storageEncrypted: true,
      deletionProtection: true,
    },
    passes: [
      [
        "a global cluster made from an encrypted cluster",
        (p) => {
          delete p.storageEncrypted;
          p.sourceDbClusterIdentifier = "arn:aws:rds:us-east-1:1:cluster:orders";
        },
      ],
    ],
    broken: [
      [
        "storageEncrypted missing",
        (p) => delete p.storageEncrypted,
        "RDS global cluster storageEncrypted must be true.",
      ],
      [
        "storageEncrypted false",
        (p) => (p.storageEncrypted = false),
        "RDS global cluster storageEncrypted must be true.",
      ],
    ],
  },
  {
    policy: aurora.rdsGlobalClusterDeletionProtection,
    type: T.rdsGlobalCluster,
    happy: {
      globalClusterIdentifier: "orders",
      sourceDbClusterIdentifier: "arn:aws:rds:us-east-1:1:cluster:orders",
      deletionProtection: true,
    },
    broken: [
      [
        "deletionProtection missing",
        (p) => delete p.deletionProtection,
        "RDS global cluster deletionProtection must be true.",
      ],
      [
        "deletionProtection false",
        (p) => (p.deletionProtection = false),
        "RDS global cluster deletionProtection must be true.",
      ],
    ],
  },
  {
    policy: aurora.rdsClusterInstanceNotPublic,
    type: T.rdsClusterInstance,
    happy: {
      clusterIdentifier: "orders",
      instanceClass: "db.r6g.large",
      engine: "aurora-postgresql",
      publiclyAccessible: false,
    },
    passes: [
      ["publiclyAccessible missing (AWS default false)", (p) => delete p.publiclyAccessible],
    ],
    broken: [
      [
        "publiclyAccessible true",
        (p) => (p.publiclyAccessible = true),
        "RDS cluster instance publiclyAccessible must be false.",
      ],
    ],
  },
];

const AA = {
  role: "recovery" as const,
  tier: "active-active",
  region: "eu-west-1",
  peerRegion: "us-east-1",
};
const stackSpecs: StackSpec[] = [
  {
    policy: aurora.rdsGlobalWriteForwarding,
    ctx: AA,
    good: () => {
      const primary = res(T.rdsCluster, "orders", {
        engine: "aurora-postgresql",
        enableGlobalWriteForwarding: true,
      });
      const global = res(
        T.rdsGlobalCluster,
        "orders-global",
        { sourceDbClusterIdentifier: "arn" },
        { sourceDbClusterIdentifier: [primary.urn] },
      );
      const secondary = res(T.rdsCluster, "orders-secondary", {
        engine: "aurora-postgresql",
        globalClusterIdentifier: "orders-global",
        enableGlobalWriteForwarding: true,
      });
      const standalone = res(T.rdsCluster, "reports", { engine: "aurora-postgresql" });
      return [primary, global, secondary, standalone];
    },
    passes: [
      [
        "no forwarding where one region writes (warm standby)",
        (rs) => {
          named(rs, "orders-secondary").inputs.enableGlobalWriteForwarding = false;
        },
        { ...AA, tier: "warm-standby" },
      ],
    ],
    broken: [
      [
        "a secondary without forwarding",
        (rs) => {
          named(rs, "orders-secondary").inputs.enableGlobalWriteForwarding = false;
        },
        [
          [
            "orders-secondary",
            "RDS cluster enableGlobalWriteForwarding must be true where both regions take writes.",
          ],
        ],
      ],
      [
        "a primary converted into the global cluster without forwarding (a demoted primary must forward)",
        (rs) => {
          delete named(rs, "orders").inputs.enableGlobalWriteForwarding;
        },
        [
          [
            "orders",
            "RDS cluster enableGlobalWriteForwarding must be true where both regions take writes.",
          ],
        ],
      ],
    ],
  },
];

describe("policy-pack rules: Aurora beyond the cluster", () => {
  describeResourceSpecs(resourceSpecs);
  describeStackSpecs(stackSpecs);
  itTestsEvery(
    [...aurora.auroraResourceRules, ...aurora.auroraStackRules],
    [...resourceSpecs, ...stackSpecs],
  );
});
