/** Offset → 1-based line for many lookups: newline offsets once, then binary search. */
export function lineFinder(content: string): (index: number) => number {
  const newlines: number[] = [];
  for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) newlines.push(i);
  return (index) => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** Line of a JSON.parse error: V8 gives a line (newer Node) or a character position, or says the input ended. */
export function jsonErrorLine(content: string, e: unknown): number | undefined {
  const msg = e instanceof Error ? e.message : '';
  const l = /line (\d+) column/.exec(msg);
  if (l) return Number(l[1]);
  const p = /position (\d+)/.exec(msg);
  // A position at the very end (truncation) points at the last line with text.
  const last = Math.max(0, content.trimEnd().length - 1);
  if (p) return lineFinder(content)(Math.min(Number(p[1]), last));
  return /end of JSON input/.test(msg) ? lineFinder(content)(last) : undefined;
}
