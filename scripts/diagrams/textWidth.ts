/**
 * Conservative text widths for laying out SVG text. Browsers and rsvg substitute their own sans-serif for
 * Helvetica; on Linux that is usually DejaVu Sans, the widest of the common ones (Helvetica, Arial and Liberation
 * Sans run 5-15% narrower). So boxes are sized with DejaVu Sans 2.37 advance widths (hmtx, per 1000 em, read
 * from fonts-dejavu-core 2.37 DejaVuSans.ttf and DejaVuSans-Bold.ttf) plus a margin, and the SVG asks for DejaVu Sans
 * first: text measured this way fits whichever of those fonts draws it.
 */

/** The font stack every generated SVG uses; its first entry is the font the widths below come from. */
export const FONT_FAMILY = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

const CHARS =
  "0123456789 !\"#$%&'()*+,-./:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~·→←×≤≥▶—–…°µ✓";
// prettier-ignore
const REGULAR = [
  636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361,
  318, 337, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 318,
  838, 838, 838, 838, 838, 769, 1000, 500, 1000, 500, 636, 838,
];
// prettier-ignore
const BOLD = [
  696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415,
  380, 365, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
  733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
  712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 380,
  838, 838, 838, 838, 838, 769, 1000, 500, 1000, 500, 736, 838,
];

/** Slack over DejaVu Sans, for a wider fallback font and for hinting at small sizes. */
const SLACK = 1.06;
/** Characters outside the table (rare symbols) count as an em: wide enough for any of them. */
const UNKNOWN = 1000;

const table = (widths: number[]) => new Map([...CHARS].map((ch, i) => [ch, widths[i]]));
const TABLES = { regular: table(REGULAR), bold: table(BOLD) };

/** Width in px of `text` at `size` px, never less than the font stack draws it. */
export function textWidth(text: string, size: number, bold = false): number {
  const t = bold ? TABLES.bold : TABLES.regular;
  let units = 0;
  for (const ch of text) units += t.get(ch) ?? UNKNOWN;
  return (units / 1000) * size * SLACK;
}
