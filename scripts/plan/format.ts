/**
 * The one number format of the plan's readable outputs: `--compare-tiers`, the tree's DR contract, the diagrams
 * and the drill's timeline all print minutes, percentages and dollars through these, so a figure reads the same
 * wherever it appears. No locale data: output must not vary between machines.
 */

/** `0.0167` → `1 s`, `4.85` → `4.85 min`, `120` → `2 h`; null or undefined → `n/a`. */
export function formatMinutes(m: number | null | undefined): string {
  if (m === null || m === undefined) return "n/a";
  if (m < 1) return `${+(m * 60).toFixed(1)} s`;
  return m >= 60 ? `${+(m / 60).toFixed(2)} h` : `${+m.toFixed(2)} min`;
}

/** `0.2031` → `20.3%`. */
export function formatPercent(share: number | null | undefined): string {
  return share === null || share === undefined ? "n/a" : `${+(share * 100).toFixed(1)}%`;
}

/** `12345.6` → `$12,346`. */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return "n/a";
  return `$${String(Math.round(usd)).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
}
