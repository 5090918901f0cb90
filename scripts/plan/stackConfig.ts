/**
 * Reads a stack's config the way the CLI would: the stack file's values over Pulumi.yaml's declared defaults.
 * Under mocks nothing applies the project defaults, so the offline plan does it here.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { findStack, PROJECT } from "../../stacks/topology";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

function readYaml(file: string): any {
  const text = fs.readFileSync(file, "utf8");
  return parse(text) ?? {};
}

/** `{key: default}` for every key Pulumi.yaml declares, namespaced as `securecart:key`. */
export function projectDefaults(root = PROJECT_ROOT): Record<string, string> {
  const project = readYaml(path.join(root, "Pulumi.yaml"));
  const out: Record<string, string> = {};
  for (const [key, decl] of Object.entries<any>(project.config ?? {})) {
    const full = key.includes(":") ? key : `${PROJECT}:${key}`;
    if (decl && typeof decl === "object" && "default" in decl) out[full] = String(decl.default);
    else if (decl && typeof decl === "object" && "value" in decl) out[full] = String(decl.value);
    else if (decl !== null && typeof decl !== "object") out[full] = String(decl);
  }
  return out;
}

/** The stack file's `config:` block as flat strings (structured values are JSON, as the CLI passes them). */
export function stackFileConfig(stack: string, root = PROJECT_ROOT): Record<string, string> {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) return {};
  const doc = readYaml(file);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries<any>(doc.config ?? {})) {
    // A bare key is the project's, as the CLI reads it.
    const full = key.includes(":") ? key : `${PROJECT}:${key}`;
    out[full] = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
  }
  return out;
}

/** Effective config of a stack: defaults, then the stack file, then any overrides (such as `--tier`). */
export function effectiveConfig(
  stack: string,
  overrides: Record<string, string> = {},
  root = PROJECT_ROOT,
): Record<string, string> {
  return { ...projectDefaults(root), ...stackFileConfig(stack, root), ...overrides };
}

/**
 * The config a plan runs a stack with: `--tier` goes to the primary only (the recovery stack follows the primary's
 * output), then the extra keys (`--config`).
 */
export function planConfig(
  stack: string,
  tier: string | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  const overrides: Record<string, string> =
    tier && findStack(stack)?.role === "primary" ? { [`${PROJECT}:drTier`]: tier } : {};
  return effectiveConfig(stack, { ...overrides, ...extra });
}

/**
 * `KEY=VALUE` from a CLI's `--config` flag, as `pulumi up --config` takes it: a key without a namespace is the
 * project's (`arcRoutingControl=true` → `securecart:arcRoutingControl`). Undefined when the text is no assignment.
 */
export function parseConfigAssignment(text: string): [string, string] | undefined {
  const m = /^([A-Za-z][\w-]*(?::[A-Za-z][\w-]*)?)=(.*)$/s.exec(text);
  if (!m) return undefined;
  return [m[1].includes(":") ? m[1] : `${PROJECT}:${m[1]}`, m[2]];
}
