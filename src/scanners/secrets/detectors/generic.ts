import type { Detector } from '../detector.js';
import { b64decode, charClasses } from '../pattern-parts.js';
import { isPlaceholder, shannonEntropy } from '../filters.js';

/**
 * Generic detectors: a literal value assigned to a secret-like name. They carry most false
 * positives of any family, so the pattern is broad and cheap and check() does the judging:
 * first the name (split into words), then the value.
 */

const NAMES =
  '(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_.\\-]?key|access[_.\\-]?key|auth[_.\\-]?(?:key|token)|credentials?|private[_.\\-]?key|authorization' +
  '|signing[_.\\-]?key|encryption[_.\\-]?key|master[_.\\-]?key)';
const NAME_CHARS = 'A-Za-z0-9_.$@\\-';
const ASSIGN = `["'\`\\]]{0,2}[ \\t]{0,4}(?::=|=>|\\|\\|=|\\?\\?=|={1,3}|:)[ \\t]{0,4}`;
// Forms: name = value (code, .env, YAML, JSON, TOML, INI, HCL, shell), Dockerfile ENV/ARG with a
// space, XML element <password>value</password>, and a quoted name then the value as the next
// argument (os.Setenv("API_TOKEN", "..."), setdefault, setProperty, Map.of). XML attributes are the
// first form.
const prefix = (NAMES: string) =>
  `(?:(?:^|[^${NAME_CHARS}])[${NAME_CHARS}]*(?i:${NAMES})[A-Za-z0-9_.\\-]{0,24}${ASSIGN}` +
  `|["'\`][${NAME_CHARS}]*(?i:${NAMES})[A-Za-z0-9_.\\-]{0,24}["'\`][ \\t]{0,4},[ \\t]{0,4}` +
  `|(?m:^)[ \\t]*(?i:ENV|ARG)[ \\t]+[A-Za-z0-9_]{0,40}(?i:${NAMES})[A-Za-z0-9_]{0,24}[ \\t]+` +
  `|<[A-Za-z0-9_.:\\-]{0,40}(?i:${NAMES})[A-Za-z0-9_.:\\-]{0,24}>)`;
// '&' ends a value: it separates URL query and form parameters (token=...&state=...).
// A fallback after a lookup counts: process.env.X || 'literal', config.x ?? "literal".
const FALLBACK = `(?:[A-Za-z_$][\\w$.]{0,80}[ \\t]{0,4}(?:\\|\\||\\?\\?)[ \\t]{0,4})?`;
const VALUE = `${FALLBACK}["'\`]?(?:(?i:bearer|basic|token)[ \\t]+)?([^\\s"'\`\\\\<>(){}\\[\\],;&]{8,200})(?:[\\s"'\`,;)\\]}<&]|$)`;
const PATTERN = prefix(NAMES) + VALUE;
// { name: X, value: Y } entries: Kubernetes and Compose env lists, ECS task definitions, Helm values.
// The name may sit on the line before the value, so this one is not line-scoped.
// Terraform variables with a literal default are the same shape: variable "db_password" { default = "..." }.
const NAME_VALUE_PATTERN =
  `(?:["']?name["']?[ \\t]{0,4}[:=][ \\t]{0,4}["']?[A-Za-z0-9_.\\-]{0,40}(?i:${NAMES})[A-Za-z0-9_.\\-]{0,24}["']?` +
  `[ \\t]{0,4}[,\\r\\n][\\s,]{0,40}["']?value["']?[ \\t]{0,4}[:=][ \\t]{0,4}` +
  `|variable[ \\t]+"[A-Za-z0-9_\\-]{0,40}(?i:${NAMES})[A-Za-z0-9_\\-]{0,24}"[ \\t]*\\{[^}]{0,300}?default[ \\t]*=[ \\t]*)` +
  VALUE;
// password-assignment only cares for password names; a narrower alternation is also cheaper.
const PASSWORD_PATTERN = prefix('(?:pass(?:word|wd|phrase)?|pwd)') + VALUE.replace('{8,200}', '{6,200}');

const KEYWORDS = [
  'pass', 'pwd', 'secret', 'token', 'api_key', 'apikey', 'api-key', 'api.key', 'access_key', 'accesskey',
  'access-key', 'auth_key', 'authkey', 'auth-key', 'auth_token', 'authtoken', 'auth-token', 'credential',
  'private_key', 'privatekey', 'private-key', 'authorization', 'signing_key', 'signingkey', 'signing-key',
  'signing.key', 'encryption_key', 'encryptionkey', 'encryption-key', 'master_key', 'masterkey', 'master-key',
];

