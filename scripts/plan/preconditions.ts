/**
 * AWS's creation-order preconditions and account-wide name scopes, as one table each, checked on the plan's
 * recorded graph (DESIGN.md decision 14, "Fidelity": what the CLI would refuse, we refuse first).
 *
 * Every entry cites the AWS or provider page it encodes. An ordering entry says which resources must wait for
 * which others; it holds when the one waited for is among the resource's *waits*: its recorded `dependencies`,
 * its parents' (a child registers only once its parent has, and a component registers only once its own
 * `dependsOn` exist), its provider's, and theirs in turn, as the engine orders them.
 */
import type { PlannedResource } from "../../policy-pack/offline";

export interface PlannedStack {
  readonly stack: string;
  readonly role: string;
  readonly region: string;
  readonly resources: readonly PlannedResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** The resources and the order the engine would create them in, for one stack. */
export class PlanGraph {
  readonly byUrn = new Map<string, PlannedResource>();
  private readonly waitsCache = new Map<string, Set<string>>();

  constructor(readonly plan: PlannedStack) {
    for (const r of plan.resources) this.byUrn.set(r.urn, r);
  }

  ofType(type: string): PlannedResource[] {
    return this.plan.resources.filter((r) => r.type === type);
  }

  /** Every URN `r` waits for before it is created, transitively. */
  waitsFor(r: PlannedResource): Set<string> {
    const cached = this.waitsCache.get(r.urn);
    if (cached) return cached;
    const seen = new Set<string>();
    const stack = [...this.directWaits(r)];
    while (stack.length > 0) {
      const urn = stack.pop()!;
      if (seen.has(urn)) continue;
      seen.add(urn);
      const dep = this.byUrn.get(urn);
      if (dep) stack.push(...this.directWaits(dep));
    }
    this.waitsCache.set(r.urn, seen);
    return seen;
  }

  /** Whether `r` waits for `other`. */
  waits(r: PlannedResource, other: PlannedResource): boolean {
    return this.waitsFor(r).has(other.urn);
  }

  /** The region `r` is created in: its explicit provider's, else the stack's. */
  regionOf(r: PlannedResource): string {
    const provider = r.provider ? this.byUrn.get(providerUrn(r.provider)) : undefined;
    return String(provider?.inputs.region ?? this.plan.region);
  }

