/**
 * What the stacks need after a failover (DESIGN.md decision 9). Where the recovery region already runs the
 * platform (pilot light up), nothing: every property the runbook changes is in `ignoreChanges`, the stacks keep
 * describing the deployed topology, and which region writes is run-time state, so `pulumi up` is a no-op on
 * both stacks. Backup-restore is the exception: its failover *is* a rebuild, which Pulumi does, from one config
 * value on the recovery stack. Pure: the same inputs give the same plan.
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
  /** Backup-restore: the Aurora recovery point the rebuild restores (restore-backups finds it). */
  readonly rebuildSnapshotArn?: string;
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

/**
 * Backup-restore: the recovery stack rebuilds its region around the restored data (DESIGN.md decision 15). It
 * stays the recovery stack, so the topology, the deploy order and the primary's stack are untouched: one config
 * value on the recovery stack, and its `pulumi up`. Nothing to import: the stack creates the database from the
 * recovery point, and reads the restored catalog by its name.
 */
function rebuildEdits(args: ConfigEditArgs): ConfigEditPlan {
  const { to, from } = args;
  const snapshot = args.rebuildSnapshotArn ?? "<the Aurora recovery point restore-backups printed>";
  const edits: ConfigEdit[] = [
    {
      stack: to.stack,
      file: `Pulumi.${to.stack}.yaml`,
      set: { [key("rebuildFromSnapshot")]: snapshot },
      remove: [],
    },
  ];
  return {
    edits,
    commands: [`pulumi config set ${key("rebuildFromSnapshot")} ${snapshot} --stack ${to.stack}`],
    notes: [
      `then: pulumi up --stack ${to.stack}. It creates the network, the orders database from that recovery point, the cache and ` +
        `the compute, and puts the new ALB behind the standby accelerator; the IAM roles, certificate and Route 53 records it uses ` +
        `were made ahead of time, so it calls no us-east-1 control plane and leaves ${from.stack} alone.`,
      `keep the value set: a later \`pulumi up\` of ${to.stack} is then a no-op (the restore is the cluster's birth; a newer ` +
        `recovery point in config does not replace it), and ${from.stack} is not deployed until ${from.region} is back.`,
      `then re-run this command: it resumes at check-target-health and flips the routing switch to ${to.region}.`,
      `to make ${to.region} the primary for good, follow the re-home procedure in scripts/failover/README.md, as a planned change.`,
    ],
  };
}
