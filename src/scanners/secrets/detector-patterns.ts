/**
 * Small builders for detector patterns (RE2 syntax), shared by the provider families in
 * detectors/. They only assemble strings; every detector still states its own pattern.
 */

/** Character classes (contents of [...]) used by many token formats. */
export const HEX = '0-9a-f';
export const HEX_UPPER = '0-9A-F';
export const ALNUM = 'A-Za-z0-9';
export const B64URL = 'A-Za-z0-9_-';
export const B64 = 'A-Za-z0-9+/';

/**
 * `token` with explicit delimiters: no character of `cls` right before or after it, so a longer
 * run of the same alphabet never matches. Capture group 1 is the token.
 */
export function delimited(token: string, cls: string): string {
  // '=' may end a token (base64 padding) but also assigns it (KEY=token): never a left delimiter.
  const left = cls.replace('=', '');
  // For word-character tokens delimited by word characters, \b says the same and RE2 runs it
  // about twice as fast as a consumed delimiter.
  if (left === 'A-Za-z0-9_' && /^[A-Za-z0-9_]/.test(token)) return `\\b(${token})(?:[^${cls}]|$)`;
  return `(?:^|[^${left}])(${token})(?:[^${cls}]|$)`;
}

// Between the provider name and the label: identifier characters, a short YAML/JSON nesting step
// (`datadog:\n  api_key: ...`, `"plaid": {"client_id": "...", "secret": ...`), a constructor call
// (`Mistral(api_key=...`) or a URL on a line before.
export const GAP = `[\\w.\\-\\s"':{(,/]{0,64}?`;
// After the label: the rest of the identifier, a closing quote, then an assignment operator.
export const ASSIGN = `[\\w.\\-]{0,16}?["'\`]?\\s{0,4}(?::=|=>|=|:|,|\\(|\\s)\\s{0,4}["'\`]?`;

export interface AssignedSpec {
  /** Provider name(s), an RE2 fragment matched case-insensitively, e.g. `datadog` or `vonage|nexmo`. */
  provider: string;
  /** Label fragment, matched case-insensitively, e.g. `api.?key`. */
  label: string;
  /** The secret's own pattern (case-sensitive), e.g. `[0-9a-f]{32}`. */
  value: string;
  /** Characters the secret is made of; the value must not run on into more of them. */
  valueChars: string;
  /** Longest value in characters. */
  valueMax: number;
}

/**
 * For credentials without a prefix of their own: `<provider> ... <label> = <value>` in .env, YAML,
 * JSON, code or a CLI argument. Capture group 1 is the value.
 */
export function assigned(s: AssignedSpec): { pattern: string; maxLength: number } {
  const pattern =
    `(?i:${s.provider})${GAP}(?i:${s.label})${ASSIGN}(${s.value})(?:[^${s.valueChars}]|$)`;
  // provider + gap + label + identifier rest + quotes/operator/spaces + value + delimiter.
  return { pattern, maxLength: 30 + 64 + 30 + 16 + 12 + s.valueMax + 1 };
}

/** A value made of letters and digits that has both: random strings almost always do. */
export function mixesLettersAndDigits(secret: string): boolean {
  return /[0-9]/.test(secret) && /[A-Za-z]/.test(secret);
}

/** Decodes standard or URL-safe base64 (padding optional) to UTF-8 text. */
export function base64Text(s: string): string {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}

/** True when `s` is base64 of a JSON object having every key in `keys`. */
export function base64JsonHas(s: string, keys: string[]): boolean {
  let obj: unknown;
  try {
    obj = JSON.parse(base64Text(s));
  } catch {
    return false;
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return false;
  return keys.every((k) => k in obj);
}
