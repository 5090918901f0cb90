/**
 * JSON output of the CLIs: one document, on stdout or in `--out FILE`. Nothing else may reach stdout while a
 * CLI prints JSON (progress and notes go to stderr), so `npm run -s plan -- --json | jq` always parses.
 */
import * as fs from "node:fs";

export function writeJson(doc: unknown, out?: string): void {
  const text = JSON.stringify(doc, null, 2) + "\n";
  if (out === undefined) process.stdout.write(text);
  else {
    fs.writeFileSync(out, text);
    process.stderr.write(`wrote ${out}\n`);
  }
}

/**
 * Sends whatever else would print to stdout (a library's `console.log`, such as @pulumi/pulumi's `log.info` when
 * no engine is attached) to stderr, so that stdout carries the JSON document alone.
 */
export function reserveStdoutForJson(): void {
  const toStderr = (...args: unknown[]) => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
