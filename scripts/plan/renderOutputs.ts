/**
 * The "Outputs:" section of `pulumi preview`: each stack output, keys aligned, strings quoted, objects and
 * arrays nested four spaces deeper (arrays as `[i]: value`), as the CLI prints property values.
 */

const INDENT = "    ";

function value(v: unknown, indent: string): string[] {
  if (v === null || v === undefined) return ["null"];
  if (typeof v === "string") return [v === "[secret]" ? "[secret]" : JSON.stringify(v)];
  if (typeof v !== "object") return [String(v)];
  const inner = indent + INDENT;
  if (Array.isArray(v)) {
    if (v.length === 0) return ["[]"];
    return ["[", ...v.flatMap((x, i) => entry(`[${i}]`, x, inner, 0)), `${indent}]`];
  }
  const keys = Object.keys(v as object);
  if (keys.length === 0) return ["{}"];
  const width = Math.max(...keys.map((k) => k.length));
  return [
    "{",
    ...keys.flatMap((k) => entry(k, (v as Record<string, unknown>)[k], inner, width)),
    `${indent}}`,
  ];
}

function entry(key: string, v: unknown, indent: string, width: number): string[] {
  const [first, ...rest] = value(v, indent);
  return [`${indent}${key.padEnd(width)}: ${first}`, ...rest];
}

/** Past this many lines an output is summarised: the contract alone runs to a hundred, and has its own section. */
const MAX_LINES = 12;

function summary(v: object): string {
  const keys = Object.keys(v);
  const shown = keys.slice(0, 5).join(", ");
  const what = Array.isArray(v)
    ? `${keys.length} items`
    : `${keys.length} keys: ${shown}${keys.length > 5 ? ", …" : ""}`;
  return `${Array.isArray(v) ? "[" : "{"} ${what} ${Array.isArray(v) ? "]" : "}"}  (in full: npm run -s plan -- --json)`;
}

/** The section, or nothing when the stack exports nothing. */
export function renderOutputs(outputs: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(outputs).sort();
  if (keys.length === 0) return [];
  const width = Math.max(...keys.map((k) => k.length));
  return [
    "Outputs:",
    ...keys.flatMap((k) => {
      const lines = entry(k, outputs[k], INDENT, width);
      return lines.length > MAX_LINES
        ? [`${INDENT}${k.padEnd(width)}: ${summary(outputs[k] as object)}`]
        : lines;
    }),
  ];
}
