/**
 * Which config namespaces a stack file may use, and which keys the providers declare. A key under a misspelt
 * namespace (`securcart:capacity`) or a provider key the provider does not have (`aws:regoin`) would otherwise be
 * ignored silently, and the stack deployed with a default the user meant to override.
 */
import { closest } from "./suggest";

/** The project's namespace (Pulumi.yaml `name`). */
export const PROJECT_NAMESPACE = "securecart";

/**
 * The providers this program uses, by their config namespace (each package's `pulumi.name`); a test checks the list
 * against package.json. `pulumi` holds the engine's own keys (`pulumi:tags`, `pulumi:disable-default-providers`).
 */
export const PROVIDER_NAMESPACES = ["aws", "awsx", "docker-build", "random"] as const;

export const KNOWN_NAMESPACES: readonly string[] = [
  PROJECT_NAMESPACE,
  "pulumi",
  ...PROVIDER_NAMESPACES,
];

/**
 * The config keys a provider's SDK declares (its generated `config/vars`, one getter per key of the provider's
 * schema), or undefined when the provider has none to check against.
 */
export function providerConfigKeys(namespace: string): string[] | undefined {
  const modules: Record<string, string> = {
    aws: "@pulumi/aws/config/vars",
    "docker-build": "@pulumi/docker-build/config/vars",
  };
  if (!(namespace in modules)) return undefined;
  // Loaded on demand: only a stack file that sets such a key pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vars = require(modules[namespace]) as object;
  return Object.getOwnPropertyNames(vars).filter((k) => k !== "__esModule" && k !== "default");
}

/** One problem per key outside the known namespaces, or naming a provider key the provider does not declare. */
export function namespaceProblems(keys: readonly string[]): string[] {
  const problems: string[] = [];
  const meant = (suggestion: string | undefined) =>
    suggestion === undefined ? "" : `; did you mean ${suggestion}?`;
  for (const key of keys) {
    const colon = key.indexOf(":");
    if (colon < 0) continue; // the project's, as the CLI reads a bare key
    const [ns, name] = [key.slice(0, colon), key.slice(colon + 1)];
    if (!KNOWN_NAMESPACES.includes(ns)) {
      const near = closest(ns, KNOWN_NAMESPACES);
      problems.push(
        `${key} is under an unknown namespace "${ns}"${meant(near && `${near}:${name}`)} ` +
          `(known: ${KNOWN_NAMESPACES.join(", ")}); nothing reads it, so it would be ignored`,
      );
      continue;
    }
    const declared = providerConfigKeys(ns);
    if (declared && !declared.includes(name)) {
      const near = closest(name, declared);
      problems.push(
        `${key} is not a config key of the ${ns} provider${meant(near && `${ns}:${near}`)}`,
      );
    }
  }
  return problems;
}
