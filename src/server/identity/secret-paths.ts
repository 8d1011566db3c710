/**
 * Secret path patterns for path-scoped role bindings (issue 7, "access controlled per path by
 * role"). A pattern is a secret path whose segments may be `*` (exactly one segment) or `**` (one
 * or more segments): `db/*` covers `db/password` but not `db/a/b`; `ci/**` covers everything under
 * `ci/`; `ci/deploy` covers only itself. Only whole segments are wildcards and nothing is compiled
 * to a regular expression, so matching is a small table walk over segments, never a backtracking
 * regex on user input.
 */

export const MAX_PATTERNS = 32;
const MAX_PATTERN_LENGTH = 256;
const MAX_SEGMENTS = 32;
// The vault's own segment alphabet (vault.ts PATH_RE).
const SEGMENT_RE = /^[A-Za-z0-9._-]+$/;

/** Problems with a list of patterns (empty = valid), each naming `field[i]`. */
export function validatePathPatterns(patterns: unknown, field = 'paths'): string[] {
  if (!Array.isArray(patterns)) return [`${field}: a list of secret path patterns`];
  if (patterns.length === 0) return [`${field}: at least one pattern (leave it out for every path)`];
  if (patterns.length > MAX_PATTERNS) return [`${field}: at most ${MAX_PATTERNS} patterns`];
  const problems: string[] = [];
  patterns.forEach((p, i) => {
    const why = patternProblem(p);
    if (why) problems.push(`${field}[${i}]: ${why}`);
  });
  return problems;
}

function patternProblem(p: unknown): string | undefined {
  if (typeof p !== 'string' || p.length === 0) return 'a non-empty string';
  if (p.length > MAX_PATTERN_LENGTH) return `at most ${MAX_PATTERN_LENGTH} characters`;
  const segs = p.split('/');
  if (segs.length > MAX_SEGMENTS) return `at most ${MAX_SEGMENTS} segments`;
  for (const s of segs) {
    if (s === '*' || s === '**') continue;
    if (!SEGMENT_RE.test(s)) {
      return s.includes('*')
        ? `"${s.slice(0, 64)}": a wildcard is a whole segment (* or **)`
        : `"${s.slice(0, 64)}": segments are letters, digits, '.', '_' and '-' separated by single slashes`;
    }
  }
  return undefined;
}

/** Does `pattern` cover the secret `path`? Invalid patterns cover nothing. */
export function pathMatches(pattern: string, path: string): boolean {
  if (patternProblem(pattern) !== undefined || typeof path !== 'string' || path.length === 0) return false;
  const pat = pattern.split('/');
  const segs = path.split('/');
  if (segs.length > 64) return false;
  // ok[j]: the pattern segments seen so far match the first j path segments.
  let ok: boolean[] = new Array<boolean>(segs.length + 1).fill(false);
  ok[0] = true;
  for (const p of pat) {
    const next = new Array<boolean>(segs.length + 1).fill(false);
    if (p === '**') {
      // One or more segments: next[j] if ok[i] for some i < j.
      let seen = false;
      for (let j = 1; j <= segs.length; j++) {
        seen ||= ok[j - 1]!;
        next[j] = seen;
      }
    } else {
      for (let j = 1; j <= segs.length; j++) next[j] = ok[j - 1]! && (p === '*' || p === segs[j - 1]);
    }
    ok = next;
  }
  return ok[segs.length]!;
}

/**
 * Is every path `inner` covers also covered by one of `outer`? Conservative (a false "no" only
 * refuses a grant): the same pattern, a wildcard-free path an outer pattern matches, or a pattern
 * under an outer `prefix/**` whose prefix has no wildcard.
 */
export function patternWithin(inner: string, outer: readonly string[]): boolean {
  if (patternProblem(inner) !== undefined) return false;
  const literal = !inner.split('/').some((s) => s === '*' || s === '**');
  return outer.some((o) => {
    if (o === inner) return true;
    if (literal) return pathMatches(o, inner);
    if (!o.endsWith('/**') && o !== '**') return false;
    if (o === '**') return true;
    const prefix = o.slice(0, -3);
    if (prefix.split('/').some((s) => s === '*' || s === '**')) return false;
    // inner must start with prefix/ and have at least one segment after it.
    return inner.startsWith(prefix + '/') && inner.length > prefix.length + 1;
  });
}

