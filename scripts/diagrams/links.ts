/**
 * Edges, read from the resources that create them: replication (Aurora global cluster, DynamoDB TableReplica,
 * S3 replication config, ECR replication config, backup plan copy actions) and the traffic links (alias
 * records, health checks, accelerator endpoint groups, TGW peering).
 *
 * Cross-stack references arrive through a StackReference, so their propertyDependencies name it rather than
 * the resource; those edges are matched on ARNs and names in the inputs instead.
 */
import { elbRegion, isTrafficRecord } from "./globals";
import { arnName, arnRegion, Located, num, str } from "./located";
import type { NodeIndex } from "./nodeIndex";
import { clusterRole, globalIdOf, Context, describeSchedule, tableMatches, TYPES } from "./nodes";
import type { DiagramEdge, DiagramNode } from "./types";

const ofType = (all: Located[], type: string) => all.filter((l) => l.r.type === type);

function nodeOf(index: NodeIndex, l: Located | undefined): DiagramNode | undefined {
  return l ? index.byUrn.get(l.r.urn) : undefined;
}

/** The node of the first resource named in propertyDependencies[key] that has one. */
function depNode(
  index: NodeIndex,
  l: Located,
  key: string,
  kinds: string[],
): DiagramNode | undefined {
  return (l.r.propertyDependencies[key] ?? [])
    .map((u) => index.byUrn.get(u))
    .find((n): n is DiagramNode => Boolean(n && kinds.includes(n.kind)));
}

function regionNode(
  index: NodeIndex,
  region: string | undefined,
  kind: string,
): DiagramNode | undefined {
  return index.all.find((n) => n.region === region && n.kind === kind);
}

function aurora(all: Located[], index: NodeIndex): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  const clusters = ofType(all, TYPES.cluster);
  for (const member of clusters.filter((c) => clusterRole(c, all) === "global-secondary")) {
    const gid = globalIdOf(member, all);
    const writer = clusters.find(
      (c) => globalIdOf(c, all) === gid && clusterRole(c, all) === "global-primary",
    );
    const [from, to] = [nodeOf(index, writer), nodeOf(index, member)];
    if (!from || !to) continue;
    const forwarding = member.r.inputs.enableGlobalWriteForwarding ? " + write forwarding" : "";
    edges.push({
      from: from.id,
      to: to.id,
      kind: "aurora-global",
      replication: true,
      mode: "async",
      label: `Aurora global DB · async${forwarding}`,
      bidirectional: false,
    });
  }
  const replicas = [
    ...clusters.map((c) => ({
      l: c,
      source: c.r.inputs.replicationSourceIdentifier,
      kind: "aurora",
    })),
    ...ofType(all, TYPES.dbInstance).map((d) => ({
      l: d,
      source: d.r.inputs.replicateSourceDb,
      kind: "rds",
    })),
  ].filter((x) => str(x.source));
  for (const { l, source, kind } of replicas) {
    const from = regionNode(index, arnRegion(source) ?? l.region, kind);
    const to = nodeOf(index, l);
    if (from && to && from !== to) {
      edges.push({
        from: from.id,
        to: to.id,
        kind: "db-replica",
        replication: true,
        mode: "async",
        label: "read replica · async",
        bidirectional: false,
      });
    }
  }
  return edges;
}

function dynamodb(all: Located[], index: NodeIndex): DiagramEdge[] {
  const tables = ofType(all, TYPES.table);
  return ofType(all, TYPES.tableReplica).flatMap((replica) => {
    const from = nodeOf(
      index,
      tables.find((t) => tableMatches(replica.r.inputs.globalTableArn, t)),
    );
    const to = nodeOf(index, replica);
    if (!from || !to) return [];
    // Global tables are multi-active: writes in either region replicate to the other.
    return [
      {
        from: from.id,
        to: to.id,
        kind: "dynamodb-global",
        replication: true,
        mode: "global",
        label: "DynamoDB global table · multi-active",
        bidirectional: true,
      } as DiagramEdge,
    ];
  });
}

function s3(all: Located[], index: NodeIndex): DiagramEdge[] {
  const buckets = [...ofType(all, TYPES.bucket), ...ofType(all, TYPES.bucketV2)];
  const byName = (name: unknown) =>
    nodeOf(
      index,
      buckets.find((b) => b.r.inputs.bucket === name),
    );
  return ofType(all, TYPES.bucketReplication).flatMap((cfg) => {
    const from = byName(cfg.r.inputs.bucket);
    const rules: any[] = Array.isArray(cfg.r.inputs.rules) ? cfg.r.inputs.rules : [];
    return rules.flatMap((rule) => {
      const to = byName(str(rule?.destination?.bucket)?.replace(/^arn:aws[a-z-]*:s3:::/, ""));
      if (!from || !to) return [];
      const rtc = rule.destination?.replicationTime;
      const mode = rtc?.status === "Enabled" ? `RTC ${num(rtc.time?.minutes) ?? 15} min` : "async";
      return [
        {
          from: from.id,
          to: to.id,
          kind: "s3-replication",
          replication: true,
          mode: "async",
          label: `S3 replication · ${mode}`,
          bidirectional: false,
        } as DiagramEdge,
      ];
    });
  });
}

