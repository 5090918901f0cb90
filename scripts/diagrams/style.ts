/**
 * Colours (the font stack is in ./textWidth.ts). The SVG has an opaque white background and every colour is explicit, so it reads the same
 * under GitHub's light and dark themes (a transparent SVG would put dark text on a dark page). Fills are light,
 * strokes and text mid-to-dark, all from GitHub's Primer palette.
 */
import type { DiagramEdge, NodeKind } from "./types";

export const TEXT = "#1f2328";
export const MUTED = "#57606a";
export const BACKGROUND = "#ffffff";

export const REGION_STYLE = {
  primary: { fill: "#ddf4ff", border: "#0969da" },
  recovery: { fill: "#fff1e5", border: "#bc4c00" },
  extra: { fill: "#f6f8fa", border: "#8c959f" },
  global: { fill: "#f6f8fa", border: "#6e7781" },
} as const;

/** Border colour by what a block does: entry, compute, data, storage/backup, global. */
export const NODE_BORDER: Readonly<Record<NodeKind, string>> = {
  alb: "#8250df",
  nlb: "#8250df",
  ecs: "#1a7f37",
  asg: "#1a7f37",
  lambda: "#1a7f37",
  aurora: "#0550ae",
  rds: "#0550ae",
  dynamodb: "#0550ae",
  cache: "#0550ae",
  s3: "#9a6700",
  ecr: "#9a6700",
  vault: "#9a6700",
  tgw: "#57606a",
  record: "#24292f",
  "health-check": "#24292f",
  accelerator: "#24292f",
  "endpoint-group": "#24292f",
  "region-switch": "#24292f",
  "resilience-hub": "#24292f",
};

/** The front door's arrows into the regions it sends shoppers to. */
export const TRAFFIC = "#24292f";

export const IDLE = { fill: "#eaeef2", border: "#8c959f", text: "#57606a" } as const;

export interface EdgeStyle {
  readonly color: string;
  readonly style: "solid" | "dashed" | "dotted" | "bold";
  readonly penwidth: number;
  /** Legend text for the kind. */
  readonly key: string;
}

export const EDGE_STYLE: Readonly<Record<DiagramEdge["kind"], EdgeStyle>> = {
  "aurora-global": {
    color: "#0550ae",
    style: "solid",
    penwidth: 2.2,
    key: "Aurora global database (async)",
  },
  "db-replica": {
    color: "#0550ae",
    style: "dashed",
    penwidth: 2,
    key: "database read replica (async)",
  },
  "dynamodb-global": {
    color: "#8250df",
    style: "solid",
    penwidth: 2.2,
    key: "DynamoDB global table (multi-active)",
  },
  "s3-replication": {
    color: "#1a7f37",
    style: "solid",
    penwidth: 2,
    key: "S3 replication (async)",
  },
  "ecr-replication": {
    color: "#bc4c00",
    style: "solid",
    penwidth: 2,
    key: "ECR image replication",
  },
  "backup-copy": {
    color: "#9a6700",
    style: "dashed",
    penwidth: 2,
    key: "AWS Backup cross-region copy (scheduled)",
  },
  "dns-alias": { color: "#24292f", style: "solid", penwidth: 1.2, key: "DNS alias" },
  "health-check": { color: "#6e7781", style: "dotted", penwidth: 1.2, key: "health check" },
  accelerator: {
    color: "#24292f",
    style: "solid",
    penwidth: 1.4,
    key: "Global Accelerator traffic",
  },
  "tgw-peering": { color: "#57606a", style: "bold", penwidth: 2, key: "Transit Gateway peering" },
};
