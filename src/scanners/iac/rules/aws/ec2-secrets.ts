/**
 * Recognises hard-coded credentials in instance user data and function environments. Literal
 * values only: evaluation already turned references to secret stores into Unknowns, so a
 * string that reaches here was written into the configuration (or a variable default).
 */

const AWS_KEY_ID = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/;
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
  if (AWS_KEY_ID.test(text)) return 'an AWS access key ID';
  if (PRIVATE_KEY.test(text)) return 'a private key';
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

/** AWS access key ID anywhere in a value. */
export const hasAwsKeyId = (v: string): boolean => AWS_KEY_ID.test(v);

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