/** Words of an identifier: snake, kebab, dotted and camelCase split, lowercased. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ') // `HTTPServer` → `HTTP Server`, one letter at a time (no quadratic retry)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const SECRET_WORDS = new Set([
  'password', 'passwd', 'passphrase', 'pwd', 'pass', 'secret', 'secrets', 'token', 'apikey', 'credential',
  'credentials', 'authorization', 'authtoken', 'accesskey', 'privatekey', 'authkey', 'secretkey', 'accesstoken',
  'refreshtoken', 'clientsecret', 'dbpassword', 'dbpass',
]);
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'auth', 'secret', 'signing', 'encryption', 'master', 'client']);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'dbpassword', 'dbpass']);
// A name ending in one of these holds metadata about a secret, not the secret.
const DENY_LAST = new Set([
  'file', 'filename', 'path', 'dir', 'url', 'uri', 'endpoint', 'host', 'name', 'id', 'ids', 'type', 'length', 'len',
  'size', 'count', 'expiry', 'expires', 'expiration', 'ttl', 'timeout', 'header', 'prefix', 'suffix', 'field',
  'policy', 'format', 'pattern', 'regex', 'env', 'var', 'version', 'mode', 'enabled', 'required', 'label', 'hint',
  'message', 'error', 'provider', 'method', 'scope', 'scopes', 'audience', 'issuer', 'algorithm', 'alg', 'kind',
  'store', 'manager', 'service', 'ref', 'arn', 'location', 'min', 'max', 'rule', 'rules', 'reset', 'link',
  'template', 'param', 'params', 'key_id', 'keyid', 'source', 'class', 'helper', 'command', 'cmd', 'prompt',
  'placeholder', 'validator', 'strength', 'confirmation', 'input', 'option', 'options', 'flag', 'config', 'mount',
  'volume', 'selector', 'usage', 'status', 'state', 'index', 'position', 'lifetime', 'duration', 'secs', 'seconds',
  // A source file's name (`"routes/passphrase.js": "<commit sha>"` in a manifest), not a credential's.
  'js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx', 'py', 'rb', 'go', 'java', 'kt', 'php', 'cs', 'rs', 'sh',
]);
const DENY_ANY = new Set([
  'csrf', 'xsrf', 'nonce', 'hash', 'hashed', 'sha', 'sha1', 'sha256', 'sha512', 'md5', 'digest', 'checksum',
  'integrity', 'fingerprint', 'public', 'pub', 'publishable', 'example', 'sample', 'placeholder', 'mock', 'dummy',
  'fake', 'tokenizer', 'tokenize', 'bypass', 'compass', 'passenger', 'passed', 'passing', 'passthrough', 'pagination',
  'next', 'page', 'cursor', 'continuation', 'sync', 'lexer', 'parser', 'syntax',
]);

/** The assigned name at the start of a generic match. */
function assignedName(match: string): string {
  const m = /^\s*(?:(?:ENV|ARG)\s+)?[^A-Za-z0-9_.$@-]?<?([A-Za-z0-9_.$@:-]+)/i.exec(match);
  return m ? m[1]! : '';
}

type NameKind = 'password' | 'secret' | null;

/** What a name says its value is: a password, another secret, or neither. */
function nameKind(name: string): NameKind {
  const words = nameWords(name);
  if (words.length === 0) return null;
  const last = words[words.length - 1]!;
  if (DENY_LAST.has(last)) return null;
  if (words.some((w) => DENY_ANY.has(w))) return null;
  let secret = words.some((w) => SECRET_WORDS.has(w) && !PASSWORD_WORDS.has(w));
  for (let i = 0; i + 1 < words.length; i++) if (words[i + 1] === 'key' && KEY_QUALIFIERS.has(words[i]!)) secret = true;
  if (secret) return 'secret';
  return words.some((w) => PASSWORD_WORDS.has(w)) ? 'password' : null;
}

/** Values that are code, configuration or prose rather than a credential. */
// Words that make an identifier-shaped value read as code (a type, a class, a constant name).
const CODE_WORDS = new Set([
  'key', 'keys', 'private', 'public', 'token', 'tokens', 'secret', 'password', 'type', 'types', 'class', 'string',
  'bytes', 'config', 'value', 'values', 'name', 'data', 'handler', 'provider', 'manager', 'client', 'service',
  'context', 'factory', 'request', 'response', 'error', 'exception', 'header', 'headers', 'chars', 'exports',
  'module', 'default', 'options', 'settings', 'env', 'self', 'this', 'props', 'state', 'store', 'util', 'utils',
]);