function ecr(all: Located[], index: NodeIndex): DiagramEdge[] {
  const repos = ofType(all, TYPES.ecrRepo);
  const edges: DiagramEdge[] = [];
  for (const cfg of ofType(all, TYPES.ecrReplication)) {
    const rules: any[] = cfg.r.inputs.replicationConfiguration?.rules ?? [];
    for (const rule of rules) {
      const prefixes: string[] = (rule.repositoryFilters ?? []).map(
        (f: { filter?: string }) => f.filter ?? "",
      );
      const matches = (l: Located) => {
        const name = str(l.r.inputs.name) ?? "";
        return prefixes.length === 0 || prefixes.some((p) => name.startsWith(p));
      };
      const source = repos.find((r) => r.region === cfg.region && matches(r));
      const from = nodeOf(index, source);
      if (!from) continue;
      for (const dest of rule.destinations ?? []) {
        const region = str(dest.region);
        if (!region) continue;
        // Replication creates the destination repository itself when no stack declares it.
        const to =
          nodeOf(
            index,
            repos.find((r) => r.region === region && matches(r)),
          ) ??
          index.synthetic(
            `implied:ecr:${region}`,
            {
              kind: "ecr",
              label: "ECR repository",
              details: ["created by replication"],
              summary: "ECR",
              idle: false,
            },
            region,
            cfg.stack.stack,
          );
        edges.push({
          from: from.id,
          to: to.id,
          kind: "ecr-replication",
          replication: true,
          mode: "async",
          label: "ECR replication · on push",
          bidirectional: false,
        });
      }
    }
  }
  return edges;
}

function backupCopies(all: Located[], index: NodeIndex): DiagramEdge[] {
  const vaults = ofType(all, TYPES.vault);
  const vaultIn = (region: string | undefined, name: string | undefined) =>
    nodeOf(
      index,
      vaults.find((v) => v.region === region && v.r.name === name) ??
        vaults.find((v) => v.region === region),
    );
  // One edge per direction, however many plans and rules copy that way.
  const byPair = new Map<string, { from: string; to: string; schedules: Set<string> }>();
  for (const plan of ofType(all, TYPES.backupPlan)) {
    for (const rule of Array.isArray(plan.r.inputs.rules) ? plan.r.inputs.rules : []) {
      for (const copy of rule?.copyActions ?? []) {
        const from = vaultIn(plan.region, str(rule.targetVaultName));
        const to = vaultIn(arnRegion(copy.destinationVaultArn), arnName(copy.destinationVaultArn));
        if (!from || !to || from === to) continue;
        const key = `${from.id}->${to.id}`;
        const entry = byPair.get(key) ?? { from: from.id, to: to.id, schedules: new Set<string>() };
        entry.schedules.add(describeSchedule(rule.schedule));
        byPair.set(key, entry);
      }
    }
  }
  return [...byPair.keys()].sort().map((k) => {
    const e = byPair.get(k)!;
    return {
      from: e.from,
      to: e.to,
      kind: "backup-copy",
      replication: true,
      mode: "copy",
      label: `backup copy · ${[...e.schedules].sort().join(", ")}`,
      bidirectional: false,
    } as DiagramEdge;
  });
}

export function replicationEdges(all: Located[], _ctx: Context, index: NodeIndex): DiagramEdge[] {
  return [
    ...aurora(all, index),
    ...dynamodb(all, index),
    ...s3(all, index),
    ...ecr(all, index),
    ...backupCopies(all, index),
  ];
}

const link = (
  from: DiagramNode,
  to: DiagramNode,
  kind: DiagramEdge["kind"],
  label: string,
  bidirectional = false,
): DiagramEdge => ({
  from: from.id,
  to: to.id,
  kind,
  replication: false,
  mode: "link",
  label,
  bidirectional,
});

export function linkEdges(all: Located[], index: NodeIndex): DiagramEdge[] {
  const edges: DiagramEdge[] = [];
  for (const rec of ofType(all, TYPES.record).filter(isTrafficRecord)) {
    const from = nodeOf(index, rec);
    if (!from) continue;
    const alias = str(rec.r.inputs.aliases?.[0]?.name) ?? "";
    const to =
      depNode(index, rec, "aliases", ["alb", "accelerator"]) ??
      (alias.includes("awsglobalaccelerator.com")
        ? index.all.find((n) => n.kind === "accelerator")
        : regionNode(index, elbRegion(alias), "alb"));
    if (to) edges.push(link(from, to, "dns-alias", "alias"));
    const hc = depNode(index, rec, "healthCheckId", ["health-check"]);
    if (hc) edges.push(link(from, hc, "health-check", ""));
  }
  for (const hc of ofType(all, TYPES.healthCheck)) {
    const from = nodeOf(index, hc);
    const to =
      depNode(index, hc, "fqdn", ["alb"]) ?? regionNode(index, elbRegion(hc.r.inputs.fqdn), "alb");
    if (from && to)
      edges.push(link(from, to, "health-check", `probes ${str(hc.r.inputs.resourcePath) ?? "/"}`));
  }
  const accelerator = index.all.find((n) => n.kind === "accelerator");
  for (const group of ofType(all, TYPES.endpointGroup)) {
    const node = nodeOf(index, group);
    if (!node) continue;
    if (accelerator) edges.push(link(accelerator, node, "accelerator", ""));
    const endpoint = str(group.r.inputs.endpointConfigurations?.[0]?.endpointId);
    const alb =
      depNode(index, group, "endpointConfigurations", ["alb", "nlb"]) ??
      regionNode(index, arnRegion(endpoint) ?? str(group.r.inputs.endpointGroupRegion), "alb");
    if (alb)
      edges.push(
        link(node, alb, "accelerator", `dial ${num(group.r.inputs.trafficDialPercentage) ?? 100}%`),
      );
  }
  for (const peering of ofType(all, TYPES.peering)) {
    const a = regionNode(index, peering.region, "tgw");
    const b = regionNode(index, str(peering.r.inputs.peerRegion), "tgw");
    if (a && b) edges.push(link(b, a, "tgw-peering", "TGW peering", true));
  }
  return edges;
}
