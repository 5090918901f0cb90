/**
 * The runbook's `scale-database` step: before traffic arrives, raise the target cluster's Aurora Serverless v2
 * floor from the standby's idle minimum to the tier's `failoverMinAcu` (components/tiers/tierProfile.ts,
 * DatabaseCapacity). Serverless v2 scales by itself, but from a low current capacity it scales in small steps
 * ("How Aurora Serverless v2 works", scaling:
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html), so a
 * writer promoted at 0.5 ACU would meet the primary's full load starved of memory and CPU.
 * - ModifyDBCluster's ServerlessV2ScalingConfiguration changes the range without a reboot, and the instances
 *   scale into it ("Performance and scaling for Aurora Serverless v2", changing the capacity range:
 *   https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.setting-capacity.html).
 * - Only the target region is called, and only where its cluster is Serverless v2: a failback to a provisioned
 *   primary has nothing to raise. The raised floor is in the plan's ignoreChanges (mutations.ts).
 */
import {
  DBCluster,
  DescribeDBClustersCommand,
  ModifyDBClusterCommand,
  RDSClient,
} from "@aws-sdk/client-rds";
import type { DatabaseCapacity } from "../../components/tiers/tierProfile";
import { arnName } from "./inputs";
import type { StepContext } from "./driver";

export interface ScaleDatabaseState {
  /** The cluster's range now; undefined when it is provisioned. */
  readonly range?: { readonly min: number; readonly max: number };
  /** The floor the step wants, or undefined when there is nothing to scale. */
  readonly want?: number;
  readonly done: boolean;
  readonly status: string;
}

/** The floor a failover into `capacity` wants: only a serverless tier has one. */
export function failoverFloor(capacity: DatabaseCapacity): number | undefined {
  return capacity.kind === "serverless-v2" ? capacity.failoverMinAcu : undefined;
}

async function describe(rds: RDSClient, clusterArn: string, ctx: StepContext): Promise<DBCluster> {
  const r = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterArn }), {
    abortSignal: ctx.signal,
  });
  const c = r.DBClusters?.[0];
  if (!c) throw new Error(`DB cluster ${clusterArn} not found in ${ctx.to}`);
  return c;
}

/** Reads the cluster: done when it is provisioned, or available with a floor at or above the wanted one. */
export async function scaleDatabaseState(
  rds: RDSClient,
  clusterArn: string,
  capacity: DatabaseCapacity,
  ctx: StepContext,
): Promise<ScaleDatabaseState> {
  const c = await describe(rds, clusterArn, ctx);
  const s = c.ServerlessV2ScalingConfiguration;
  const floor = failoverFloor(capacity);
  if (s?.MinCapacity === undefined || floor === undefined) {
    return { done: true, status: `${arnName(clusterArn)} is provisioned: nothing to scale` };
  }
  const range = { min: s.MinCapacity, max: s.MaxCapacity ?? s.MinCapacity };
  const done = range.min >= floor && c.Status === "available";
  return {
    range,
    want: floor,
    done,
    status: `${arnName(clusterArn)} ${c.Status}, ${range.min}–${range.max} ACUs (floor wanted ${floor})`,
  };
}

/** Raises the floor (never lowers it, never lowers the ceiling), then the caller waits for `available`. */
export async function raiseFloor(
  rds: RDSClient,
  clusterArn: string,
  state: ScaleDatabaseState,
  ctx: StepContext,
): Promise<void> {
  if (!state.range || state.want === undefined || state.range.min >= state.want) return;
  const MaxCapacity = Math.max(state.range.max, state.want);
  await rds.send(
    new ModifyDBClusterCommand({
      DBClusterIdentifier: arnName(clusterArn),
      ServerlessV2ScalingConfiguration: { MinCapacity: state.want, MaxCapacity },
      ApplyImmediately: true,
    }),
    { abortSignal: ctx.signal },
  );
  ctx.log(
    `  ${arnName(clusterArn)}: Serverless v2 floor ${state.range.min} → ${state.want} ACUs (max ${MaxCapacity})`,
  );
}
