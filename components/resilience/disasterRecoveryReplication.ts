import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { baseTags } from "../tags";

export interface DisasterRecoveryReplicationArgs {
  /** VPC of the staging area; the replication servers' security group is created in it. Required. */
  readonly vpcId: pulumi.Input<string>;
  /** Subnet of the replication staging area: one of the private app subnets. Required. */
  readonly stagingSubnetId: pulumi.Input<string>;
  /** CIDR ranges of the replicated hosts, allowed to reach the replication servers on TCP 1500. Must hold at least 1. */
  readonly sourceCidrBlocks: string[];
  /** KMS key for the staging EBS volumes and snapshots; without it the account's default EBS key is used. Defaults to `undefined`. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Replication server instance type. Defaults to `t3.small`. */
  readonly replicationServerInstanceType?: string;
  /** Days the daily point-in-time snapshot is kept (the only PIT setting DRS lets you change). Defaults to `7`. */
  readonly pitRetentionDays?: number;
  /** Outbound replication bandwidth cap in Mbps; 0 means unthrottled. Defaults to `0`. */
  readonly bandwidthThrottlingMbps?: number;
  /** Region role, for tags. Defaults to `recovery`. */
  readonly role?: string;
}

/** Every problem with the args, each naming its property; empty when they are valid. */
export function validateDisasterRecoveryReplicationArgs(args: DisasterRecoveryReplicationArgs): string[] {
  const errors: string[] = [];
  if (args.sourceCidrBlocks.length < 1) errors.push("sourceCidrBlocks must hold at least 1 CIDR");
  const days = args.pitRetentionDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 365)) {
    errors.push(`pitRetentionDays must be an integer from 1 to 365 (got ${days})`);
  }
  const mbps = args.bandwidthThrottlingMbps;
  if (mbps !== undefined && !(Number.isInteger(mbps) && mbps >= 0)) {
    errors.push(`bandwidthThrottlingMbps must be an integer >= 0 (got ${mbps})`);
  }
  return errors;
}

/**
 * DRS requires exactly this PIT policy shape: 10-minute snapshots kept an hour, hourly kept a day, daily kept N
 * days. Only the daily retention is ours to choose.
 */
export function pitPolicies(retentionDays: number) {
  return [
    { ruleId: 1, enabled: true, units: "MINUTE", interval: 10, retentionDuration: 60 },
    { ruleId: 2, enabled: true, units: "HOUR", interval: 1, retentionDuration: 24 },
    { ruleId: 3, enabled: true, units: "DAY", interval: 1, retentionDuration: retentionDays },
  ];
}

/**
 * Elastic Disaster Recovery replication settings for the EC2 hosts: a private staging area in one app subnet,
 * replication over private IPs (the regions are joined by the TGW peering), no public IPs, encrypted staging
 * disks, and a security group of its own that admits only the replicated hosts.
 *
 * DRS must be initialised in the account and region first (a one-time console/API step that creates its service
 * roles and default template); creating this template in an uninitialised account fails. That is why the lead
 * puts it behind the `securecart:drsEnabled` flag (DESIGN decision 11), on by default from pilot light up.
 */
export class DisasterRecoveryReplication extends pulumi.ComponentResource {
  public readonly templateId: pulumi.Output<string>;
  public readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: DisasterRecoveryReplicationArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("securecart:resilience:DisasterRecoveryReplication", name, {}, opts);
    const errors = validateDisasterRecoveryReplicationArgs(args);
    if (errors.length > 0) throw new pulumi.ResourceError(`DisasterRecoveryReplication ${name}: ${errors.join("; ")}`, this);

    const instanceType = args.replicationServerInstanceType ?? "t3.small";
    const retentionDays = args.pitRetentionDays ?? 7;
    const bandwidth = args.bandwidthThrottlingMbps ?? 0;
    const tags = baseTags(args.role ?? "recovery", { component: "drs" });
    const opt = { parent: this };

    const sg = new aws.ec2.SecurityGroup(
      `${name}-replication`,
      {
        vpcId: args.vpcId,
        description: "DRS replication servers: agent data in on TCP 1500, DRS/S3/EC2 APIs out on 443",
        ingress: [
          { protocol: "tcp", fromPort: 1500, toPort: 1500, cidrBlocks: args.sourceCidrBlocks, description: "replication agents" },
        ],
        // The replication servers call the DRS, EC2 and S3 APIs; nothing else.
        egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs" }],
        tags: { ...tags, Name: `${name}-replication` },
      },
      opt,
    );

    const template = new aws.drs.ReplicationConfigurationTemplate(
      `${name}-template`,
      {
        stagingAreaSubnetId: args.stagingSubnetId,
        replicationServersSecurityGroupsIds: [sg.id],
        associateDefaultSecurityGroup: false,
        replicationServerInstanceType: instanceType,
        useDedicatedReplicationServer: false,
        dataPlaneRouting: "PRIVATE_IP",
        createPublicIp: false,
        bandwidthThrottling: bandwidth,
        defaultLargeStagingDiskType: "GP3",
        ebsEncryption: args.kmsKeyArn ? "CUSTOM" : "DEFAULT",
        ebsEncryptionKeyArn: args.kmsKeyArn,
        pitPolicies: pitPolicies(retentionDays),
        stagingAreaTags: { ...tags, "drs-staging": "true" },
        tags,
      },
      opt,
    );

    this.templateId = template.id;
    this.securityGroupId = sg.id;
    this.registerOutputs({ templateId: this.templateId, securityGroupId: this.securityGroupId });
  }
}
