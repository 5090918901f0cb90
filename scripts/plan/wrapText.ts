/** Word wrap for the plan's readable output. */

/** Width the wrapped lines keep to, a terminal's worth. */
export const WIDTH = 116;

/** Words joined into lines of at most `width` characters, each starting with `indent`. */
export function wrapText(
  words: readonly string[],
  width: number,
  indent: string,
  sep = " ",
): string[] {
  const lines: string[] = [];
  let cur = "";
  for (const w of words) {
    const next = cur ? `${cur}${sep}${w}` : w;
    if (cur && indent.length + next.length > width) {
      lines.push(indent + cur + sep.trimEnd());
      cur = w;
    } else cur = next;
  }
  if (cur) lines.push(indent + cur);
  return lines;
}
