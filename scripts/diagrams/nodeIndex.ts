import { Located, shortName } from "./located";
import { NodeDraft } from "./nodes";
import type { DiagramNode } from "./types";

export const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "");

/** Nodes by URN, with unique DOT ids; edges look their endpoints up here. */
export class NodeIndex {
  readonly byUrn = new Map<string, DiagramNode>();
  private readonly ids = new Set<string>();

  add(l: Located, draft: NodeDraft, region: string): DiagramNode {
    const existing = this.byUrn.get(l.r.urn);
    if (existing) return existing;
    // Global pieces come from both stacks under the same names (each stack's `dns-a` record): keep the stack.
    const owner = region === "global" ? `${slug(l.stack.stack)}__` : "";
    const base = `${slug(region)}__${slug(draft.kind)}__${owner}${slug(shortName(l.r.name))}`;
    let id = base;
    for (let n = 2; this.ids.has(id); n++) id = `${base}_${n}`;
    this.ids.add(id);
    const node: DiagramNode = { id, ...draft, region, stack: l.stack.stack, urn: l.r.urn };
    this.byUrn.set(l.r.urn, node);
    return node;
  }

  /** A node for something the plan implies but does not declare (an ECR repository created by replication). */
  synthetic(key: string, draft: NodeDraft, region: string, stack: string): DiagramNode {
    const existing = this.byUrn.get(key);
    if (existing) return existing;
    const id = `${slug(region)}__${slug(draft.kind)}__implied`;
    this.ids.add(id);
    const node: DiagramNode = { id, ...draft, region, stack, urn: key };
    this.byUrn.set(key, node);
    return node;
  }

  get all(): DiagramNode[] {
    return [...this.byUrn.values()];
  }
}
