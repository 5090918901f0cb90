// The SecureCart DR policies. Importing this module has no side effects: PolicyPack is built in index.ts.
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { backupRules } from "./rules/backup";
import { cacheRules } from "./rules/cache";
import { computeRules } from "./rules/compute";
import { databaseRules } from "./rules/database";
import { stackRules } from "./rules/stack";
import { storageRules } from "./rules/storage";
import { trafficRules } from "./rules/traffic";
import { CrossStackPolicy } from "./crossStack";
import { pairRules } from "./rules/pairs";
import { recoveryPairRules } from "./rules/pairsRecovery";
import { auroraResourceRules, auroraStackRules } from "./rules/aurora";
import { backupSkipResourceRules, backupSkipStackRules } from "./rules/backupSkips";
import { capacityRules } from "./rules/capacity";
import { replicationResourceRules, replicationStackRules } from "./rules/replication";
import { storeResourceRules, storeStackRules } from "./rules/stores";
import { timingResourceRules, timingStackRules } from "./rules/timing";
import { egressStackRules } from "./rules/egress";
import { tagStackRules } from "./rules/tags";

export const resourcePolicies: ResourceValidationPolicy[] = [
  ...databaseRules,
  ...cacheRules,
  ...computeRules,
  ...trafficRules,
  ...backupRules,
  ...auroraResourceRules,
  ...timingResourceRules,
  ...capacityRules,
  ...backupSkipResourceRules,
  ...replicationResourceRules,
  ...storeResourceRules,
];

export const stackPolicies: StackValidationPolicy[] = [
  ...stackRules,
  ...storageRules,
  ...auroraStackRules,
  ...timingStackRules,
  ...backupSkipStackRules,
  ...replicationStackRules,
  ...storeStackRules,
  ...egressStackRules,
  ...tagStackRules,
];

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  ...resourcePolicies,
  ...stackPolicies,
];

/** Rules over both stacks at once (offline only: no single preview sees both). */
export const crossStackPolicies: CrossStackPolicy[] = [...pairRules, ...recoveryPairRules];
