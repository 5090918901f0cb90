/**
 * After a failover the stacks' config still describes the old world. DESIGN decision 9: failover is state, and
 * state is config, so the runbook prints the edits that make the next `pulumi up` agree with reality instead
 * of undoing it. Pure: the same inputs give the same edits, and the edits are absolute values, so printing
 * them twice (or after a failback, which swaps them back) is harmless.
 */
import { DrTier, TIER_PROFILES } from "../../components/tiers/tierProfile";
import { PROJECT } from "../../stacks/topology";

export interface StackSide {
  readonly stack: string;
  readonly region: string;
  /** The database cluster of this region, if the tier runs one there. */
  readonly dbClusterArn?: string;
}

export interface ConfigEdit {
  readonly stack: string;
  readonly file: string;
  readonly set: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
}

export interface ConfigEditPlan {
  readonly edits: ConfigEdit[];
  /** The same edits as `pulumi config` commands, ready to paste. */
  readonly commands: string[];
  /** What config alone cannot say: state moves, topology, deploy order. */
  readonly notes: string[];
}

export interface ConfigEditArgs {
  readonly tier: DrTier;
  /** The region that gave up the primary role. */
  readonly from: StackSide;
  /** The region that now holds it. */
  readonly to: StackSide;
  readonly globalClusterId?: string;
  /** Pulumi organization of the fully-qualified peerStack reference. Defaults to `organization`. */
  readonly org?: string;
}

const key = (k: string) => `${PROJECT}:${k}`;

export function configEdits(args: ConfigEditArgs): ConfigEditPlan {
  const { tier, from, to } = args;
  const org = args.org ?? "organization";
  const profile = TIER_PROFILES[tier];
  const edits: ConfigEdit[] = [
    {
      // The new primary sets the tier (decision 2: only the primary's file does) and references no one.
      stack: to.stack,
      file: `Pulumi.${to.stack}.yaml`,
      set: { [key("role")]: "primary", [key("drTier")]: tier },
      remove: [key("peerStack")],
    },
    {
      stack: from.stack,
      file: `Pulumi.${from.stack}.yaml`,
      set: { [key("role")]: "recovery", [key("peerStack")]: `${org}/${PROJECT}/${to.stack}` },
      remove: [key("drTier")],
    },
  ];
  const commands = edits.flatMap((e) => [
    ...Object.entries(e.set).map(([k, v]) => `pulumi config set ${k} ${v} --stack ${e.stack}`),
    ...e.remove.map((k) => `pulumi config rm ${k} --stack ${e.stack}`),
  ]);

  const notes: string[] = [
    `stacks/topology.ts: make ${to.stack} the primary (no peer) and ${from.stack} the recovery stack with ` +
      `peer ${to.stack}, so the deploy order and the offline plan follow the new roles.`,
  ];
  if (profile.databaseReplication === "aurora-global") {
    notes.push(
      `database: ${to.dbClusterArn ?? to.region} is now the writer of ${args.globalClusterId ?? "the global cluster"}; ` +
        `${from.dbClusterArn ?? from.region} is the global secondary (it rejoins by itself once its region is back). ` +
        `${from.stack} still owns the aws:rds/globalCluster:GlobalCluster and the password secret in its state: ` +
        `move them with \`pulumi state move --source ${from.stack} --dest ${to.stack} <urn>\` so the new primary ` +
        `adopts the global cluster (global-primary) instead of creating one, and ${from.stack}'s cluster becomes ` +
        `its global-secondary; ignoreChanges on globalClusterIdentifier/replicationSourceIdentifier keeps ` +
        `\`pulumi up\` from undoing the promotion.`,
    );
  } else {
    notes.push(
      `database and catalog: the restored Aurora cluster and DynamoDB table in ${to.region} are not in any stack yet: ` +
        `\`pulumi import\` them into ${to.stack} before its \`pulumi up\`, which otherwise creates empty ones.`,
    );
  }
  notes.push(`then deploy in the new order: pulumi up --stack ${to.stack}, then pulumi up --stack ${from.stack}.`);
  return { edits, commands, notes };
}

/** The remaining manual steps of a backup-restore failover: the recovery region is rebuilt by Pulumi. */
export function backupRestoreRemainingSteps(args: ConfigEditArgs & { dbName: string; tableName: string }): string[] {
  const { to, from } = args;
  return [
    `1. apply the config edits below (${to.stack} becomes the primary, with securecart:drTier ${args.tier}).`,
    `2. wait for the restored Aurora cluster ${args.dbName} and DynamoDB table ${args.tableName} in ${to.region};`,
    `   add an instance to the cluster if the restore created none (AWS Backup restores the cluster only).`,
    `3. pulumi import the restored cluster and table into ${to.stack}, then: pulumi up --stack ${to.stack}`,
    `   (network, compute, ALB, cache and the Route 53 record are created from code; the image comes from ECR replication).`,
    `4. re-run this command: it skips restore-backups and resumes at verify-health.`,
    `5. when ${from.region} is back: pulumi up --stack ${from.stack} as the recovery stack (vault and copy rule only).`,
  ];
}
