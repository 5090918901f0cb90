// Aurora beyond the cluster: the global cluster, its instances, and write forwarding where both regions write.
import * as aws from "@pulumi/aws";
import {
  PolicyConfigSchema,
  ResourceValidationPolicy,
  StackValidationPolicy,
  validateResourceOfType,
} from "@pulumi/policy";
import { configOf, contextProperties, forEachKnown, isSet, StackContext, T } from "./common";
import { isGlobalMember, ofType } from "./relations";

/**
 * A global cluster made from an existing cluster takes that cluster's encryption (rds-cluster-storage-encrypted
 * checks it); one created empty must ask for it, since every secondary must match the primary's encryption.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-getting-started.html
 */
export const rdsGlobalClusterStorageEncrypted: ResourceValidationPolicy = {
  name: "rds-global-cluster-storage-encrypted",
  description: "Aurora global clusters created without a source cluster encrypt their storage.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.GlobalCluster, (g, _args, report) => {
    if (isSet(g.sourceDbClusterIdentifier)) {
      return;
    }
    if (g.storageEncrypted !== true) {
      report("RDS global cluster storageEncrypted must be true.");
    }
  }),
};

/** Deleting the global cluster detaches every region's copy. https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-managing.html */
export const rdsGlobalClusterDeletionProtection: ResourceValidationPolicy = {
  name: "rds-global-cluster-deletion-protection",
  description: "Aurora global clusters have deletion protection on.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.GlobalCluster, (g, _args, report) => {
    if (g.deletionProtection !== true) {
      report("RDS global cluster deletionProtection must be true.");
    }
  }),
};

/** A public instance exposes the cluster whatever the cluster's settings. https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html */
export const rdsClusterInstanceNotPublic: ResourceValidationPolicy = {
  name: "rds-cluster-instance-not-public",
  description: "Aurora cluster instances are not publicly accessible.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.ClusterInstance, (i, _args, report) => {
    if (i.publiclyAccessible === true) {
      report("RDS cluster instance publiclyAccessible must be false.");
    }
  }),
};

const forwardingSchema: PolicyConfigSchema = {
  properties: { bothRegionsWrite: contextProperties.bothRegionsWrite },
};

/**
 * Where both regions take writes, a secondary cluster only accepts them through write forwarding, and a demoted
 * primary must forward too (DESIGN decision 16); without it writes fail with a read-only error.
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding.html
 */
export const rdsGlobalWriteForwarding: StackValidationPolicy = {
  name: "rds-global-write-forwarding",
  description:
    "Where both regions take writes, every Aurora global-cluster member forwards writes to the writer.",
  enforcementLevel: "mandatory",
  configSchema: forwardingSchema,
  validateStack: (args, report) => {
    if (!configOf<StackContext>(args, forwardingSchema).bothRegionsWrite) {
      return;
    }
    forEachKnown(ofType(args.resources, T.rdsCluster), (c) => {
      if (isGlobalMember(c, args.resources) && c.props.enableGlobalWriteForwarding !== true) {
        report(
          "RDS cluster enableGlobalWriteForwarding must be true where both regions take writes.",
          c.urn,
        );
      }
    });
  },
};

export const auroraResourceRules: ResourceValidationPolicy[] = [
  rdsGlobalClusterStorageEncrypted,
  rdsGlobalClusterDeletionProtection,
  rdsClusterInstanceNotPublic,
];
export const auroraStackRules: StackValidationPolicy[] = [rdsGlobalWriteForwarding];
