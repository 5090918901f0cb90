// Other stores and front doors: EFS, classic ELB, Global Accelerator, KMS keys behind data.
import { T } from "../rules/common";
import * as stores from "../rules/stores";
import { HAPPY, PRIMARY, res } from "./helpers";
import {
  describeResourceSpecs,
  describeStackSpecs,
  itTestsEvery,
  named,
  ResourceSpec,
  StackSpec,
} from "./specs";

const EFS = {
  encrypted: true,
  kmsKeyId: "arn:aws:kms:us-east-1:1:key/efs",
  tags: { backup: "securecart-dr" },
};
const CLB = {
  subnets: ["subnet-a", "subnet-b"],
  crossZoneLoadBalancing: true,
  listeners: [{ instancePort: 80, instanceProtocol: "http", lbPort: 443, lbProtocol: "https" }],
};
const AA = { ...PRIMARY, tier: "active-active" };
const EG = {
  ...HAPPY[T.endpointGroup],
  endpointConfigurations: [
    { endpointId: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/alb/1", weight: 100 },
  ],
};

const resourceSpecs: ResourceSpec[] = [
  {
    policy: stores.efsEncrypted,
    type: T.efs,
    happy: EFS,
    broken: [
      ["encrypted missing", (p) => delete p.encrypted, "EFS file system encrypted must be true."],
      ["encrypted false", (p) => (p.encrypted = false), "EFS file system encrypted must be true."],
    ],
  },
  {
    policy: stores.efsMultiAz,
    type: T.efs,
    happy: EFS,
    broken: [
      [
        "a One Zone file system",
        (p) => (p.availabilityZoneName = "us-east-1a"),
        "EFS file system availabilityZoneName must be unset (a Regional file system).",
      ],
    ],
  },
  {
    policy: stores.efsBackupPolicyEnabled,
    type: T.efsBackupPolicy,
    happy: { fileSystemId: "fs-1", backupPolicy: { status: "ENABLED" } },
    broken: [
      [
        "automatic backups off",
        (p) => (p.backupPolicy.status = "DISABLED"),
        'EFS backup policy backupPolicy.status must be "ENABLED".',
      ],
    ],
  },
  {
    policy: stores.elbClassicMultiAz,
    type: "aws:elb/loadBalancer:LoadBalancer",
    happy: CLB,
    passes: [
      ["cross-zone left at the provider default (true)", (p) => delete p.crossZoneLoadBalancing],
    ],
    broken: [
      [
        "one subnet",
        (p) => (p.subnets = ["subnet-a"]),
        "Classic load balancer subnets or availabilityZones must list at least 2.",
      ],
      [
        "cross-zone off",
        (p) => (p.crossZoneLoadBalancing = false),
        "Classic load balancer crossZoneLoadBalancing must be true.",
      ],
    ],
  },
  {
    policy: stores.elbClassicMultiAz,
    type: "aws:elasticloadbalancing/loadBalancer:LoadBalancer",
    happy: { availabilityZones: ["us-east-1a", "us-east-1b"] },
    broken: [
      [
        "the legacy token in one zone",
        (p) => (p.availabilityZones = ["us-east-1a"]),
        "Classic load balancer subnets or availabilityZones must list at least 2.",
      ],
    ],
  },
  {
    policy: stores.globalAcceleratorEnabled,
    type: T.accelerator,
    happy: { name: "shop", ipAddressType: "IPV4", enabled: true },
    passes: [["enabled left at its default (true)", (p) => delete p.enabled]],
    broken: [
      [
        "a disabled accelerator",
        (p) => (p.enabled = false),
        "Global Accelerator enabled must be true.",
      ],
    ],
  },
  {
    policy: stores.globalAcceleratorEndpoints,
    type: T.endpointGroup,
    happy: EG,
    ctx: AA,
    passes: [
      [
        "an empty standby group where the recovery region takes no traffic (backup-restore)",
        (p) => (p.endpointConfigurations = []),
        { ...PRIMARY, tier: "backup-restore" },
      ],
    ],
    broken: [
      [
        "no endpoints in active-active",
        (p) => (p.endpointConfigurations = []),
        "Global Accelerator endpoint group endpointConfigurations must list at least one endpoint.",
      ],
      [
        "every endpoint at weight 0",
        (p) => (p.endpointConfigurations[0].weight = 0),
        "Global Accelerator endpoint group endpointConfigurations must give an endpoint a weight above 0.",
      ],
    ],
  },
];

function keyed() {
  const key = res(T.kmsKey, "orders-key", {
    description: "orders",
    enableKeyRotation: true,
    isEnabled: true,
  });
  const other = res(T.kmsKey, "spare-key", { description: "spare", isEnabled: false });
  const cluster = res(
    T.rdsCluster,
    "orders",
    { ...HAPPY[T.rdsCluster], kmsKeyId: "arn:aws:kms:us-east-1:1:key/orders-key" },
    { kmsKeyId: [key.urn] },
  );
  const table = res(T.dynamoTable, "catalog", {
    ...HAPPY[T.dynamoTable],
    serverSideEncryption: { enabled: true, kmsKeyArn: "arn:aws:kms:us-east-1:1:key/orders-key" },
  });
  return [key, other, cluster, table];
}

const stackSpecs: StackSpec[] = [
  {
    policy: stores.kmsKeyEnabledForData,
    good: keyed,
    broken: [
      [
        "a disabled key behind a cluster and a table",
        (rs) => {
          named(rs, "orders-key").inputs.isEnabled = false;
        },
        [
          [
            "orders-key",
            "KMS key orders-key isEnabled must be true, since RDS cluster orders is encrypted with it.",
          ],
          [
            "orders-key",
            "KMS key orders-key isEnabled must be true, since DynamoDB table catalog is encrypted with it.",
          ],
        ],
      ],
    ],
  },
];

describe("policy-pack rules: other stores and front doors", () => {
  describeResourceSpecs(resourceSpecs);
  describeStackSpecs(stackSpecs);
  itTestsEvery(
    [...stores.storeResourceRules, ...stores.storeStackRules],
    [...resourceSpecs, ...stackSpecs],
  );
});
