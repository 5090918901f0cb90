/**
 * Records every resource the program registers under mocks: its URN, parent, dependencies, options and inputs,
 * the view `pulumi preview` and a policy pack get. The stock mocks only pass type, name and inputs to
 * newResource, and build URNs from the last parent type only; the recorder makes the mock monitor answer with the
 * URNs the engine would compute (./engineUrn.ts), so the program, the plan and the policies all see those.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../policy-pack/offline";
import { AliasSpec, aliasUrns, engineUrn, parseUrn } from "./engineUrn";

// Internal modules of @pulumi/pulumi: the monitor wrapped here and the wire format it speaks.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internals, no import form
const settings = require("@pulumi/pulumi/runtime/settings");
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internals, no import form
const rpc = require("@pulumi/pulumi/runtime/rpc");

/**
 * Plain JSON for an input value: secrets become "[secret]" (plans never print them, as the engine masks them),
 * and assets and archives become `{asset|archive: kind, path|text|assets}` so tests can see what is packaged.
 */
async function plain(value: unknown): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map(plain));
  if (!value || typeof value !== "object") return value;
  const obj = value as Record<string, any>;
  if (obj[rpc.specialSigKey] === rpc.specialSecretSig) return "[secret]";
  if (pulumi.Resource.isInstance(value)) return "[resource]";
  if (pulumi.asset.Archive.isInstance(value) || pulumi.asset.Asset.isInstance(value)) {
    const kind = pulumi.asset.Archive.isInstance(value) ? "archive" : "asset";
    const described: Record<string, unknown> = { [kind]: value.constructor.name };
    for (const key of ["path", "uri", "text"])
      if (obj[key] !== undefined) described[key] = await obj[key];
    if (obj.assets !== undefined) described.assets = await plain(await obj.assets);
    return described;
  }
  const entries = await Promise.all(
    Object.entries(obj).map(async ([k, v]) => [k, await plain(v)] as const),
  );
  return Object.fromEntries(entries);
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getObject(): unknown;
  getDependenciesList?(): string[];
  getIgnorechangesList?(): string[];
  getPropertydependenciesMap?(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getProperties?(): unknown;
  getProtect?(): boolean;
  getRetainondelete?(): boolean;
  getDeletebeforereplace?(): boolean;
  getAliasesList?(): WireAlias[];
}

/** `pulumirpc.Alias`: either a URN or a spec whose empty fields default to the resource's own. */
interface WireAlias {
  getUrn(): string;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}

function aliasSpecOf(a: WireAlias): AliasSpec {
  if (a.getUrn()) return { urn: a.getUrn() };
  const s = a.getSpec();
  if (!s) return {};
  return {
    name: s.getName(),
    type: s.getType(),
    stack: s.getStack(),
    project: s.getProject(),
    parentUrn: s.getParenturn() || undefined,
    noParent: s.getNoparent(),
  };
}

export interface Recording {
  /** Fills as the program registers resources. */
  readonly resources: PlannedResource[];
  /** Resolves once every registration seen so far is recorded (inputs are described asynchronously). */
  settled(): Promise<void>;
}

/** Sets mocks and starts recording every resource the program registers. */
export async function setRecordingMocks(
  mocks: pulumi.runtime.Mocks,
  project: string,
  stack: string,
  preview: boolean,
): Promise<Recording> {
  // "organization": the org of every stack in a DIY backend ("Non-legacy DIY backends do support the
  // org/project/stack format, but org must be set to \"organization\"",
  // https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/functions/automation.fullyQualifiedStackName.html),
  // as the stack files' peerStack uses.
  await pulumi.runtime.setMocks(mocks, project, stack, preview, "organization");
  const monitor = settings.getMonitor();
  // The engine's URN rule in place of MockMonitor.newUrn (see ./engineUrn.ts).
  monitor.newUrn = (parent: string, type: string, name: string) =>
    engineUrn(stack, project, parent || undefined, type, name);
  const recorded: PlannedResource[] = [];
  const pending: Promise<unknown>[] = [];
  // URN → the aliases recorded for it, so a child inherits its parent's (a parent registers before its children).
  const aliasesOf = new Map<string, string[]>();

  const wrap = (
    method: "registerResource" | "readResource",
    objectField: "getObject" | "getProperties",
  ) => {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req: RegisterRequest, callback: (err: unknown, res: any) => void) => {
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap?.().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
      });
      const obj = (req as any)[objectField]?.();
      const inputs = obj ? plain(rpc.deserializeProperties(obj, false)) : Promise.resolve({});
      return original(req, (err: unknown, res: any) => {
        if (!err && res) {
          const parent = req.getParent() || null;
          const aliases = aliasUrns((req.getAliasesList?.() ?? []).map(aliasSpecOf), {
            stack,
            project,
            name: req.getName(),
            type: req.getType(),
            parentUrn: parent ?? undefined,
            parentName: parent ? parseUrn(parent).name : undefined,
            parentAliases: parent ? (aliasesOf.get(parent) ?? []) : [],
          });
          aliasesOf.set(res.getUrn(), aliases);
          const entry: Omit<PlannedResource, "inputs"> = {
            urn: res.getUrn(),
            type: req.getType(),
            name: req.getName(),
            parent,
            dependencies: req.getDependenciesList?.() ?? [],
            propertyDependencies,
            provider: req.getProvider() || undefined,
            ignoreChanges: req.getIgnorechangesList?.() ?? [],
            protect: req.getProtect?.() ?? false,
            retainOnDelete: req.getRetainondelete?.() ?? false,
            deleteBeforeReplace: req.getDeletebeforereplace?.() ?? false,
            aliases,
            // `StackReference` and `Resource.get` register through readResource: preview shows them as reads.
            ...(method === "readResource" ? { read: true } : {}),
          };
          // Keep registration order: reserve the slot now, fill in the inputs when they are described.
          const slot = recorded.push({ ...entry, inputs: {} }) - 1;
          pending.push(
            inputs.then((i) => (recorded[slot] = { ...entry, inputs: i as Record<string, any> })),
          );
        }
        callback(err, res);
      });
    };
  };
  wrap("registerResource", "getObject");
  wrap("readResource", "getProperties");
  return {
    resources: recorded,
    settled: async () => {
      await Promise.all(pending);
    },
  };
}
