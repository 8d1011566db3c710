/** Cheap text checks made before parsing. */

/**
 * Minified or generated code: a long file whose lines average far beyond hand-written code,
 * or a generated-file banner. Bundles are build output; their sources are scanned instead.
 */
export function looksMinified(source: string): boolean {
  if (generatedBanner(source)) return true;
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
 * A generated-file marker in the comments that open the file (not in code that merely mentions
 * one, like this scanner's own source).
 */
function generatedBanner(source: string): boolean {
  let i = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  for (let n = 0; n < 20 && i > -1 && i < source.length; n++) {
    while (i < source.length && /\s/.test(source[i]!)) i++;
    let text: string;
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      text = source.slice(i, end < 0 ? source.length : end);
      i = end < 0 ? source.length : end + 1;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      text = source.slice(i, end < 0 ? Math.min(source.length, i + 2048) : end);
      i = end < 0 ? source.length : end + 2;
    } else return false;
    if (text.includes('@generated') || text.includes('DO NOT EDIT')) return true;
  }
  return false;
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