/** Does any of `patterns` cover `path`? */
export function anyPathMatches(patterns: readonly string[], path: string): boolean {
  return patterns.some((p) => pathMatches(p, path));
}

/** Reads a stored `paths` column: null = unscoped; a corrupt value covers nothing (deny). */
export function parseStoredPaths(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    if (Array.isArray(v) && validatePathPatterns(v).length === 0) return v as string[];
  } catch {
    // fall through
  }
  return [];
}

/** At most this many patterns come out of one intersection; more are dropped (a narrower scope). */
const MAX_INTERSECTION = 64;

/**
 * The paths both `a` and `b` cover, as patterns (their union is exactly the intersection unless
 * it would need more than MAX_INTERSECTION patterns or more than MAX_SEGMENTS segments: the rest
 * is dropped, which only narrows). Segment by segment: two single segments meet when equal or one
 * is `*`; a `**` (one or more segments) on one side takes the other side's segment and either ends
 * or keeps going; `**` against `**` is a `**` followed by whatever either side leaves.
 */
export function intersectPatterns(a: string, b: string): string[] {
  if (patternProblem(a) !== undefined || patternProblem(b) !== undefined) return [];
  if (a === b) return [a];
  const P = a.split('/');
  const Q = b.split('/');
  const memo = new Map<number, string[][]>();
  const cap = (xs: string[][]): string[][] => {
    const seen = new Map<string, string[]>();
    for (const x of xs) if (x.length <= MAX_SEGMENTS && seen.size < MAX_INTERSECTION) seen.set(x.join('/'), x);
    return [...seen.values()];
  };
  const prefix = (head: string, tails: string[][]) => tails.map((t) => [head, ...t]);
  const meet = (p: string, q: string): string | null => (p === q ? p : p === '*' ? q : q === '*' ? p : null);
  // inter(i, j): the patterns covering what both P[i..] and Q[j..] cover.
  const inter = (i: number, j: number): string[][] => {
    const key = i * (Q.length + 1) + j;
    const hit = memo.get(key);
    if (hit) return hit;
    let out: string[][];
    if (i === P.length || j === Q.length) out = i === P.length && j === Q.length ? [[]] : [];
    else {
      const p = P[i]!;
      const q = Q[j]!;
      if (p !== '**' && q !== '**') {
        const m = meet(p, q);
        out = m === null ? [] : prefix(m, inter(i + 1, j + 1));
      } else if (p === '**' && q !== '**') out = prefix(q, [...inter(i + 1, j + 1), ...inter(i, j + 1)]);
      else if (q === '**' && p !== '**') out = prefix(p, [...inter(i + 1, j + 1), ...inter(i + 1, j)]);
      else out = prefix('**', [...inter(i + 1, j + 1), ...inter(i, j + 1), ...inter(i + 1, j)]);
      out = cap(out);
    }
    memo.set(key, out);
    return out;
  };
  return dropCovered(inter(0, 0).map((s) => s.join('/')).filter((p) => patternProblem(p) === undefined));
}

/**
 * Two path scopes combined (a role's and its binding's): null = every path, so null with X is X;
 * otherwise every pairwise intersection. An empty list means no path at all.
 */
export function intersectScopes(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): string[] | null {
  if (a === null || a === undefined) return b === null || b === undefined ? null : [...b];
  if (b === null || b === undefined) return [...a];
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(...intersectPatterns(x, y));
  return dropCovered([...new Set(out)]);
}

/** Drops patterns another one in the list already covers (conservative check: patternWithin). */
function dropCovered(patterns: string[]): string[] {
  const unique = [...new Set(patterns)];
  return unique.filter((p, i) => !unique.some((o, k) => k !== i && o !== p && patternWithin(p, [o]) && !(patternWithin(o, [p]) && k > i)));
}