/** Letters, digits, `_`, `$` and dots only, and made of words that code uses. */
function codeReference(v: string): boolean {
  if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(v)) return false;
  const words = nameWords(v);
  if (words.some((w) => CODE_WORDS.has(w))) return true;
  // a.b.c chains with few digits: process.env.TOKEN, exports2.HEADER_CHARS
  return v.includes('.') && (v.match(/[0-9]/g)?.length ?? 0) <= 2;
}

/** The value with one level of URL or base64 encoding removed, when that yields text. */
function unwrapped(v: string): string | null {
  if (/%[0-9A-Fa-f]{2}/.test(v)) {
    try {
      return decodeURIComponent(v);
    } catch {
      return null;
    }
  }
  if (v.length >= 12 && v.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(v)) {
    const d = b64decode(v);
    const t = d?.toString('latin1') ?? '';
    if (d && /^[\x20-\x7e]+$/.test(t)) return t;
  }
  return null;
}

export function notCredentialShaped(v: string): boolean {
  const inner = unwrapped(v);
  // secret%3Dpassword, base64("not my real password"): the stand-in is one encoding down.
  if (inner !== null && (isPlaceholder(inner) || /^[A-Za-z =&:.,'-]+$/.test(inner))) return true;
  if (codeReference(v)) return true;
  if (/^:[a-z]/.test(v)) return true; // :symbol, :py:data:
  if (/^[A-Za-z]+(?:\|[A-Za-z]+)+$/.test(v)) return true; // true|false, documented choices
  const l = v.toLowerCase();
  if (/^(?:true|false|null|nil|none|undefined|yes|no|on|off|string|required|optional|secret|password|token)$/.test(l)) return true;
  if (/^[\d.,_:+\-/]+$/.test(v)) return true; // numbers, dates, versions
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.test(v)) return true; // ISO 8601
  if (v.includes('://')) return true; // URLs: credentials in URLs are the urls family's job
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(v) || /\/[\w.-]+\.[a-z0-9]{1,5}$/.test(v)) return true; // file paths
  if (/^[a-z]+(?:[_\-.][a-z]+)*$/.test(v)) return true; // lowercase words, snake/kebab identifiers
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) return true; // ENV_VAR_NAMES
  if (/^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+$/.test(v)) return true; // camelCase / PascalCase words
  if (/^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v)) return true; // process.env.TOKEN, self.password
  if (/^\$(?:env:|[A-Za-z_])/.test(v) || /^%[A-Za-z_][\w]*%$/.test(v)) return true; // $VAR, $env:VAR, %VAR%
  if (/^(?:sha1|sha224|sha256|sha384|sha512|md5)[-:]/i.test(v)) return true; // labelled hashes, SRI
  if (/^!(?:vault|secret|ref|sub|getatt|env)/i.test(v)) return true; // YAML tags that point elsewhere
  if (/^[A-Za-z]:?$/.test(v)) return true;
  if (!/^[\x21-\x7e]+$/.test(v)) return true; // prose in another script; credentials are ASCII
  if (/^[a-z_.\-]+$/.test(v)) return true; // snake_case_ identifiers, dotted names
  if (/^[A-Za-z][a-z]+(?:[A-Z]+[a-z]+)*[A-Z]*$/.test(v)) return true; // Word, camelCaseWords, PassByValue
  if (/^0x[0-9a-f]+$/i.test(v)) return true; // hex literals
  if (/\?\.|::|&&|\|\||=>|->|[!=]=/.test(v)) return true; // code: a?.b, std::x, a && b, a => b
  if (/^!+[A-Za-z_$][\w$.]*$/.test(v)) return true; // !this.flag
  return false;
}

