// Other stores and front doors: EFS, classic load balancers, Global Accelerator, and the KMS keys behind data.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import {
  asArray,
  configOf,
  contextProperties,
  forEachKnown,
  onTypes,
  StackContext,
  T,
  whenKnown,
} from "./common";
import { ofType } from "./relations";
import { labelOf } from "./stack";

/** https://docs.aws.amazon.com/efs/latest/ug/encryption.html */
export const efsEncrypted: ResourceValidationPolicy = {
  name: "efs-encrypted",
  description: "EFS file systems encrypt their data at rest.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.efs.FileSystem, (fs, _args, report) => {
    if (fs.encrypted !== true) {
      report("EFS file system encrypted must be true.");
    }
  }),
};

/**
 * One Zone file systems keep their data in one Availability Zone, and lose it with that zone.
 * https://docs.aws.amazon.com/efs/latest/ug/availability-durability.html
 */
export const efsMultiAz: ResourceValidationPolicy = {
  name: "efs-multi-az",
  description: "EFS file systems are Regional, not One Zone.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.efs.FileSystem, (fs, _args, report) => {
    if (fs.availabilityZoneName !== undefined && fs.availabilityZoneName !== "") {
      report("EFS file system availabilityZoneName must be unset (a Regional file system).");
    }
  }),
};

/** Turning automatic backups off is an explicit opt-out. https://docs.aws.amazon.com/efs/latest/ug/awsbackup.html */
export const efsBackupPolicyEnabled: ResourceValidationPolicy = {
  name: "efs-backup-policy-enabled",
  description: "EFS backup policies keep automatic backups on.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.efs.BackupPolicy, (bp, _args, report) => {
    if (bp.backupPolicy?.status !== "ENABLED") {
      report('EFS backup policy backupPolicy.status must be "ENABLED".');
    }
  }),
};

const clbSchema: PolicyConfigSchema = {
  properties: { minAzs: { type: "integer", minimum: 2, default: 2 } },
};

/**
 * A classic load balancer only routes to the zones it is enabled in, and without cross-zone balancing a zone with
 * fewer instances is overloaded. https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-az.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-crosszone-lb.html
 */
export const elbClassicMultiAz: ResourceValidationPolicy = {
  name: "elb-classic-multi-az",
  description:
    "Classic load balancers (v7 aws:elb and legacy aws:elasticloadbalancing) span two zones and balance across them.",
  enforcementLevel: "mandatory",
  configSchema: clbSchema,
  validateResource: onTypes(T.classicLb, (lb, args, report) => {
    const { minAzs } = configOf<{ minAzs: number }>(args, clbSchema);
    const spread = Math.max(asArray(lb.subnets).length, asArray(lb.availabilityZones).length);
    if (spread < minAzs) {
      report(`Classic load balancer subnets or availabilityZones must list at least ${minAzs}.`);
    }
    if (lb.crossZoneLoadBalancing === false) {
      report("Classic load balancer crossZoneLoadBalancing must be true.");
    }
  }),
};

/** A disabled accelerator stops accepting traffic. https://docs.aws.amazon.com/global-accelerator/latest/dg/about-accelerators.html */
export const globalAcceleratorEnabled: ResourceValidationPolicy = {
  name: "globalaccelerator-enabled",
  description: "Global Accelerators are enabled.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(
    aws.globalaccelerator.Accelerator,
    (a, _args, report) => {
      if (a.enabled === false) {
        report("Global Accelerator enabled must be true.");
      }
    },
  ),
};

const endpointsSchema: PolicyConfigSchema = {
  properties: { recoveryTakesTraffic: contextProperties.recoveryTakesTraffic },
};

/**
 * Where both regions take traffic, each endpoint group must hold an endpoint that takes some: weight 0 sends
 * it nothing. https://docs.aws.amazon.com/global-accelerator/latest/dg/about-endpoints-endpoint-weights.html
 * (A backup-restore standby accelerator's group is empty by design until the rebuild adds its ALB.)
 */
export const globalAcceleratorEndpoints: ResourceValidationPolicy = {
  name: "globalaccelerator-endpoints",
  description:
    "Where both regions take traffic, every Global Accelerator endpoint group has an endpoint with weight above 0.",
  enforcementLevel: "mandatory",
  configSchema: endpointsSchema,
  validateResource: validateResourceOfType(
    aws.globalaccelerator.EndpointGroup,
    (g, args, report) => {
      if (!configOf<StackContext>(args, endpointsSchema).recoveryTakesTraffic) {
        return;
      }
      const endpoints = g.endpointConfigurations ?? [];
      if (endpoints.length === 0) {
        report(
          "Global Accelerator endpoint group endpointConfigurations must list at least one endpoint.",
        );
      } else if (endpoints.every((e) => (e.weight ?? 128) === 0)) {
        report(
          "Global Accelerator endpoint group endpointConfigurations must give an endpoint a weight above 0.",
        );
      }
    },
  ),
};

/** Input properties through which data stores name their KMS key. */
const KEY_PROPS = [
  "kmsKeyId",
  "kmsKeyArn",
  "serverSideEncryption",
  "encryptionConfiguration",
  "masterUserSecretKmsKeyId",
];
const DATA_TYPES = [
  T.rdsCluster,
  T.rdsInstance,
  T.dynamoTable,
  T.dynamoReplica,
  T.efs,
  T.cacheGroup,
  T.backupVault,
  T.bucketReplication,
];

function keyRefs(r: PolicyResource, key: PolicyResource): boolean {
  if (KEY_PROPS.some((k) => (r.propertyDependencies?.[k] ?? []).some((d) => d.urn === key.urn))) {
    return true;
  }
  const text = whenKnown(() => JSON.stringify(KEY_PROPS.map((k) => r.props[k]))) ?? "";
  return text.includes(`key/${key.name}"`) || text.includes(`"${key.name}"`);
}

/**
 * Data encrypted with a disabled key cannot be read: RDS marks the database inaccessible, DynamoDB the table.
 * https://docs.aws.amazon.com/kms/latest/developerguide/enabling-keys.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.Keys.html
 */
export const kmsKeyEnabledForData: StackValidationPolicy = {
  name: "kms-key-enabled-for-data",
  description: "KMS keys that encrypt a data store are enabled.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const stores = ofType(args.resources, DATA_TYPES);
    forEachKnown(ofType(args.resources, T.kmsKey), (key) => {
      if (key.props.isEnabled !== false) {
        return;
      }
      for (const r of stores.filter((s) => keyRefs(s, key))) {
        report(
          `KMS key ${key.name} isEnabled must be true, since ${labelOf(r.type)} ${r.name} is encrypted with it.`,
          key.urn,
        );
      }
    });
  },
};

export const storeResourceRules: ResourceValidationPolicy[] = [
  efsEncrypted,
  efsMultiAz,
  efsBackupPolicyEnabled,
  elbClassicMultiAz,
  globalAcceleratorEnabled,
  globalAcceleratorEndpoints,
];
export const storeStackRules: StackValidationPolicy[] = [kmsKeyEnabledForData];
