/**
 * Recognises hard-coded credentials in instance user data and function environments. Literal
 * values only: evaluation already turned references to secret stores into Unknowns, so a
 * string that reaches here was written into the configuration (or a variable default).
 */

const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/;
/** Credentials whose format gives them away whatever they are called (one quantifier each: linear). */
const KNOWN_TOKENS: [RegExp, string][] = [
  [AWS_KEY_ID, 'an AWS access key ID'],
  [PRIVATE_KEY, 'a private key'],
  [/\bghp_[A-Za-z0-9]{36}\b/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{40,}/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]{16,}/, 'a Slack webhook URL'],
  [/\b[sr]k_live_[A-Za-z0-9]{16,}/, 'a Stripe live key'],
  [/\bAIza[0-9A-Za-z_-]{35}/, 'a Google API key'],
];

/** The kind of well-known credential format found in a value or text, or undefined. */
export function knownToken(text: string): string | undefined {
  return KNOWN_TOKENS.find(([re]) => re.test(text))?.[1];
}
/** `export DB_PASSWORD="x"`, `password: x`, `ADMIN_TOKEN=x` — one anchored attempt per line. */
const ASSIGNMENT = /^\s*(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[=:]\s*(.*)$/;
/** `--password=x` / `--password x`: long options only, a bare `-p` means too many things. */
const PASSWORD_FLAG = /--(?:password|passwd|db-password|admin-password)(?:=|\s+)(\S+)/i;

/** Words that, as the last word of a name, mean the value is a credential. */
const SECRET_LAST_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials']);
const GLUED_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'apikey'];
/** `key` is a credential only after one of these (`API_KEY`, `AWS_SECRET_ACCESS_KEY`), not in `S3_KEY`. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'auth', 'license', 'client']);

/** `DB_PASSWORD` → [db, password]; `githubToken` → [github, token]; `api-key` → [api, key]. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * A variable or key name that, by convention, holds a credential: its last word says so
 * (`DB_PASSWORD`, `STRIPE_TOKEN`, `API_KEY`). Names that describe a secret (`SECRET_NAME`,
 * `TOKEN_AUDIENCE`, `PASSWORD_MIN_LENGTH`) end in another word and do not count.
 */
export function isSecretName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  if (last === undefined) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  // Run-together names: PGPASSWORD, CLIENTSECRET, csrftoken (not `bypass`: short words only match whole).
  if (GLUED_SUFFIXES.some((x) => last.endsWith(x))) return true;
  // Rails' SECRET_KEY_BASE signs every session cookie.
  if (w.slice(-3).join('_') === 'secret_key_base') return true;
  const prev = w[w.length - 2];
  return last === 'key' && prev !== undefined && KEY_QUALIFIERS.has(prev);
}

/** A literal that looks like an actual credential, not a reference, placeholder, path or flag. */
export function isLiteralSecretValue(raw: string): boolean {
  const v = raw.trim().replace(/^["']|["'];?$/g, '');
  if (v.length < 4) return false;
  // References and templates ($VAR, {{resolve:…}}, %VAR%, <placeholder>), paths, YAML structures and tags (`chpasswd: { expire: false }`).
  if (/^[${%</[|>!&*]/.test(v)) return false;
  if (/^arn:/i.test(v) || /^(?:ssm|secretsmanager|vault|aws):/i.test(v)) return false;
  if (/^(?:true|false|yes|no|none|null|on|off|required|optional)$/i.test(v)) return false;
  if (/^\d+$/.test(v)) return false;
  // Shell that reads the value at boot: command substitution, a file, a metadata call.
  if (v.includes('$(') || v.includes('`')) return false;
  return true;
}

/** What kind of secret a text (user data, a script) contains, or undefined. */
export function secretInText(text: string): string | undefined {
  const token = knownToken(text);
  if (token) return token;
  for (const line of text.split('\n')) {
    if (line.length > 4000) continue;
    const flag = PASSWORD_FLAG.exec(line);
    if (flag?.[1] !== undefined && isLiteralSecretValue(flag[1])) return 'a password on a command line';
    const m = ASSIGNMENT.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined && isSecretName(m[1]) && isLiteralSecretValue(m[2])) return `a literal value for ${m[1]}`;
    const inline = inlineAssignment(line);
    if (inline) return `a literal value for ${inline}`;
    if (chpasswdLiteral(line)) return 'a password piped to chpasswd';
  }
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * `NAME=value` inside a command (`echo "DB_PASSWORD=x" >> .env`, `docker run -e API_TOKEN=x`):
 * each whitespace-separated word is split at its first `=`. Returns the secret's name.
 */
function inlineAssignment(line: string): string | undefined {
  for (const word of line.split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq <= 0) continue;
    const name = word.slice(0, eq).replace(/^["']/, '');
    const value = word.slice(eq + 1);
    if (IDENTIFIER.test(name) && isSecretName(name) && isLiteralSecretValue(value)) return name;
  }
  return undefined;
}

const USER_PASS = /^[A-Za-z_][A-Za-z0-9_-]*:[^:\s]+$/;

/** `echo 'root:Passw0rd' | chpasswd`: a `user:password` word before the pipe into chpasswd. */
function chpasswdLiteral(line: string): boolean {
  const pipe = line.indexOf('|');
  if (pipe < 0 || !line.slice(pipe).includes('chpasswd')) return false;
  return line
    .slice(0, pipe)
    .split(/\s+/)
    .map((w) => w.replace(/^["']|["']$/g, ''))
    .some((w) => USER_PASS.test(w) && isLiteralSecretValue(w.slice(w.indexOf(':') + 1)));
}


/**
 * Decodes base64 user data (user_data_base64, launch templates) when it decodes to text;
 * plain text comes back unchanged. Undefined when it is neither.
 */
export function userDataText(v: string, base64: boolean): string | undefined {
  if (!base64) return v;
  const compact = v.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return v;
  const text = Buffer.from(compact, 'base64').toString('utf8');
  // Gzipped or binary payloads: nothing readable to check.
  return text.includes('\uFFFD') ? undefined : text;
}