  private directWaits(r: PlannedResource): string[] {
    const out = [...r.dependencies];
    if (r.parent) out.push(r.parent);
    if (r.provider) out.push(providerUrn(r.provider));
    return out;
  }
}

/** `urn::id` (a provider reference) → the provider's URN. */
function providerUrn(ref: string): string {
  return ref.split("::").slice(0, -1).join("::");
}

/** Resources in `g` whose property `key` was built from `urn` (propertyDependencies). */
const builtFrom = (r: PlannedResource, key: string, urn: string) =>
  (r.propertyDependencies[key] ?? []).includes(urn);
/** The URNs behind `r`'s input `key` that are of `type`. */
const inputsOfType = (g: PlanGraph, r: PlannedResource, key: string, type: string) =>
  (r.propertyDependencies[key] ?? []).filter((u) => g.byUrn.get(u)?.type === type);

/** One thing a resource must wait for: any one of `candidates` will do. */
export interface Requirement {
  readonly what: string;
  readonly candidates: readonly PlannedResource[];
}

export interface OrderPrecondition {
  readonly id: string;
  /** The AWS or provider page that says so. */
  readonly source: string;
  /** What AWS does when the order is wrong. */
  readonly why: string;
  /** The type of the resource that must wait. */
  readonly type: string;
  /** What each such resource must wait for (empty when the entry does not apply to it). */
  requires(r: PlannedResource, g: PlanGraph): Requirement[];
}

const T = {
  fn: "aws:lambda/function:Function",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  role: "aws:iam/role:Role",
  s3Replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  bucket: "aws:s3/bucket:Bucket",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  service: "aws:ecs/service:Service",
  listener: "aws:lb/listener:Listener",
  listenerRule: "aws:lb/listenerRule:ListenerRule",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  clusterCapacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  image: "docker-build:index:Image",
  imageCopy: "docker-build:index:Index",
  tgwRoute: "aws:ec2transitgateway/route:Route",
  peering: "aws:ec2transitgateway/peeringAttachment:PeeringAttachment",
  accepter: "aws:ec2transitgateway/peeringAttachmentAccepter:PeeringAttachmentAccepter",
  vpcRoute: "aws:ec2/route:Route",
  tgwVpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
  selection: "aws:backup/selection:Selection",
  ecrReplication: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
  repository: "aws:ecr/repository:Repository",
  certificate: "aws:acm/certificate:Certificate",
  certificateValidation: "aws:acm/certificateValidation:CertificateValidation",
  table: "aws:dynamodb/table:Table",
  tableReplica: "aws:dynamodb/tableReplica:TableReplica",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
} as const;

/** Policy attachments and inline policies on the role behind `r`'s input `key`. */
function rolePolicies(
  g: PlanGraph,
  r: PlannedResource,
  key: string,
  match: (p: PlannedResource) => boolean,
): PlannedResource[] {
  const roles = inputsOfType(g, r, key, T.role);
  return [...g.ofType(T.attachment), ...g.ofType(T.rolePolicy)].filter(
    (p) => roles.some((role) => builtFrom(p, "role", role)) && match(p),
  );
}

const policyText = (p: PlannedResource) =>
  typeof p.inputs.policy === "string" ? p.inputs.policy : JSON.stringify(p.inputs.policy ?? "");

export const ORDER_PRECONDITIONS: readonly OrderPrecondition[] = [
  {
    id: "lambda-vpc-eni-permission",
    source:
      "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions",
    why: "CreateFunction with a VpcConfig checks that the execution role may create network interfaces (AWSLambdaVPCAccessExecutionRole), and fails otherwise",
    type: T.fn,
    requires: (r, g) =>
      r.inputs.vpcConfig
        ? [
            {
              what: "its role's AWSLambdaVPCAccessExecutionRole attachment",
              candidates: rolePolicies(g, r, "role", (p) =>
                String(p.inputs.policyArn ?? "").endsWith("/AWSLambdaVPCAccessExecutionRole"),
              ),
            },
          ]
        : [],
  },
  {
    id: "lambda-dlq-permission",
    source:
      "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html#invocation-dlq",
    why: "a dead-letter queue needs sqs:SendMessage on the execution role; CreateFunction refuses a DLQ the role cannot send to",
    type: T.fn,
    requires: (r, g) =>
      r.inputs.deadLetterConfig?.targetArn
        ? [
            {
              what: "the role policy granting sqs:SendMessage",
              candidates: rolePolicies(g, r, "role", (p) =>
                policyText(p).includes("sqs:SendMessage"),
              ),
            },
          ]
        : [],
  },
  {
    id: "s3-replication-destination-versioning",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
    why: "PutBucketReplication fails unless both buckets have versioning enabled (the source's lives in the primary stack, deployed first: CROSS_STACK_PRECONDITIONS)",
    type: T.s3Replication,
    requires: (r, g) =>
      inputsOfType(g, r, "rules", T.bucket).map((bucket) => ({
        what: `the versioning of destination bucket ${g.byUrn.get(bucket)!.name}`,
        candidates: g.ofType(T.versioning).filter((v) => builtFrom(v, "bucket", bucket)),
      })),
  },
  {
    id: "s3-replication-role-policy",
    source:
      "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
    why: "S3 assumes the replication role to replicate; a role without its policy leaves the first objects failed (FAILED replication status)",
    type: T.s3Replication,
    requires: (r, g) => [
      { what: "its role's policy", candidates: rolePolicies(g, r, "role", () => true) },
    ],
  },
  {
    id: "s3-lifecycle-after-versioning",
    source:
      "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_lifecycle_configuration",
    why: "on a versioned bucket the lifecycle rules (noncurrent versions) must follow the versioning change, which the provider docs order with depends_on",
    type: T.lifecycle,
    requires: (r, g) => {
      const buckets = inputsOfType(g, r, "bucket", T.bucket);
      const versionings = g
        .ofType(T.versioning)
        .filter((v) => buckets.some((b) => builtFrom(v, "bucket", b)));
      return versionings.length > 0
        ? [{ what: "its bucket's versioning", candidates: versionings }]
        : [];
    },
  },
  {
    id: "ecs-service-target-group-attached",
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb.html",
    why: 'CreateService fails with "The target group ... does not have an associated load balancer" until a listener or listener rule forwards to it',
    type: T.service,
    requires: (r, g) =>
      inputsOfType(g, r, "loadBalancers", T.targetGroup).map((tg) => ({
        what: `a listener or rule forwarding to target group ${g.byUrn.get(tg)!.name}`,
        candidates: [
          ...g.ofType(T.listener).filter((l) => builtFrom(l, "defaultActions", tg)),
          ...g.ofType(T.listenerRule).filter((l) => builtFrom(l, "actions", tg)),
        ],
      })),
  },
  {
    id: "ecs-service-capacity-provider-associated",
    source:
      "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html#ECS-CreateService-request-capacityProviderStrategy",
    why: "a capacity provider strategy may only name providers already associated with the cluster (PutClusterCapacityProviders)",
    type: T.service,
    requires: (r, g) =>
      (r.inputs.capacityProviderStrategies ?? []).length > 0
        ? [
            {
              what: "the cluster's capacity provider association",
              candidates: g.ofType(T.clusterCapacity),
            },
          ]
        : [],
  },
  {
    id: "ecs-service-image-present",
    source: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html",
    why: "tasks pull the image when they start, and ECR replicates only images pushed after the rule exists: the service waits for the image built or copied into this region (DESIGN.md decision 16)",
    type: T.service,
    requires: (_r, g) => [
      {
        what: "the image built (docker-build Image) or copied (docker-build Index) in this region",
        candidates: [...g.ofType(T.image), ...g.ofType(T.imageCopy)],
      },
    ],
  },
  {
    id: "tgw-route-after-peering-accepted",
    source: "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html",
    why: "a peering attachment is usable only once accepted (pendingAcceptance until then); CreateTransitGatewayRoute to it fails before",
    type: T.tgwRoute,
    requires: (r, g) => {
      const peering = [
        ...inputsOfType(g, r, "transitGatewayAttachmentId", T.peering),
        ...inputsOfType(g, r, "transitGatewayAttachmentId", T.accepter),
      ];
      return peering.length > 0
        ? [{ what: "the peering attachment's accepter", candidates: g.ofType(T.accepter) }]
        : [];
    },
  },
  {
    id: "vpc-route-to-tgw-after-attachment",
    source: "https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html",
    why: "a VPC route table can target a transit gateway only once the VPC is attached to it",
    type: T.vpcRoute,
    requires: (r, g) => {
      const tgws = r.propertyDependencies.transitGatewayId ?? [];
      const attachments = g
        .ofType(T.tgwVpcAttachment)
        .filter((a) => tgws.some((t) => builtFrom(a, "transitGatewayId", t)));
      return attachments.length > 0
        ? [{ what: "the VPC's transit gateway attachment", candidates: attachments }]
        : [];
    },
  },
  {
    id: "backup-selection-after-role-policy",
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html",
    why: "AWS Backup assumes the selection's role to back up what it assigns; the role needs its managed policies first",
    type: T.selection,
    requires: (r, g) => [
      {
        what: "its role's AWSBackupServiceRolePolicyForBackup attachment",
        candidates: rolePolicies(g, r, "iamRoleArn", (p) =>
          String(p.inputs.policyArn ?? "").endsWith("/AWSBackupServiceRolePolicyForBackup"),
        ),
      },
    ],
  },
  {
    id: "ecr-replication-after-destination-repository",
    source: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html",
    why: "a repository replication creates gets no tag immutability, scanning or KMS encryption, so the destination repository must exist first",
    type: T.ecrReplication,
    requires: (_r, g) => [
      { what: "the destination repository", candidates: g.ofType(T.repository) },
    ],
  },
  {
    id: "listener-certificate-issued",
    source:
      "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/https-listener-certificates.html",
    why: "an HTTPS listener needs an issued certificate; ACM issues a DNS-validated one only once its validation record resolves (CertificateValidation waits for that)",
    type: T.listener,
    requires: (r, g) =>
      r.inputs.certificateArn
        ? [{ what: "the certificate's validation", candidates: g.ofType(T.certificateValidation) }]
        : [],
  },
];

/** A precondition that spans the stacks: what the recovery stack needs of the primary's, deployed first. */
export interface CrossStackPrecondition {
  readonly id: string;
  readonly source: string;
  readonly why: string;
  /** Problems found, empty when it holds. */
  check(primary: PlanGraph, recovery: PlanGraph): string[];
}

export const CROSS_STACK_PRECONDITIONS: readonly CrossStackPrecondition[] = [
  {
    id: "s3-replication-source-versioning",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
    why: "the source bucket of the recovery stack's replication must be versioned by the primary, which deploys first",
    check: (primary, recovery) => {
      if (recovery.ofType(T.s3Replication).length === 0) return [];
      const name = primary.plan.outputs.assetsBucketName;
      const bucket = primary.ofType(T.bucket).find((b) => b.inputs.bucket === name);
      if (!bucket)
        return [`the primary exports assetsBucketName ${String(name)} but plans no such bucket`];
      const enabled = primary
        .ofType(T.versioning)
        .some(
          (v) =>
            builtFrom(v, "bucket", bucket.urn) &&
            v.inputs.versioningConfiguration?.status === "Enabled",
        );
      return enabled ? [] : [`the primary's bucket ${bucket.name} has no enabled versioning`];
    },
  },
  {
    id: "table-replica-source-stream",
    source:
      "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table_replica",
    why: "a replica of a global table (version 2019.11.21) needs the source table's stream with NEW_AND_OLD_IMAGES",
    check: (primary, recovery) => {
      if (recovery.ofType(T.tableReplica).length === 0) return [];
      const tables = primary
        .ofType(T.table)
        .filter((t) => t.inputs.name === primary.plan.outputs.catalogTableName);
      return tables.length === 1 &&
        tables[0].inputs.streamEnabled === true &&
        tables[0].inputs.streamViewType === "NEW_AND_OLD_IMAGES"
        ? []
        : ["the primary's catalog table must have its stream on with NEW_AND_OLD_IMAGES"];
    },
  },
  {
    id: "image-copy-source-pushed",
    source: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html",
    why: "the recovery stack copies the image the primary pushed, by the digest the primary exports",
    check: (primary, recovery) => {
      if (recovery.ofType(T.imageCopy).length === 0) return [];
      return primary.ofType(T.image).length === 1 &&
        typeof primary.plan.outputs.imageDigest === "string"
        ? []
        : ["the primary must build one image and export its digest (imageDigest)"];
    },
  },
];

/** Where a name must be unique. */
export type NameScope = "global" | "account" | "region" | "hosted-zone";

export interface NameRule {
  readonly type: string;
  readonly scope: NameScope;
  readonly source: string;
  /** The name as AWS keys it, or undefined when the program leaves naming to Pulumi (a random suffix). */
  name(r: PlannedResource): string | undefined;
}

const input = (key: string) => (r: PlannedResource) =>
  typeof r.inputs[key] === "string" && r.inputs[key] ? String(r.inputs[key]) : undefined;
const singleton = () => "(one per registry)";

export const NAME_RULES: readonly NameRule[] = [
  {
    type: T.dashboard,
    scope: "account",
    name: input("dashboardName"),
    source:
      "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html#amazoncloudwatch-resources-for-iam-policies",
  },
  {
    type: T.bucket,
    scope: "global",
    name: input("bucket"),
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
  },
  {
    type: T.role,
    scope: "account",
    name: input("name"),
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names",
  },
  {
    type: "aws:iam/policy:Policy",
    scope: "account",
    name: input("name"),
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names",
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    scope: "account",
    name: input("name"),
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names",
  },
  {
    type: "aws:rds/globalCluster:GlobalCluster",
    scope: "account",
    name: input("globalClusterIdentifier"),
    source:
      "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html",
  },
  {
    type: "aws:arcregionswitch/plan:Plan",
    scope: "account",
    name: input("name"),
    source:
      "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapplicationrecoverycontroller-regionswitch.html",
  },
  {
    type: "aws:route53/record:Record",
    scope: "hosted-zone",
    name: (r) =>
      [
        r.inputs.zoneId,
        String(r.inputs.name ?? "")
          .replace(/\.$/, "")
          .toLowerCase(),
        r.inputs.type,
        r.inputs.setIdentifier ?? "",
      ].join(" "),
    source:
      "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html",
  },
  {
    type: T.repository,
    scope: "region",
    name: input("name"),
    source: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html",
  },
  {
    type: T.ecrReplication,
    scope: "region",
    name: singleton,
    source:
      "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutReplicationConfiguration.html",
  },
  {
    type: "aws:backup/regionSettings:RegionSettings",
    scope: "region",
    name: singleton,
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html",
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    scope: "region",
    name: input("name"),
    source:
      "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  },
  {
    type: T.fn,
    scope: "region",
    name: input("name"),
    source: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
  },
  {
    type: T.table,
    scope: "region",
    name: input("name"),
    source: "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html",
  },
  {
    type: "aws:resiliencehub/resiliencyPolicy:ResiliencyPolicy",
    scope: "region",
    name: input("name"),
    source:
      "https://docs.aws.amazon.com/resilience-hub/latest/APIReference/API_CreateResiliencyPolicy.html",
  },
];

/** Every ordering precondition one stack's plan breaks, one message each. */
export function orderViolations(plan: PlannedStack): string[] {
  const g = new PlanGraph(plan);
  const problems: string[] = [];
  for (const rule of ORDER_PRECONDITIONS) {
    for (const r of g.ofType(rule.type)) {
      for (const need of rule.requires(r, g)) {
        if (need.candidates.length === 0)
          problems.push(
            `${plan.stack}: ${r.name} (${rule.id}) needs ${need.what}, and the plan has none`,
          );
        else if (!need.candidates.some((c) => g.waits(r, c)))
          problems.push(
            `${plan.stack}: ${r.name} (${rule.id}) does not wait for ${need.what}: ${rule.why} (${rule.source})`,
          );
      }
    }
  }
  return problems;
}

/** Every cross-stack precondition the pair breaks. */
export function crossStackOrderViolations(primary: PlannedStack, recovery: PlannedStack): string[] {
  const [p, r] = [new PlanGraph(primary), new PlanGraph(recovery)];
  return CROSS_STACK_PRECONDITIONS.flatMap((c) =>
    c.check(p, r).map((m) => `${c.id}: ${m} (${c.source})`),
  );
}

/** Names claimed twice within their scope, across all `plans` (the stacks of one account). */
export function nameClashes(plans: readonly PlannedStack[]): string[] {
  const claims = new Map<string, string[]>();
  for (const plan of plans) {
    const g = new PlanGraph(plan);
    for (const rule of NAME_RULES) {
      for (const r of g.ofType(rule.type)) {
        const name = rule.name(r);
        if (name === undefined) continue;
        const where = rule.scope === "region" ? g.regionOf(r) : rule.scope;
        const key = `${rule.type} ${where} ${name}`;
        claims.set(key, [...(claims.get(key) ?? []), `${plan.stack}:${r.name}`]);
      }
    }
  }
  return [...claims]
    .filter(([, owners]) => owners.length > 1)
    .map(([key, owners]) => `${key} is claimed by ${owners.join(" and ")}`);
}

/**
 * Auto-named resources: Pulumi names one `<logical name>-<7 random characters>` when the program sets no name, and
 * the provider refuses a name over AWS's limit before creating anything (pulumi/pulumi-cdk#62). `field` is the
 * input that carries the name when the program sets it (then it is checked as given).
 */
export interface NameLengthRule {
  readonly type: string;
  readonly field: string;
  readonly max: number;
  readonly source: string;
}

export const NAME_LENGTH_RULES: readonly NameLengthRule[] = [
  {
    type: "aws:lb/loadBalancer:LoadBalancer",
    field: "name",
    max: 32,
    source:
      "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
  },
  {
    type: T.targetGroup,
    field: "name",
    max: 32,
    source:
      "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
  },
  {
    type: T.role,
    field: "name",
    max: 64,
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names",
  },
  {
    type: "aws:iam/instanceProfile:InstanceProfile",
    field: "name",
    max: 128,
    source:
      "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names",
  },
  {
    type: T.fn,
    field: "name",
    max: 64,
    source: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html",
  },
  {
    type: "aws:sqs/queue:Queue",
    field: "name",
    max: 80,
    source:
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html",
  },
  {
    type: "aws:sns/topic:Topic",
    field: "name",
    max: 256,
    source: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html",
  },
  {
    type: "aws:cloudwatch/eventRule:EventRule",
    field: "name",
    max: 64,
    source: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html",
  },
  {
    type: "aws:backup/plan:Plan",
    field: "name",
    max: 50,
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html",
  },
  {
    type: T.selection,
    field: "name",
    max: 50,
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html",
  },
  {
    type: "aws:backup/vault:Vault",
    field: "name",
    max: 50,
    source: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html",
  },
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    field: "replicationGroupId",
    max: 40,
    source:
      "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
  },
  {
    type: "aws:rds/cluster:Cluster",
    field: "clusterIdentifier",
    max: 63,
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html",
  },
  {
    type: "aws:rds/clusterInstance:ClusterInstance",
    field: "identifier",
    max: 63,
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
  },
  {
    type: "aws:rds/globalCluster:GlobalCluster",
    field: "globalClusterIdentifier",
    max: 63,
    source:
      "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html",
  },
  {
    type: "aws:ecs/cluster:Cluster",
    field: "name",
    max: 255,
    source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html",
  },
  {
    type: "aws:ssm/maintenanceWindow:MaintenanceWindow",
    field: "name",
    max: 128,
    source:
      "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateMaintenanceWindow.html",
  },
  {
    type: "aws:wafv2/webAcl:WebAcl",
    field: "name",
    max: 128,
    source: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html",
  },
  {
    type: "aws:cloudwatch/dashboard:Dashboard",
    field: "dashboardName",
    max: 255,
    source:
      "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html",
  },
];

/** Pulumi's auto-name suffix: a hyphen and 7 random characters. */
export const AUTONAME_SUFFIX = 8;

/** Every planned name (given, or as Pulumi would generate it) longer than AWS allows. */
export function nameLengthViolations(plan: PlannedStack): string[] {
  const problems: string[] = [];
  for (const rule of NAME_LENGTH_RULES) {
    for (const r of plan.resources.filter((x) => x.type === rule.type)) {
      const given = r.inputs[rule.field];
      const length = typeof given === "string" ? given.length : r.name.length + AUTONAME_SUFFIX;
      if (length > rule.max) {
        problems.push(
          `${plan.stack}: ${r.type} ${r.name}: ${rule.field} would be ${length} characters, over AWS's ${rule.max} (${rule.source})`,
        );
      }
    }
  }
  return problems;
}
