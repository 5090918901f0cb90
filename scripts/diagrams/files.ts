/**
 * The committed diagram files: docs/diagrams/<tier>.svg and the overview tiers.svg. Shared by the CLI that
 * writes them and the staleness test that regenerates them in memory.
 */
import * as path from "path";
import { DR_TIERS, DrTier } from "../../components/tiers/tierProfile";
import type { PairPlan } from "../plan/planStack";
import { overviewSvg, tierDiagramSvg } from "./index";

export const DIAGRAM_DIR = path.join(__dirname, "..", "..", "docs", "diagrams");
export const OVERVIEW_FILE = "tiers.svg";

/** File name → SVG text, for every tier and the overview, in DR_TIERS order. */
export async function diagramFiles(
  planOf: (tier: DrTier) => Promise<PairPlan>,
): Promise<Map<string, string>> {
  const pairs: PairPlan[] = [];
  const files = new Map<string, string>();
  for (const tier of DR_TIERS) {
    const pair = await planOf(tier);
    pairs.push(pair);
    files.set(`${tier}.svg`, await tierDiagramSvg(pair));
  }
  files.set(OVERVIEW_FILE, await overviewSvg(pairs));
  return files;
}