/** How the value sits in the match: the character before it (quote or not) and after it. */
function valueContext(v: string, match: string): { quote: string; after: string } {
  const i = match.lastIndexOf(v);
  const before = i > 0 ? match[i - 1]! : '';
  return { quote: /["'`]/.test(before) ? before : '', after: match[i + v.length] ?? '' };
}

/** Shared shape checks: a quoted value must be the whole string literal, a query value must be long. */
function wellPlaced(v: string, match: string, name: string): boolean {
  const { quote, after } = valueContext(v, match);
  if (/^\s*</.test(match) && after !== '<') return false; // <password>value</password> only
  if (quote && after !== quote) return false; // "Unexpected token, did you ..." — prose in quotes
  if (v === name) return false; // x = x
  // f("API_TOKEN", "value"): only a setting-like name (ADMIN_PASSWORD, jwt.secret) and a string
  // literal value; lists of quoted words ("password", "md5", ...) are not assignments.
  if (/^\s*["'`][^"'`]*["'`][ \t]*,/.test(match) && (!/[_.\-]/.test(name) || !quote)) return false;
  // ?token=... and a=1&token=...&b=2: query strings in badge URLs and protocol docs. Only long,
  // mixed values count there.
  if ((/^\s*[?&#]/.test(match) || after === '&') && (v.length < 20 || charClasses(v) < 3)) return false;
  return true;
}

/** Strong enough to be a machine-generated secret. */
function highEntropyValue(v: string): boolean {
  if (v.length < 10) return false;
  const h = shannonEntropy(v);
  const classes = charClasses(v);
  if (!/[0-9]/.test(v)) return false; // generated keys and tokens nearly always hold a digit
  if (v.length < 16) return classes >= 3 && h >= 3.0;
  if (/^[0-9a-f]+$/i.test(v)) return h >= 3.3 && /[0-9]/.test(v) && /[a-f]/i.test(v); // hex keys
  return classes >= 2 && /[0-9]/.test(v) && h >= 3.5;
}

/** The entry name of a name/value match. */
function entryName(match: string): string {
  const tf = /^variable\s+"([^"]+)"/.exec(match);
  if (tf) return tf[1]!;
  return /name["']?\s*[:=]\s*["']?([A-Za-z0-9_.-]+)/.exec(match)?.[1] ?? '';
}

export const detectors: Detector[] = [
  {
    id: 'secrets/generic/high-entropy-assignment',
    title: 'High-entropy secret assigned to a secret-like name',
    description: 'A random-looking literal assigned to a variable, key or setting named like a credential (password, secret, token, api_key, ...), in code or configuration.',
    remediation: 'Rotate the credential with its issuer, remove the literal, and read it at runtime from a secrets manager or environment variable.',
    severity: 'high',
    cwe: [798],
    references: ['https://cwe.mitre.org/data/definitions/798.html'],
    keywords: KEYWORDS,
    pattern: PATTERN,
    maxLength: 340,
    minEntropy: 3,
    check: (v, m) => {
      const name = assignedName(m);
      const kind = nameKind(name);
      if (kind === null || notCredentialShaped(v) || !highEntropyValue(v) || !wellPlaced(v, m, name)) return false;
      // Short values under a password name read as human passwords: password-assignment's job.
      return kind === 'secret' || v.length >= 16;
    },
  },
  {
    id: 'secrets/generic/password-assignment',
    title: 'Hard-coded password',
    description: 'A literal password assigned to a password-like name. Weaker than a random key but still a credential anyone with the source can use.',
    remediation: 'Change the password, remove the literal, and read it at runtime from a secrets manager or environment variable.',
    severity: 'medium',
    cwe: [798, 259],
    references: ['https://cwe.mitre.org/data/definitions/259.html'],
    keywords: ['pass', 'pwd'],
    pattern: PASSWORD_PATTERN,
    maxLength: 340,
    minEntropy: 2.2,
    // Strong values are reported once, by high-entropy-assignment.
    check: (v, m) => {
      const name = assignedName(m);
      if (nameKind(name) !== 'password' || notCredentialShaped(v) || !wellPlaced(v, m, name)) return false;
      if (v.length >= 16 && highEntropyValue(v)) return false;
      // A bare "pass" is also a compiler pass, a test pass, a stencil pass: only a quoted literal or
      // an UPPER_SNAKE setting counts.
      const words = nameWords(name);
      const onlyPass = !words.some((w) => PASSWORD_WORDS.has(w) && w !== 'pass');
      if (onlyPass && !valueContext(v, m).quote && !/^[A-Z0-9_]+$/.test(name)) return false;
      // Short two-class values (w6i7m4k) are as often ids and hashes as passwords.
      return charClasses(v) >= 3 || (charClasses(v) === 2 && v.length >= 12);
    },
  },
  {
    id: 'secrets/generic/name-value-pair',
    spansLines: true,
    title: 'High-entropy secret in a name/value entry or variable default',
    description: 'A random-looking literal in a { name, value } entry whose name is credential-like (Kubernetes or Compose env lists, ECS task definitions, Helm values), or the literal default of a credential-like Terraform variable.',
    remediation: 'Rotate the credential, remove the literal, and reference a secret instead (valueFrom.secretKeyRef, ECS secrets / valueFrom, a sealed or external secret).',
    severity: 'high',
    cwe: [798],
    references: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables'],
    keywords: KEYWORDS,
    pattern: NAME_VALUE_PATTERN,
    maxLength: 460,
    minEntropy: 3,
    check: (v, m) => {
      const name = entryName(m);
      const at = m.search(/value|default/i);
      return nameKind(name) !== null && !notCredentialShaped(v) && highEntropyValue(v) && wellPlaced(v, m.slice(at), name);
    },
  },
];
