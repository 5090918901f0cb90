// Builds ResourceValidationArgs / StackValidationArgs the way @pulumi/policy's analyzer server does
// (server.js: makeAnalyzeRpcFun / makeAnalyzeStackRpcFun), for the offline runner and the tests.
import {
  PolicyConfigSchema,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  StackValidationArgs,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { schemaDefaults } from "./rules/common";

/** Thrown by `notApplicable()`; the runner catches it, as the engine catches its NotApplicableError. */
export class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicable(reason);
}

/** Same matching as the engine's isTypeOf: the class's __pulumiType, else its isInstance. */
export function isTypeOf(type: string, resourceClass: any): boolean {
  const t = resourceClass?.__pulumiType;
  const pulumiType = typeof t === "string" && t.length > 0 ? t : undefined;
  if (pulumiType) {
    return type === pulumiType;
  }
  const isInstance = resourceClass?.isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

export function defaultOpts(parent?: string | null): PolicyResourceOptions {
  const opts: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
  if (parent) {
    opts.parent = parent;
  }
  return opts;
}

export function freezeMap(map: Map<string, string>): ReadonlyMap<string, string> {
  return Object.freeze({
    entries: map.entries.bind(map),
    forEach: map.forEach.bind(map),
    get: map.get.bind(map),
    has: map.has.bind(map),
    keys: map.keys.bind(map),
    size: map.size,
    values: map.values.bind(map),
    [Symbol.iterator]: map[Symbol.iterator].bind(map),
  }) as ReadonlyMap<string, string>;
}

/** getConfig(): the configSchema defaults, then the stack context keys the schema declares, then overrides. */
export function makeGetConfig(
  schema: PolicyConfigSchema | undefined,
  context: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
): <T extends object>() => T {
  const declared = schema?.properties ?? {};
  const merged: Record<string, unknown> = { ...schemaDefaults(schema) };
  for (const [k, v] of Object.entries(context)) {
    if (k in declared && v !== undefined) {
      merged[k] = v;
    }
  }
  Object.assign(merged, overrides);
  return <T extends object>() => ({ ...merged }) as T;
}

export interface ResourceArgsInput {
  type: string;
  props: Record<string, any>;
  urn?: string;
  name?: string;
  parent?: string | null;
  provider?: PolicyProviderResource;
  schema?: PolicyConfigSchema;
  context?: Record<string, unknown>;
  config?: Record<string, unknown>;
  stackTags?: Map<string, string>;
}

export function urnOf(type: string, name: string, stack = "test", project = "securecart"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export function makeResourceArgs(input: ResourceArgsInput): ResourceValidationArgs {
  const name = input.name ?? "res";
  const type = input.type;
  const props = unknownCheckingProxy(input.props);
  const args: ResourceValidationArgs = {
    type,
    props,
    urn: input.urn ?? urnOf(type, name),
    name,
    opts: defaultOpts(input.parent),
    stackTags: freezeMap(input.stackTags ?? new Map()),
    isType: (resourceClass) => isTypeOf(type, resourceClass),
    asType: ((resourceClass: any) =>
      isTypeOf(type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
    getConfig: makeGetConfig(input.schema, input.context, input.config),
    notApplicable: throwNotApplicable,
  };
  if (input.provider) {
    args.provider = input.provider;
  }
  return args;
}

/** A resource as a plan records it (inputs and URN references), before it is linked into PolicyResources. */
export interface RawResource {
  urn: string;
  type: string;
  name: string;
  parent?: string | null;
  inputs: Record<string, any>;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  provider?: string;
}

/** The provider as the engine passes it: its type, props (inputs), URN and name. */
function providerOf(
  ref: string | undefined,
  byUrn: Map<string, RawResource>,
): PolicyProviderResource | undefined {
  if (!ref) {
    return undefined;
  }
  // A provider reference is "<urn>::<id>"; accept a bare URN too.
  const urn = byUrn.has(ref) ? ref : ref.replace(/::[^:]*$/, "");
  const p = byUrn.get(urn);
  if (!p) {
    return undefined;
  }
  return { type: p.type, props: unknownCheckingProxy(p.inputs ?? {}), urn: p.urn, name: p.name };
}

/** Links raw resources into PolicyResources: parent, dependencies and propertyDependencies as objects. */
export function toPolicyResources(raw: readonly RawResource[]): PolicyResource[] {
  const byUrn = new Map(raw.map((r) => [r.urn, r]));
  const made = new Map<string, PolicyResource>();
  for (const r of raw) {
    const type = r.type;
    const props = unknownCheckingProxy(r.inputs ?? {});
    const res: PolicyResource = {
      type,
      props,
      urn: r.urn,
      name: r.name,
      opts: defaultOpts(r.parent),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass) => isTypeOf(type, resourceClass),
      asType: ((resourceClass: any) =>
        isTypeOf(type, resourceClass) ? props : undefined) as PolicyResource["asType"],
    };
    const provider = providerOf(r.provider, byUrn);
    if (provider) {
      res.provider = provider;
    }
    made.set(r.urn, res);
  }
  for (const r of raw) {
    const res = made.get(r.urn)!;
    if (r.parent && made.has(r.parent)) {
      res.parent = made.get(r.parent);
    }
    res.dependencies = (r.dependencies ?? [])
      .map((d) => made.get(d))
      .filter((d): d is PolicyResource => !!d);
    for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
      res.propertyDependencies[k] = urns
        .map((d) => made.get(d))
        .filter((d): d is PolicyResource => !!d);
    }
  }
  return raw.map((r) => made.get(r.urn)!);
}

export function makeStackArgs(input: {
  resources: PolicyResource[];
  schema?: PolicyConfigSchema;
  context?: Record<string, unknown>;
  config?: Record<string, unknown>;
  stackTags?: Map<string, string>;
}): StackValidationArgs {
  return {
    resources: input.resources,
    stackTags: freezeMap(input.stackTags ?? new Map()),
    getConfig: makeGetConfig(input.schema, input.context, input.config),
    notApplicable: throwNotApplicable,
  };
}

/** For each raw resource, the provider the engine would pass with it (indexed once per stack). */
export function providerIndex(
  all: readonly RawResource[],
): (r: RawResource) => PolicyProviderResource | undefined {
  const byUrn = new Map(all.map((x) => [x.urn, x]));
  return (r) => providerOf(r.provider, byUrn);
}

// The engine's placeholders for values unknown during preview (@pulumi/policy/proxy, internal but stable).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxyModule = require("@pulumi/policy/proxy") as Record<string, string>;
export const UNKNOWN = {
  string: proxyModule.unknownStringValue,
  number: proxyModule.unknownNumberValue,
  boolean: proxyModule.unknownBooleanValue,
  array: proxyModule.unknownArrayValue,
  object: proxyModule.unknownObjectValue,
} as const;
