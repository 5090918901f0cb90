/**
 * Runs a Pulumi program function under mocks, in this process, and returns what it registered and exported.
 * Used by the offline plan and by the tests, so both see the same resources.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../policy-pack/offline";
import { MockAws, PlannedInvoke } from "./mockAws";
import { setRecordingMocks } from "./recorder";
import { PROJECT } from "../../stacks/topology";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internals, no import form
const settings = require("@pulumi/pulumi/runtime/settings");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internals, no import form
const stackModule = require("@pulumi/pulumi/runtime/stack");

export interface MockRunOptions {
  readonly stack?: string;
  readonly region?: string;
  /** Full config, `namespace:key` → string, as the CLI would pass it. */
  readonly config?: Record<string, string>;
  /** Outputs of the stacks this one references, by stack name. */
  readonly stackOutputs?: Record<string, Record<string, unknown>>;
  /** Run as a preview (`pulumi preview`) rather than an update. Defaults to `true`. */
  readonly preview?: boolean;
}

export interface MockRunResult {
  /** Every registered resource except the root Stack, whose children get a null parent. */
  readonly resources: PlannedResource[];
  readonly outputs: Record<string, unknown>;
  /** Every data-source call the program made, with its region. */
  readonly invokes: readonly PlannedInvoke[];
}

// Runs are serialised: the Pulumi runtime keeps its state in one global store.
let queue: Promise<unknown> = Promise.resolve();

export function runUnderMocks(
  program: () => unknown,
  options: MockRunOptions = {},
): Promise<MockRunResult> {
  const run = queue.then(() => runOnce(program, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(program: () => unknown, options: MockRunOptions): Promise<MockRunResult> {
  const stack = options.stack ?? "test";
  const region = options.region ?? options.config?.["aws:region"] ?? "us-east-1";
  pulumi.runtime.setAllConfig({ "aws:region": region, ...(options.config ?? {}) });
  const mocks = new MockAws(region, options.stackOutputs ?? {});
  const recording = await setRecordingMocks(mocks, PROJECT, stack, options.preview ?? true);

  // The program's own error is caught here and rethrown once the runtime has settled: left inside the root
  // Stack resource it would also surface as an unhandled rejection and kill the process.
  let failure: { error: unknown } | undefined;
  let outputs: Record<string, unknown>;
  try {
    outputs =
      (await stackModule.runInPulumiStack(async () => {
        try {
          return (await program()) ?? {};
        } catch (error) {
          failure = { error };
          return {};
        }
      })) ?? {};
  } finally {
    await settings.waitForRPCs();
    await recording.settled();
  }
  if (failure) throw failure.error;
  const recorded = recording.resources;
  const root = recorded.find((r) => r.type === "pulumi:pulumi:Stack");
  const resources = recorded
    .filter((r) => r !== root)
    .map((r) => (root && r.parent === root.urn ? { ...r, parent: null } : r));
  return { resources, outputs: unwrap(outputs) as Record<string, unknown>, invokes: mocks.invokes };
}

/** Stack outputs as the engine stores them: resources become URNs, secrets stay masked. */
function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (pulumi.Resource.isInstance(value)) return "[resource]";
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)]));
  return value;
}
