/**
 * Stands in for AWS (and the other providers) under `pulumi.runtime.setMocks`: it gives each resource the ids,
 * ARNs and computed outputs the real provider would, in the region its provider targets. It never decides
 * anything the program decides: it only answers what AWS would answer.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export const MOCK_ACCOUNT = "123456789012";

const AZ_SUFFIXES = ["a", "b", "c"];
/** Five regions for an ARC cluster's five data-plane endpoints; AWS picks them, so these are only plausible ones. */
const ARC_ENDPOINT_REGIONS = [
  "us-east-1",
  "us-west-2",
  "eu-west-1",
  "ap-northeast-1",
  "ap-southeast-2",
];

function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Maps `aws:rds/cluster:Cluster` to the ARN service name and resource kind. */
function arnParts(type: string): { service: string; kind: string } {
  const m = /^aws:([^/]+)\/([^:]+):/.exec(type);
  if (!m) return { service: "unknown", kind: type };
  const service =
    {
      alb: "elasticloadbalancing",
      lb: "elasticloadbalancing",
      cloudwatch: "cloudwatch",
      wafv2: "wafv2",
    }[m[1]] ?? m[1];
  return { service, kind: m[2].toLowerCase() };
}

/**
 * The physical name Pulumi gives a resource whose name is not set: the logical name, a hyphen and seven random
 * characters (https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming); here derived from the id, so
 * plans stay deterministic. Used where a policy names a resource ahead of time by its prefix.
 */
function autoName(name: string, id: string): string {
  return `${name}-${shortHash(id, 7)}`;
}

/** A call a run makes to AWS whatever changes, and the region it goes to. */
export interface PlannedInvoke {
  /** The invoke's token, or `configure:<provider URN name>` for a provider's own set-up call to STS. */
  readonly token: string;
  readonly region: string;
}

export class MockAws implements pulumi.runtime.Mocks {
  /** Provider id → region, so a resource with an explicit provider lands in that provider's region. */
  private readonly providerRegions = new Map<string, string>();
  /**
   * Every invoke, in order. Unlike an unchanged resource, an invoke reaches its service on every preview and
   * update (https://www.pulumi.com/docs/iac/concepts/functions/provider-functions/), so these are the calls a
   * run cannot do without.
   */
  readonly invokes: PlannedInvoke[] = [];

  constructor(
    private readonly defaultRegion: string,
    /** Outputs of referenced stacks, by stack name (for StackReference). */
    private readonly stackOutputs: Readonly<Record<string, Record<string, unknown>>> = {},
  ) {}

  regionOf(provider: string | undefined): string {
    if (!provider) return this.defaultRegion;
    const id = provider.split("::").pop() ?? "";
    return this.providerRegions.get(id) ?? this.defaultRegion;
  }

  newResource(args: pulumi.runtime.MockResourceArgs): {
    id: string;
    state: Record<string, unknown>;
  } {
    const { type, name, inputs } = args;
    if (type === "pulumi:pulumi:StackReference") {
      const outputs =
        this.stackOutputs[String(inputs.name)] ??
        this.stackOutputs[String(inputs.name).split("/").pop()!];
      return {
        id: String(inputs.name),
        state: { name: inputs.name, outputs: outputs ?? {}, secretOutputNames: [] },
      };
    }
    if (type.startsWith("pulumi:providers:")) {
      const region = String(inputs.region ?? this.defaultRegion);
      const id = `${name}-${shortHash(name + region)}`;
      this.providerRegions.set(id, region);
      // On configure the AWS provider calls sts:GetCallerIdentity (credentials check and account ID) in
      // `sts_region`, else in its region (https://registry.terraform.io/providers/hashicorp/aws/latest/docs#sts_region,
      // `skip_credentials_validation`, `skip_requesting_account_id`), on every run.
      const on = (flag: unknown) => flag === true || flag === "true";
      if (
        type === "pulumi:providers:aws" &&
        !(on(inputs.skipCredentialsValidation) && on(inputs.skipRequestingAccountId))
      ) {
        this.invokes.push({
          token: `configure:${name}`,
          region: String(inputs.stsRegion ?? region),
        });
      }
      return { id, state: { ...inputs, region } };
    }
    const region = this.regionOf(args.provider);
    const id = `${name}-${shortHash(type + name + region)}`;
    const { service, kind } = arnParts(type);
    const arn = `arn:aws:${service}:${region}:${MOCK_ACCOUNT}:${kind}/${name}`;
    const state: Record<string, unknown> = {
      arn,
      name: inputs.name ?? name,
      ...inputs,
      ...this.computed(type, name, id, arn, region, inputs),
    };
    return { id, state };
  }

