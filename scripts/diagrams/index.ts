/**
 * Architecture diagrams computed from the offline plan (issue 9): plan → model → DOT → SVG.
 * `npm run diagrams` writes docs/diagrams/; `npm run plan -- --diagram FILE.svg` uses `tierDiagramSvg`.
 */
import type { PairPlan } from "../plan/planStack";
import { toDot } from "./dot";
import { diagramModel } from "./model";
import { overviewDot } from "./overview";
import { renderSvg } from "./render";

export { diagramModel } from "./model";
export { toDot } from "./dot";
export { overviewDot } from "./overview";
export { renderSvg } from "./render";
export type * from "./types";

/** The SVG of one tier, from the plan of both stacks under that tier (`plan({ tier })`). */
export function tierDiagramSvg(pair: PairPlan): Promise<string> {
  return renderSvg(toDot(diagramModel(pair)));
}

/** The four tiers side by side; `pairs` in the order they should appear (DR_TIERS order). */
export function overviewSvg(pairs: PairPlan[]): Promise<string> {
  return renderSvg(overviewDot(pairs.map(diagramModel)));
}
