/** One regex source + flags → the catastrophic-backtracking risk in it, if any. */
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { buildNfa } from './nfa.js';
import { findExponentialAmbiguity, type Ambiguity } from './ambiguity.js';
import { findPolynomial } from './polynomial.js';

/** Longer patterns are not analysed (the analysis is polynomial in the pattern size). */
export const MAX_PATTERN_LENGTH = 2000;

export interface RegexRisk {
  /** The risky sub-pattern's source text, e.g. `(\w+\s?)*`; for `quadratic`, the first run. */
  subPattern: string;
  /**
   * Exponential: `nested-quantifier`, `overlapping-repetition`. Quadratic: `quadratic` (two runs
   * share characters), `retried-run` (a leading run of an unanchored pattern, rescanned from
   * every offset).
   */
  kind: Ambiguity['kind'] | 'quadratic' | 'retried-run';
  /** For `quadratic`: the second run, e.g. `\d+` in `\d+\.?\d+`. */
  second?: string;
}

/** Exponential risks; the other kinds are polynomial. */
export function isExponential(risk: RegexRisk): boolean {
  return risk.kind === 'nested-quantifier' || risk.kind === 'overlapping-repetition';
}

const parser = new RegExpParser({ ecmaVersion: 2025 });
const cache = new Map<string, RegexRisk | null>();
const CACHE_MAX = 5000;

/**
 * Stands for a part of an assembled pattern that is not constant (a private-use character). With
 * `holes`, each one is an atom that only another hole can match: no class (`.`, `[^x]`, `\W`)
 * shares a character with it, so an unknown part is never judged to overlap a known one.
 */
export const HOLE = '\uE000';

export function analyseRegex(source: string, flags: string, holes = false): RegexRisk | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return undefined;
  // A multiline `^` retries at every line start like an unanchored start (polynomial.ts findLineStartRun).
  if (!mayBacktrack(source) && !(flags.includes('m') && source.includes('^'))) return undefined;
  const key = `${holes ? 'H' : ''}${flags}/${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const risk = analyseUncached(source, flags, holes);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, risk ?? null);
  return risk;
}

/**
 * Cheap pre-filter: every risk needs an unbounded or long repetition (`*`, `+` or `{`), and
 * then either a second one, a `?`/`|`, or an unanchored start (retried at every offset).
 */
function mayBacktrack(source: string): boolean {
  let loops = 0;
  let others = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 92) i++; // skip the escaped character
    else if (c === 42 || c === 43 || c === 123) loops++; // * + {
    else if (c === 63 || c === 124) others++; // ? |
  }
  return loops >= 2 || (loops === 1 && (others > 0 || source.charCodeAt(0) !== 94));
}

function analyseUncached(source: string, flags: string, holes: boolean): RegexRisk | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, {
      unicode: flags.includes('u'),
      unicodeSets: flags.includes('v'),
    });
  } catch {
    return undefined; // not a valid regex: the runtime throws, nothing backtracks
  }
  const nfa = buildNfa(pattern, { ignoreCase: flags.includes('i'), dotAll: flags.includes('s'), sticky: flags.includes('y'), multiline: flags.includes('m'), hole: holes ? HOLE.charCodeAt(0) : undefined });
  if (!nfa) return undefined;
  const amb = findExponentialAmbiguity(nfa);
  if (amb) return { subPattern: amb.quantifier?.raw ?? source, kind: amb.kind };
  const poly = findPolynomial(nfa);
  if (poly?.kind === 'between-runs') return { subPattern: poly.first.raw, second: poly.second!.raw, kind: 'quadratic' };
  if (poly) return { subPattern: poly.first.raw, kind: 'retried-run' };
  return undefined;
}
