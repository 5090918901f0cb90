// Replication that does not replicate.
import { T } from "../rules/common";
import * as repl from "../rules/replication";
import { HAPPY, res } from "./helpers";
import {
  describeResourceSpecs,
  describeStackSpecs,
  itTestsEvery,
  named,
  ResourceSpec,
  StackSpec,
} from "./specs";

const REPLICATION = {
  bucket: "assets",
  role: "arn:role",
  rules: [
    {
      id: "all",
      status: "Enabled",
      destination: { bucket: "arn:aws:s3:::assets-dr", storageClass: "STANDARD_IA" },
    },
  ],
};
const LEGACY_BUCKET = {
  bucket: "assets",
  replicationConfiguration: {
    role: "arn:role",
    rules: [{ id: "all", status: "Enabled", destination: { bucket: "arn:aws:s3:::assets-dr" } }],
  },
};

const resourceSpecs: ResourceSpec[] = [
  {
    policy: repl.s3ReplicationRuleEnabled,
    type: T.bucketReplication,
    happy: REPLICATION,
    broken: [
      [
        "a disabled rule",
        (p) => (p.rules[0].status = "Disabled"),
        'S3 replication rule all status must be "Enabled".',
      ],
    ],
  },
  {
    policy: repl.s3ReplicationRuleEnabled,
    type: T.bucketV2,
    happy: LEGACY_BUCKET,
    passes: [["a bucket without replication", (p) => delete p.replicationConfiguration]],
    broken: [
      [
        "a disabled legacy inline rule",
        (p) => (p.replicationConfiguration.rules[0].status = "Disabled"),
        'S3 replication rule all status must be "Enabled".',
      ],
    ],
  },
  {
    policy: repl.s3ReplicationDestinationReadable,
    type: T.bucketReplication,
    happy: REPLICATION,
    passes: [
      [
        "Glacier Instant Retrieval (read in milliseconds)",
        (p) => (p.rules[0].destination.storageClass = "GLACIER_IR"),
      ],
    ],
    broken: [
      [
        "replicas into Glacier Flexible Retrieval",
        (p) => (p.rules[0].destination.storageClass = "GLACIER"),
        "S3 replication rule all destination.storageClass must be readable without a restore, not GLACIER.",
      ],
      [
        "replicas into Deep Archive",
        (p) => (p.rules[0].destination.storageClass = "DEEP_ARCHIVE"),
        "S3 replication rule all destination.storageClass must be readable without a restore, not DEEP_ARCHIVE.",
      ],
    ],
  },
  {
    policy: repl.s3ReplicationDestinationReadable,
    type: T.bucket,
    happy: LEGACY_BUCKET,
    broken: [
      [
        "a legacy inline rule into Glacier",
        (p) => (p.replicationConfiguration.rules[0].destination.storageClass = "GLACIER"),
        "S3 replication rule all destination.storageClass must be readable without a restore, not GLACIER.",
      ],
    ],
  },
  {
    policy: repl.elasticacheNodesSpanAzs,
    type: T.cacheGroup,
    happy: { ...HAPPY[T.cacheGroup], preferredCacheClusterAzs: ["us-east-1a", "us-east-1b"] },
    passes: [["zones left to ElastiCache", (p) => delete p.preferredCacheClusterAzs]],
    broken: [
      [
        "both nodes in one zone",
        (p) => (p.preferredCacheClusterAzs = ["us-east-1a", "us-east-1a"]),
        "ElastiCache replication group preferredCacheClusterAzs must name at least 2 Availability Zones.",
      ],
      [
        "a shard's primary and replica in one zone",
        (p) => {
          delete p.preferredCacheClusterAzs;
          p.nodeGroupConfigurations = [
            {
              nodeGroupId: "0001",
              primaryAvailabilityZone: "us-east-1a",
              replicaAvailabilityZones: ["us-east-1a"],
            },
          ];
        },
        "ElastiCache replication group node group 0001 zones must span at least 2 Availability Zones.",
      ],
    ],
  },
];

function provisioned() {
  const table = res(T.dynamoTable, "catalog", {
    ...HAPPY[T.dynamoTable],
    billingMode: "PROVISIONED",
    readCapacity: 5,
    writeCapacity: 5,
    replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: true }],
  });
  const read = res(T.scalingTarget, "catalog-read", {
    serviceNamespace: "dynamodb",
    resourceId: "table/catalog",
    scalableDimension: "dynamodb:table:ReadCapacityUnits",
    minCapacity: 5,
    maxCapacity: 100,
  });
  const write = res(T.scalingTarget, "catalog-write", {
    serviceNamespace: "dynamodb",
    resourceId: "table/catalog",
    scalableDimension: "dynamodb:table:WriteCapacityUnits",
    minCapacity: 5,
    maxCapacity: 100,
  });
  return [table, read, write];
}

const stackSpecs: StackSpec[] = [
  {
    policy: repl.dynamodbGlobalTableAutoscaling,
    good: provisioned,
    passes: [
      [
        "an on-demand global table",
        (rs) => {
          const t = named(rs, "catalog");
          t.inputs.billingMode = "PAY_PER_REQUEST";
          return [t];
        },
      ],
      [
        "a provisioned table that is not global (fixed capacity by choice)",
        (rs) => {
          const t = named(rs, "catalog");
          delete t.inputs.replicas;
          return [t];
        },
      ],
    ],
    broken: [
      [
        "no write auto scaling",
        (rs) => rs.filter((r) => r.name !== "catalog-write"),
        [
          [
            "catalog",
            "DynamoDB table catalog must have an Application Auto Scaling target for dynamodb:table:WriteCapacityUnits.",
          ],
        ],
      ],
      [
        "billingMode unset (PROVISIONED), a TableReplica of it in this stack, and no targets",
        (rs) => {
          const t = named(rs, "catalog");
          delete t.inputs.billingMode;
          delete t.inputs.replicas;
          return [t, res(T.dynamoReplica, "catalog-replica", { ...HAPPY[T.dynamoReplica] })];
        },
        [
          [
            "catalog",
            "DynamoDB table catalog must have an Application Auto Scaling target for dynamodb:table:ReadCapacityUnits.",
          ],
          [
            "catalog",
            "DynamoDB table catalog must have an Application Auto Scaling target for dynamodb:table:WriteCapacityUnits.",
          ],
        ],
      ],
    ],
  },
];

describe("policy-pack rules: replication that does not replicate", () => {
  describeResourceSpecs(resourceSpecs);
  describeStackSpecs(stackSpecs);
  itTestsEvery(
    [...repl.replicationResourceRules, ...repl.replicationStackRules],
    [...resourceSpecs, ...stackSpecs],
  );
});
