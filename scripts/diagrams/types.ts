/**
 * The small typed diagram model between a plan and DOT. Tests assert on this, not on DOT or SVG text, so the
 * drawing can change without rewriting them.
 */
import type { Role } from "./located";

export type RegionalKind =
  | "alb"
  | "nlb"
  | "ecs"
  | "asg"
  | "lambda"
  | "aurora"
  | "rds"
  | "dynamodb"
  | "cache"
  | "s3"
  | "ecr"
  | "vault"
  | "tgw";

export type GlobalKind =
  "record" | "health-check" | "accelerator" | "endpoint-group" | "region-switch" | "resilience-hub";

export type NodeKind = RegionalKind | GlobalKind;

export interface DiagramNode {
  /** DOT id, stable for the same plan. */
  readonly id: string;
  readonly kind: NodeKind;
  /** Bold first line, e.g. `Aurora PostgreSQL 16.4`. */
  readonly label: string;
  /** Smaller lines under it, e.g. `global secondary`, `2 × db.r6g.large`. */
  readonly details: string[];
  /** One line for the overview, e.g. `ECS tasks 0/0/6`. */
  readonly summary: string;
  /** Defined but running nothing (zero desired capacity, a 0% dial, a headless DB): drawn dashed and grey. */
  readonly idle: boolean;
  /** Where it lives: a region, or `global` for the pieces drawn above the regions. */
  readonly region: string;
  readonly stack: string;
  readonly urn: string;
}

export interface AzBox {
  readonly id: string;
  readonly name: string;
  readonly subnets: number;
  readonly natGateways: number;
  /** e.g. `Aurora db.r6g.large`. */
  readonly dbInstances: string[];
}

export interface RegionBox {
  readonly id: string;
  readonly region: string;
  /** The role of the stack whose home region this is (`extra` for any other region holding building blocks). */
  readonly role: Role | "extra";
  /**
   * What the region does under the tier, as drawn: `primary`, `standby`, `recovery` (backups only), or `active`
   * for both regions of a tier whose recovery region serves traffic all the time.
   */
  readonly label: string;
  readonly stack: string;
  readonly nodes: DiagramNode[];
  readonly azs: AzBox[];
  /** Why a region looks empty, e.g. the backup-restore recovery region. */
  readonly note?: string;
}

export type ReplicationKind =
  | "aurora-global"
  | "db-replica"
  | "dynamodb-global"
  | "s3-replication"
  | "ecr-replication"
  | "backup-copy";

export type LinkKind = "dns-alias" | "health-check" | "accelerator" | "tgw-peering";

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: ReplicationKind | LinkKind;
  /** True for data replication (the edges the tier's RPO depends on). */
  readonly replication: boolean;
  /** `async`, `global` (multi-writer), `copy` (on a schedule), or `link` for traffic and peering. */
  readonly mode: "async" | "global" | "copy" | "link";
  readonly label: string;
  readonly bidirectional: boolean;
}

export interface RegionCost {
  readonly region: string;
  readonly role: Role;
  readonly monthlyUsd: number | null;
}

export interface Legend {
  readonly tier: string;
  readonly rpoMinutes: number | null;
  readonly rtoMinutes: number | null;
  readonly costs: RegionCost[];
  /** Recovery cost as a share of the primary's (computed when both costs are known). */
  readonly recoveryShare: number | null;
  /** The tier's target share, when the contract carries it. */
  readonly targetShare: number | null;
}

export interface DiagramModel {
  readonly tier: string;
  readonly regions: RegionBox[];
  readonly global: DiagramNode[];
  readonly edges: DiagramEdge[];
  readonly legend: Legend;
}
