/**
 * Small RE2 building blocks shared by detector families. RE2 has no lookaround, so a token's
 * edges are explicit delimiters: a character outside the token's alphabet, or the text's edge.
 * The secret is always capture group 1, so consuming a delimiter does not move it.
 */
import { trimEndChars } from '../../core/trim.js';

/**
 * Left edge: start of text or a character outside `chars` (a character-class body). `=` never
 * counts as part of a token on the left (it is padding at the end, an assignment before).
 */
export const before = (chars: string): string => `(?:^|[^${chars.replace('=', '')}])`;
/** Right edge: end of text or a character outside `chars`. */
export const after = (chars: string): string => `(?:[^${chars}]|$)`;

/** `value` (with its own group 1) standing alone between delimiters of alphabet `chars`. */
export const delimited = (value: string, chars: string): string => `${before(chars)}(${value})${after(chars)}`;

/**
 * A value assigned to a name mentioning `names` (an RE2 alternation, matched case-insensitively),
 * in code, config, .env, YAML, JSON or shell. `value` is the secret's own pattern (case-sensitive),
 * `chars` its alphabet so the value cannot be part of a longer run.
 */
export function assigned(names: string, value: string, chars: string, gap = 30): string {
  return (
    `(?i:${names})[A-Za-z0-9_.\\-]{0,${gap}}["'\\]]{0,2}\\s{0,4}(?::=|=>|=|:)\\s{0,4}["'\`]?` +
    `(${value})${after(chars)}`
  );
}

/** Canonical UUID (lower or upper hex). */
export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** True when s has characters from at least `n` of: lower, upper, digit, other. */
export function charClasses(s: string): number {
  let l = 0, u = 0, d = 0, o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) l = 1;
    else if (c >= 65 && c <= 90) u = 1;
    else if (c >= 48 && c <= 57) d = 1;
    else o = 1;
  }
  return l + u + d + o;
}

/** Decodes standard or URL-safe base64 (padding optional); null when the text is not base64. */
export function b64decode(s: string): Buffer | null {
  const t = trimEndChars(s.replace(/-/g, '+').replace(/_/g, '/'), '=');
  if (!/^[A-Za-z0-9+/]*$/.test(t) || t.length % 4 === 1) return null;
  return Buffer.from(t, 'base64');
}
