/**
 * Records every resource the program registers under mocks: its URN, parent, dependencies and inputs, the
 * view `pulumi preview` and a policy pack get. The stock mocks only pass type, name and inputs to newResource.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../policy-pack/offline";

// Internal modules of @pulumi/pulumi: the monitor wrapped here and the wire format it speaks.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const settings = require("@pulumi/pulumi/runtime/settings");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const rpc = require("@pulumi/pulumi/runtime/rpc");

/** Replaces secret values with "[secret]" so plans never print them (the engine masks them the same way). */
function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[rpc.specialSigKey] === rpc.specialSecretSig) return "[secret]";
    if (pulumi.Resource.isInstance(value)) return "[resource]";
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, maskSecrets(v)]));
  }
  return value;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getObject(): unknown;
  getDependenciesList?(): string[];
  getPropertydependenciesMap?(): { forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void };
  getProperties?(): unknown;
}

/** Sets mocks and returns the list that fills as the program registers resources. */
export async function setRecordingMocks(mocks: pulumi.runtime.Mocks, project: string, stack: string, preview: boolean): Promise<PlannedResource[]> {
  await pulumi.runtime.setMocks(mocks, project, stack, preview);
  const monitor = settings.getMonitor();
  const recorded: PlannedResource[] = [];

  const wrap = (method: "registerResource" | "readResource", objectField: "getObject" | "getProperties") => {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req: RegisterRequest, callback: (err: unknown, res: any) => void) => {
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap?.().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
      });
      const obj = (req as any)[objectField]?.();
      const inputs = obj ? (maskSecrets(rpc.deserializeProperties(obj, false)) as Record<string, any>) : {};
      return original(req, (err: unknown, res: any) => {
        if (!err && res) {
          recorded.push({
            urn: res.getUrn(),
            type: req.getType(),
            name: req.getName(),
            parent: req.getParent() || null,
            inputs,
            dependencies: req.getDependenciesList?.() ?? [],
            propertyDependencies,
            provider: req.getProvider() || undefined,
          });
        }
        callback(err, res);
      });
    };
  };
  wrap("registerResource", "getObject");
  wrap("readResource", "getProperties");
  return recorded;
}
