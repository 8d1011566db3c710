/** Cheap text checks made before parsing. */

/**
 * Minified or generated code: a long file whose lines average far beyond hand-written code,
 * or a generated-file banner. Bundles are build output; their sources are scanned instead.
 */
export function looksMinified(source: string): boolean {
  const head = source.slice(0, 512);
  if (/@generated\b|\bDO NOT EDIT\b/.test(head)) return true;
  if (source.length < 2000) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) {
    lines++;
    if (i - start > longest) longest = i - start;
    start = i + 1;
  }
  if (source.length - start > longest) longest = source.length - start;
  return source.length / lines > 300 || longest > 5000;
}

/**
 * The deepest bracket nesting, counting ( [ { without lexing (strings and comments included, so
 * it can only overestimate); stops counting once past `limit`.
 */
export function nestingDepth(source: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if ((c === 41 || c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}
