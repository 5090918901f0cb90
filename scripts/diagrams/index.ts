/**
 * Architecture diagrams computed from the offline plan (issue 9): plan → model → SVG, laid out here
 * (./tierSvg.ts, ./overviewSvg.ts). `npm run diagrams` writes docs/diagrams/; `npm run plan -- --diagram FILE.svg`
 * uses `tierDiagramSvg`.
 */
import type { PairPlan } from "../plan/planStack";
import { diagramModel } from "./model";
import { overviewSvg as overviewOf } from "./overviewSvg";
import { tierSvg } from "./tierSvg";

export { diagramModel } from "./model";
export { tierSvg } from "./tierSvg";
export type * from "./types";

/** The SVG of one tier, from the plan of both stacks under that tier (`plan({ tier })`). */
export async function tierDiagramSvg(pair: PairPlan): Promise<string> {
  return tierSvg(diagramModel(pair));
}

/** The four tiers side by side; `pairs` in the order they should appear (DR_TIERS order). */
export async function overviewSvg(pairs: PairPlan[]): Promise<string> {
  return overviewOf(pairs.map(diagramModel));
}
