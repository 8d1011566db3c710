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

const SECRET_WORDS = ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey', 'api_key', 'api-key', 'accesskey', 'access_key', 'private_key', 'privatekey', 'credential'];
/** Names that hold a pointer to a secret, or a setting about one, not the secret itself. */
const POINTER_SUFFIXES = ['_arn', '_name', '_id', '_path', '_param', '_parameter', '_ssm', '_file', '_region', '_url', '_uri', '_endpoint', '_ttl', '_expiry', '_expiration', '_length', '_type', '_header', '_policy', '_version', '_enabled', '_key_id', '_location', '_ref'];

/** A variable or key name that, by convention, holds a credential. */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase();
  if (!SECRET_WORDS.some((w) => n.includes(w))) return false;
  return !POINTER_SUFFIXES.some((s) => n.endsWith(s) || n.endsWith(s.replace('_', '')) || n.endsWith(s.replace('_', '-')));
}

/** A literal that looks like an actual credential, not a reference, placeholder, path or flag. */
export function isLiteralSecretValue(raw: string): boolean {
  const v = raw.trim().replace(/^["']|["'];?$/g, '');
  if (v.length < 4) return false;
  if (v.startsWith('$') || v.startsWith('{{') || v.startsWith('%') || v.startsWith('<') || v.startsWith('/')) return false;
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
  }
  return undefined;
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