  /** Outputs AWS computes that the program reads back (endpoints, DNS names, digests, validation records). */
  private computed(
    type: string,
    name: string,
    id: string,
    arn: string,
    region: string,
    inputs: Record<string, any>,
  ): Record<string, unknown> {
    switch (type) {
      case "aws:lb/loadBalancer:LoadBalancer":
        return {
          dnsName: `${name}-${shortHash(id, 6)}.${region}.elb.amazonaws.com`,
          zoneId: region === "us-east-1" ? "Z35SXDOTRQ7X7K" : "Z32O12XQLNTSW2",
          arnSuffix: `app/${name}/${shortHash(id, 16)}`,
        };
      case "aws:lb/targetGroup:TargetGroup":
        return { arnSuffix: `targetgroup/${name}/${shortHash(id, 16)}` };
      case "aws:rds/cluster:Cluster":
        return {
          clusterIdentifier: inputs.clusterIdentifier ?? id,
          endpoint: `${id}.cluster-${shortHash(region, 12)}.${region}.rds.amazonaws.com`,
          readerEndpoint: `${id}.cluster-ro-${shortHash(region, 12)}.${region}.rds.amazonaws.com`,
          port: 5432,
          masterUserSecrets: inputs.manageMasterUserPassword
            ? [
                {
                  secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:rds!${id}`,
                  kmsKeyId: "",
                  secretStatus: "active",
                },
              ]
            : [],
        };
      case "aws:rds/globalCluster:GlobalCluster": {
        // The global writer endpoint's form: <global cluster>.global-<id>.global.rds.amazonaws.com ("Connecting to
        // Amazon Aurora Global Database": https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-connecting.html).
        const gid = inputs.globalClusterIdentifier ?? id;
        return {
          globalClusterIdentifier: gid,
          arn: `arn:aws:rds::${MOCK_ACCOUNT}:global-cluster:${gid}`,
          endpoint: `${gid}.global-${shortHash(gid, 12)}.global.rds.amazonaws.com`,
        };
      }
      case "aws:dynamodb/table:Table":
        return {
          streamArn: `${arn}/stream/2026-01-01T00:00:00.000`,
          arn: `arn:aws:dynamodb:${region}:${MOCK_ACCOUNT}:table/${inputs.name ?? name}`,
        };
      case "aws:dynamodb/tableReplica:TableReplica": {
        // A replica's ARN is the table's ARN in the replica's region.
        const table =
          String(inputs.globalTableArn ?? "")
            .split("table/")
            .pop() || name;
        return { arn: `arn:aws:dynamodb:${region}:${MOCK_ACCOUNT}:table/${table}` };
      }
      case "aws:elasticache/replicationGroup:ReplicationGroup":
        return {
          primaryEndpointAddress: `master.${id}.${shortHash(region, 6)}.use1.cache.amazonaws.com`,
          readerEndpointAddress: `replica.${id}.cache.amazonaws.com`,
        };
      case "aws:ecr/repository:Repository":
        return {
          repositoryUrl: `${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${inputs.name ?? name}`,
          registryId: MOCK_ACCOUNT,
        };
      case "aws:acm/certificate:Certificate":
        return {
          // One option per name, as ACM returns them (the domain first, then each subject alternative name).
          domainValidationOptions: [
            inputs.domainName,
            ...((inputs.subjectAlternativeNames as string[] | undefined) ?? []).filter(
              (n) => n !== inputs.domainName,
            ),
          ].map((domainName) => ({
            domainName,
            resourceRecordName: `_${shortHash(String(domainName), 12)}.${domainName}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: `_${shortHash(id + (domainName === inputs.domainName ? "" : domainName), 12)}.acm-validations.aws.`,
          })),
        };
      case "aws:globalaccelerator/accelerator:Accelerator":
        return {
          dnsName: `a${shortHash(id, 16)}.awsglobalaccelerator.com`,
          hostedZoneId: "Z2BJ6XQ5FK7U4H",
          ipSets: [{ ipAddresses: ["75.2.0.1", "99.83.0.1"], ipFamily: "IPv4" }],
        };
      case "aws:route53recoverycontrol/cluster:Cluster":
        // "One of the five cluster endpoints, which consists of an endpoint URL and an AWS Region"
        // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-route53recoverycontrol-cluster-clusterendpoint.html);
        // ARC's ARNs carry no region.
        return {
          arn: `arn:aws:route53-recovery-control::${MOCK_ACCOUNT}:cluster/${shortHash(id, 32)}`,
          status: "DEPLOYED",
          clusterEndpoints: ARC_ENDPOINT_REGIONS.map((r) => ({
            endpoint: `https://${shortHash(id + r, 8)}.route53-recovery-cluster.${r}.amazonaws.com/v1`,
            region: r,
          })),
        };
      case "aws:route53recoverycontrol/controlPanel:ControlPanel":
        return {
          arn: `arn:aws:route53-recovery-control::${MOCK_ACCOUNT}:controlpanel/${shortHash(id, 32)}`,
          status: "DEPLOYED",
        };
      case "aws:route53recoverycontrol/routingControl:RoutingControl":
      case "aws:route53recoverycontrol/safetyRule:SafetyRule": {
        // A routing control's or rule's ARN extends its control panel's.
        const kind = type.endsWith("RoutingControl") ? "routingcontrol" : "safetyrule";
        return {
          arn: `${String(inputs.controlPanelArn)}/${kind}/${shortHash(id, 16)}`,
          status: "DEPLOYED",
        };
      }
      case "aws:lambda/function:Function": {
        const fn = inputs.name ?? autoName(name, id);
        const fnArn = `arn:aws:lambda:${region}:${MOCK_ACCOUNT}:function:${fn}`;
        return {
          name: fn,
          invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
          qualifiedArn: `${fnArn}:$LATEST`,
          arn: fnArn,
        };
      }
      case "aws:sqs/queue:Queue": {
        // A queue's ARN ends in its name, with no resource type (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html).
        const queue = inputs.name ?? autoName(name, id);
        return {
          name: queue,
          arn: `arn:aws:sqs:${region}:${MOCK_ACCOUNT}:${queue}`,
          url: `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT}/${queue}`,
        };
      }
      case "aws:arcregionswitch/plan:Plan":
        // A plan's ARN has no region and ends in a 6-character suffix (StartPlanExecution, planArn pattern).
        return {
          arn: `arn:aws:arc-region-switch::${MOCK_ACCOUNT}:plan/${inputs.name ?? name}:${shortHash(id, 6)}`,
        };
      case "aws:kms/key:Key":
        return { keyId: id };
      case "aws:iam/role:Role":
        return { arn: `arn:aws:iam::${MOCK_ACCOUNT}:role/${inputs.name ?? name}` };
      case "aws:s3/bucket:Bucket":
      case "aws:s3/bucketV2:BucketV2":
        return {
          bucket: inputs.bucket ?? id,
          arn: `arn:aws:s3:::${inputs.bucket ?? id}`,
          bucketRegionalDomainName: `${inputs.bucket ?? id}.s3.${region}.amazonaws.com`,
        };
      case "aws:secretsmanager/secret:Secret":
        return {
          arn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT}:secret:${inputs.name ?? name}-${shortHash(id, 6)}`,
        };
      case "aws:ec2transitgateway/transitGateway:TransitGateway":
        return {
          associationDefaultRouteTableId: `tgw-rtb-${shortHash(id, 12)}`,
          propagationDefaultRouteTableId: `tgw-rtb-${shortHash(id, 12)}`,
        };
      case "aws:cloudwatch/logGroup:LogGroup": {
        // The provider drops the API's trailing `:*` from the ARN (aws_cloudwatch_log_group, attribute `arn`).
        const groupName = inputs.name ?? `/securecart/${name}`;
        return {
          name: groupName,
          arn: `arn:aws:logs:${region}:${MOCK_ACCOUNT}:log-group:${groupName}`,
        };
      }
      case "random:index/randomPassword:RandomPassword":
        return { result: `mock-${shortHash(name, 24)}` };
      case "docker-build:index:Image":
        return {
          digest: `sha256:${createHash("sha256").update(name).digest("hex")}`,
          ref: `${(inputs.tags ?? ["image"])[0]}@sha256:${createHash("sha256").update(name).digest("hex")}`,
        };
      case "docker-build:index:Index": {
        // `imagetools create` of one image index copies it byte for byte, so the copy keeps the source's digest
        // (docker/buildx util/imagetools/create.go, "on single source, return original bytes"); `ref` is the pushed
        // tag with that digest (docker-build Index).
        const source = String((inputs.sources ?? [])[0] ?? "");
        return { ref: `${inputs.tag}@${source.slice(source.lastIndexOf("@") + 1)}` };
      }
      default:
        return {};
    }
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const region = this.regionOf(args.provider);
    this.invokes.push({ token: args.token, region });
    switch (args.token) {
      case "aws:index/getAvailabilityZones:getAvailabilityZones":
        return {
          names: AZ_SUFFIXES.map((s) => region + s),
          zoneIds: AZ_SUFFIXES.map((_, i) => `${region.slice(0, 3)}-az${i + 1}`),
          id: region,
          state: "available",
        };
      case "aws:index/getRegion:getRegion":
        return {
          name: region,
          region,
          id: region,
          description: region,
          endpoint: `ec2.${region}.amazonaws.com`,
        };
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          accountId: MOCK_ACCOUNT,
          arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/ci`,
          userId: "AIDAMOCK",
          id: MOCK_ACCOUNT,
        };
      case "aws:index/getPartition:getPartition":
        return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
      case "aws:iam/getPolicyDocument:getPolicyDocument":
        return {
          json: JSON.stringify({ Version: "2012-10-17", Statement: args.inputs.statements ?? [] }),
          id: "policy",
        };
      case "aws:index/getIpRanges:getIpRanges":
        // A few of the ROUTE53_HEALTHCHECKS ranges AWS publishes in https://ip-ranges.amazonaws.com/ip-ranges.json.
        return {
          cidrBlocks: [
            "107.23.255.0/26",
            "54.243.31.192/26",
            "54.228.16.0/26",
            "176.34.159.192/26",
            "54.244.52.192/26",
            "54.245.168.0/26",
          ],
          ipv6CidrBlocks: [],
          createDate: "2026-11-30-00-00-00",
          syncToken: 1764460800,
          id: "ip-ranges",
        };
      case "aws:dynamodb/getTable:getTable":
        // DescribeTable's TableArn (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html).
        return {
          name: args.inputs.name,
          arn: `arn:aws:dynamodb:${region}:${MOCK_ACCOUNT}:table/${String(args.inputs.name)}`,
          id: args.inputs.name,
        };
      case "aws:ecr/getImage:getImage": {
        // DescribeImages by tag (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html).
        // The only image looked up is ImageRepository's copy, tagged `copy-<source digest hex>`, which keeps the
        // source's digest (see docker-build:index:Index above).
        const tag = String(args.inputs.imageTag ?? "");
        const hex = tag.startsWith("copy-")
          ? tag.slice("copy-".length)
          : createHash("sha256").update(tag).digest("hex");
        return {
          imageDigest: `sha256:${hex}`,
          imageTag: tag,
          imageTags: [tag],
          repositoryName: args.inputs.repositoryName,
          registryId: MOCK_ACCOUNT,
          id: tag,
        };
      }
      case "aws:ssm/getParameter:getParameter":
        return {
          name: args.inputs.name,
          value: `ami-${shortHash(String(args.inputs.name) + region, 17)}`,
          type: "String",
          id: args.inputs.name,
        };
      default:
        return { id: `${args.token}-${region}` };
    }
  }
}
