/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = s.length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

// Words that mark a value as a stand-in rather than a credential. Matched case-insensitively as
// substrings of the secret.
const PLACEHOLDER_WORDS = [
  'example', 'sample', 'changeme', 'change_me', 'change-me', 'placeholder', 'dummy', 'your_', 'your-',
  'yourtoken', 'yourkey', 'yoursecret', 'yourpassword', 'yourapikey', 'insert', 'redacted', 'replace',
  'foobar', 'notasecret', 'not_a_secret', 'not-a-secret', 'fake', 'lorem', 'xxxx', '****', '......', '000000',
  'todo', 'fixme', 'secretkey', 'mysecret', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$w0rd',
  'pa$$word', 'censored', 'obfuscated', '_here', '-here', 'geheim', 'anonymous',
];

// Values published in standards and vendor documentation as examples (RFC 5849, RFC 6749,
// RFC 6750, OpenID Connect Core, the Azure storage emulator). Compared exactly, case-sensitively.
const DOCUMENTED_VALUES = new Set([
  '2YotnFZFEjr1zCsicMWpAA', 'tGzv3JOkF0XG5Qx2TlKWIA', 'SplxlOBeZQQYbYS6WxSbIA', 'czZCaGRSa3F0MzpnWDFmQmF0M2JW',
  's6BhdRkqt3', '7Fjfp0ZBr1KtDRbnfVdmIw', '8xLOxBtZp8', 'mF_9.B5f-4.1JqM', 'SlAV32hkKG', 'gX1fBat3bV',
  'hh5s93j4hdidpola', 'hdk48Djdsa', 'kd94hf93k423kf44', 'nnch734d00sl2jdk', 'ad180jjd733klru7', 'pfkkdhi9sl3r4s00',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
]);

// Whole values that name the thing instead of being it, or are empty-ish literals.
const STAND_IN_VALUES = new Set([
  'secret', 'password', 'passwd', 'token', 'apikey', 'api_key', 'api-key', 'key', 'null', 'nil', 'none',
  'undefined', 'true', 'false', 'empty', 'string', 'hidden', 'masked', 'unset', 'tbd', 'n/a',
]);

// Template and interpolation openers: ${x} {{x}} %(x)s $(cmd) #{x} {%x%} <%=x%> %{x}.
const TEMPLATE_OPENERS = ['${', '{{', '%(', '$(', '#{', '{%', '<%', '%{'];

/**
 * True when the value looks like a placeholder, template or documentation example rather than a
 * real credential: template syntax, angle-bracket holes, environment references, long runs of one
 * character, stopwords. Linear in the length of the value.
 */
export function isPlaceholder(secret: string): boolean {
  if (DOCUMENTED_VALUES.has(secret)) return true;
  const s = secret.toLowerCase();
  if (s.length === 0) return true;
  if (STAND_IN_VALUES.has(s)) return true;
  if (/^[<{[(].*[>}\])]$/.test(s)) return true; // <your-token>, {token}
  if (s.includes('<') && s.includes('>')) return true; // token-<name>-here
  for (const t of TEMPLATE_OPENERS) if (s.includes(t)) return true;
  if (s.charCodeAt(0) === 36 /* $ */ && /^\$(?:env:)?[a-z_][a-z0-9_]*$/.test(s)) return true; // $ENV_VAR, $env:VAR
  if (s.charCodeAt(0) === 37 /* % */ && /^%[a-z_][a-z0-9_]*%$/.test(s)) return true; // %ENV_VAR%
  for (const w of PLACEHOLDER_WORDS) if (s.includes(w)) return true;
  // A run of 6+ identical characters (ghp_aaaaaaaa..., 1111111...) is a hand-typed filler.
  let run = 1;
  let maskOnly = true; // only x, *, ., -, _, #, 0 and bullets: a masked or blanked value
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (i > 0) {
      run = c === s.charCodeAt(i - 1) ? run + 1 : 1;
      if (run >= 6) return true;
    }
    if (c !== 120 && c !== 42 && c !== 46 && c !== 45 && c !== 95 && c !== 35 && c !== 48 && c !== 0x2022) {
      maskOnly = false;
    }
  }
  if (maskOnly && s.length >= 3) return true;
  // Sequences such as abcdefgh / 12345678 typed to fill a field.
  if (s.includes('abcdefgh') || s.includes('12345678') || s.includes('0123456789')) return true;
  return false;
}
