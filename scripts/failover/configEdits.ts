/**
 * What the stacks need after a failover (DESIGN.md decision 9). Where the recovery region already runs the
 * platform (pilot light up), nothing: every property the runbook changes is in `ignoreChanges`, the stacks keep
 * describing the deployed topology, and which region writes is run-time state, so `pulumi up` is a no-op on
 * both stacks. Backup-restore is the exception: its failover *is* a rebuild, which Pulumi does, so it needs the
 * recovery stack to become the primary. Pure: the same inputs give the same plan.
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
  if (TIER_PROFILES[tier].recovery.serves) {
    return {
      edits: [],
      commands: [],
      notes: [
        `none: \`pulumi up\` is a no-op on ${to.stack} and ${from.stack}. The stacks still describe what is deployed; ` +
          `that ${to.region} writes is run-time state, and every property the runbook changed is in ignoreChanges.`,
        `to make ${to.region} the primary for good (${from.region} is gone), follow the re-home procedure in ` +
          `scripts/failover/README.md, as a planned change, not during the incident.`,
      ],
    };
  }
  return rebuildEdits(args);
}

/** Backup-restore: the recovery stack becomes the primary, so Pulumi builds the region around the restored data. */
function rebuildEdits(args: ConfigEditArgs): ConfigEditPlan {
  const { tier, from, to } = args;
  const org = args.org ?? "organization";
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
  const notes = [
    `stacks/topology.ts: make ${to.stack} the primary (no peer) and ${from.stack} the recovery stack with ` +
      `peer ${to.stack}, so the deploy order and the offline plan follow the new roles.`,
    `database and catalog: the restored Aurora cluster and DynamoDB table in ${to.region} are not in any stack yet: ` +
      `\`pulumi import\` them into ${to.stack} before its \`pulumi up\`, which otherwise creates empty ones.`,
    `then deploy in the new order: pulumi up --stack ${to.stack}, then pulumi up --stack ${from.stack}.`,
  ];
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
