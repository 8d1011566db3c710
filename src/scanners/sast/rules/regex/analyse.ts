/** One regex source + flags → the catastrophic-backtracking risk in it, if any. */
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import { buildNfa } from './nfa.js';
import { findAdjacentOverlap, findExponentialAmbiguity, type Ambiguity } from './ambiguity.js';

/** Longer patterns are not analysed (the analysis is polynomial in the pattern size). */
export const MAX_PATTERN_LENGTH = 2000;

export interface RegexRisk {
  /** The risky sub-pattern's source text, e.g. `(\w+\s?)*`; for `quadratic`, the two runs. */
  subPattern: string;
  kind: Ambiguity['kind'] | 'quadratic';
  /** For `quadratic`: the second run, e.g. `\d+` in `\d+\.?\d+`. */
  second?: string;
}

const parser = new RegExpParser({ ecmaVersion: 2025 });
const cache = new Map<string, RegexRisk | null>();
const CACHE_MAX = 5000;

export function analyseRegex(source: string, flags: string): RegexRisk | undefined {
  if (source.length > MAX_PATTERN_LENGTH) return undefined;
  if (!mayBacktrack(source)) return undefined;
  const key = `${flags}/${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const risk = analyseUncached(source, flags);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, risk ?? null);
  return risk;
}

/**
 * Cheap pre-filter: exponential backtracking needs a repetition that holds another quantifier
 * or an alternation, so at least one of `*+{` and a second quantifier or a `|`.
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
  return loops >= 2 || (loops === 1 && others > 0);
}

function analyseUncached(source: string, flags: string): RegexRisk | undefined {
  let pattern: AST.Pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, {
      unicode: flags.includes('u'),
      unicodeSets: flags.includes('v'),
    });
  } catch {
    return undefined; // not a valid regex: the runtime throws, nothing backtracks
  }
  const nfa = buildNfa(pattern, { ignoreCase: flags.includes('i'), dotAll: flags.includes('s') });
  if (!nfa) return undefined;
  const amb = findExponentialAmbiguity(nfa);
  if (amb) return { subPattern: amb.quantifier?.raw ?? source, kind: amb.kind };
  const overlap = findAdjacentOverlap(nfa);
  if (overlap) return { subPattern: overlap.first.raw, second: overlap.second.raw, kind: 'quadratic' };
  return undefined;
}
