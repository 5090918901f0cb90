/**
 * Test helpers: run a snippet of Pulumi code under the project's AWS mocks and inspect what it registered.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../policy-pack/offline";
import { runUnderMocks, MockRunOptions } from "../../scripts/plan/runUnderMocks";

export type { PlannedResource };

/** Runs `build` under mocks (as a stack in `region`) and returns every resource it registered. */
export async function record(
  build: () => unknown,
  options: MockRunOptions = {},
): Promise<PlannedResource[]> {
  const { resources } = await runUnderMocks(build, options);
  return resources;
}

/** The value of an Output, awaited (never a `done` callback). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) =>
    output.apply((v) => {
      resolve(v);
      return v;
    }),
  );
}

/** Resources of one type token, e.g. `aws:ec2/subnet:Subnet`. */
export function ofType(resources: PlannedResource[], type: string): PlannedResource[] {
  return resources.filter((r) => r.type === type);
}

/** The single resource of a type (fails the test when there are none or several). */
export function onlyOf(resources: PlannedResource[], type: string): PlannedResource {
  const found = ofType(resources, type);
  if (found.length !== 1)
    throw new Error(
      `expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`,
    );
  return found[0];
}

/** `{type: count}` of the custom resources, for asserting a component's exact children. */
export function countByType(resources: PlannedResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

/** The region a resource's provider targets ("" for the default provider). */
export function providerRegion(
  resources: PlannedResource[],
  r: PlannedResource,
): string | undefined {
  if (!r.provider) return undefined;
  const urn = r.provider.split("::").slice(0, -1).join("::");
  return resources.find((p) => p.urn === urn)?.inputs.region;
}

/**
 * The physical name the mock gives a resource whose name is not set, as Pulumi's auto-naming does: the logical
 * name, a hyphen and seven random characters (scripts/plan/mockAws.ts, autoName).
 */
export function autoNamed(prefix: string, logicalName: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escape(prefix)}${escape(logicalName)}-[0-9a-f]{7}$`);
}
