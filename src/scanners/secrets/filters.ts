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
  'yourtoken', 'yourkey', 'yoursecret', 'yourpassword', 'insert', 'redacted', 'replace', 'foobar',
  'notasecret', 'not_a_secret', 'not-a-secret', 'fake', 'lorem', 'xxxxxx', '******', '......', '000000',
  'todo', 'fixme', 'secretkey', 'mysecret', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'pa$$w0rd',
  'pa$$word',
];

/**
 * True when the value looks like a placeholder, template or documentation example rather than a
 * real credential: template syntax, angle-bracket holes, long runs of one character, stopwords.
 */
export function isPlaceholder(secret: string): boolean {
  const s = secret.toLowerCase();
  if (/^[<{[(].*[>}\])]$/.test(s)) return true; // <your-token>, {token}
  if (s.includes('${') || s.includes('{{') || s.includes('%(') || s.includes('$(')) return true;
  if (s.startsWith('$') && /^\$[a-z_][a-z0-9_]*$/.test(s)) return true; // $ENV_VAR
  for (const w of PLACEHOLDER_WORDS) if (s.includes(w)) return true;
  // A run of 6+ identical characters (ghp_aaaaaaaa..., 1111111...) is a hand-typed filler.
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s.charCodeAt(i) === s.charCodeAt(i - 1) ? run + 1 : 1;
    if (run >= 6) return true;
  }
  // Sequences such as abcdefgh / 12345678 typed to fill a field.
  if (s.includes('abcdefgh') || s.includes('12345678') || s.includes('0123456789')) return true;
  return false;
}
