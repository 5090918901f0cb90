/**
 * DOT → SVG with @viz-js/viz: Graphviz compiled to WebAssembly, so no system package and no browser. One
 * instance per process: compiling the WebAssembly module is the slow part.
 */
import { instance } from "@viz-js/viz";

let viz: ReturnType<typeof instance> | undefined;

export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const svg = (await viz).renderString(dot, { format: "svg", engine: "dot" });
  // Graphviz ends without a newline; a trailing one keeps the committed files friendly to editors and diffs.
  return svg.endsWith("\n") ? svg : `${svg}\n`;
}
