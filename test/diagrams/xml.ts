/**
 * A tiny XML well-formedness check (no parser in node_modules, and no new dependencies): every tag closes in
 * order, attributes are quoted, and `&` only starts an entity. Enough to catch a broken SVG.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml
    .replace(/^<\?xml[^>]*\?>/, "")
    .replace(/<!DOCTYPE[^>]*>/, "")
    .replace(/<!--[\s\S]*?-->/g, "");
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/g;
  let last = 0;
  let roots = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    checkText(body.slice(last, m.index), problems);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? "nothing"}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  checkText(body.slice(last), problems);
  if (stack.length) problems.push(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}

function checkText(text: string, problems: string[]): void {
  if (text.includes("<"))
    problems.push(
      `stray or malformed tag near: ${text.slice(text.indexOf("<"), text.indexOf("<") + 60)}`,
    );
  const amp = /&(?!(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);)/.exec(text);
  if (amp) problems.push(`bare & near: ${text.slice(amp.index, amp.index + 30)}`);
}
