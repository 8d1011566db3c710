/**
 * Credentials written into code where code uses them: the key of jwt.sign/verify, createHmac and
 * createCipheriv, express-session / cookie-parser secrets, OAuth strategy client secrets, database
 * and mail connection passwords, `password === 'literal'` checks, and literals stored under
 * credential names. Provider tokens (AKIA…, ghp_…) and credentials inside URLs are left to the
 * secrets scanner, which already reports them with their own rules.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, unwrap, type ApiNames } from '../ir/api-names.js';
import {
  type FileFacts, type N, callsNamed, factsOf, foreignPasswordName, hitAt, keyName, lastName, namesIn, objectOf, propValue, resolve, stringValue,
  words,
} from './ast-facts.js';
import { isPlaceholder } from '../../secrets/filters.js';
import { notCredentialShaped } from '../../secrets/detectors/generic.js';

// Provider token shapes the secrets scanner detects on its own (reported there, not twice).
const PROVIDER_TOKEN = /^(?:AKIA|ASIA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abposr]-|sk_live_|sk_test_|rk_live_|AIza|SG\.|npm_|hf_|sk-|-----BEGIN)/;

/** Literals that announce themselves as stand-ins, whatever the context. */
export function obviousExample(v: string): boolean {
  const s = v.trim().toLowerCase();
  if (s.length === 0) return true;
  if (/\$\{|\{\{|%s|<[^<>]*>|^\*+$|^x+$|^\.+$/.test(s)) return true;
  if (/changeme|change[_-]me|change[_-]?this|replace|your[_-]?|placeholder|example|xxx|todo|fixme|insert[_-]|redacted|test|dummy|fake|mock|sample/.test(s)) return true;
  if (s === 'password' || s === 'passwd' || s === 'null' || s === 'undefined' || s === 'none') return true;
  return /^(.)\1*$/.test(s);
}

/** Text that is no key yet: empty, short, templated, masked (`${KEY}`, `<secret>`, `***`). */
function notAValue(v: string): boolean {
  const s = v.trim();
  return s.length < 4 || /\$\{|\{\{|%s|<[^<>]*>|^\*+$|^x+$|^\.+$/i.test(s) || /^(.)\1*$/.test(s) || /test|dummy|fake|mock|sample|example/i.test(s);
}

/**
 * `process.env.JWT_SECRET || 'dev-secret'` (or `??`): the literal is the secret wherever the
 * variable is unset, so even a stand-in ('change-me', 'keyboard cat') is reported; an empty or
 * templated default is not a secret.
 */
function fallbackValue(node: N | undefined, f: FileFacts, api: ApiNames): { value: string; node: N } | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type !== 'LogicalExpression' || (n.operator !== '||' && n.operator !== '??') || !fromEnvironment(n.left, api)) return undefined;
  const r = resolve(n.right, f);
  const v = stringValue(r);
  if (!r || v === undefined || v.trim().length < 4 || v.includes('${') || providerToken(v) || /^[a-z]+:\/\//i.test(v)) return undefined;
  return { value: v, node: r };
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`, or a chain of them joined by `||`/`??`. */
function fromEnvironment(node: N, api: ApiNames): boolean {
  const n = unwrap(node);
  if (n.type === 'LogicalExpression') return fromEnvironment(n.left, api) && (fromEnvironment(n.right, api) || stringValue(unwrap(n.right)) !== undefined);
  if (n.type !== 'MemberExpression') return false;
  const o = unwrap(n.object);
  if (o.type === 'MemberExpression' && unwrap(o.object).type === 'MetaProperty' && lastName(o) === 'env') return true;
  return api.pathOf(o) === 'process.env';
}

/**
 * `this.JWT_SECRET` read where a class of the file declares that field with a value
 * (`private readonly JWT_SECRET = '…'`): the field's value, when only one field has that name.
 */
function thisField(node: N, f: FileFacts): N | undefined {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression' || n.computed || unwrap(n.object).type !== 'ThisExpression') return undefined;
  const name = lastName(n);
  const hits = f.fields.filter((fd) => !fd.computed && !fd.static && keyName(fd) === name);
  return hits.length === 1 ? (hits[0]!.value as N) : undefined;
}

/**
 * A provider token the secrets scanner reports itself: its prefix and a real token's length
 * (`sk-prod-1234567890abcdef` is no OpenAI key, so nobody else would report it).
 */
function providerToken(v: string): boolean {
  if (!PROVIDER_TOKEN.test(v) || v.length < (v.startsWith('sk-') ? 40 : 20)) return false;
  // 'sk_live_demo_stripe_key_never_use_in_client': a tail of words no provider's pattern matches,
  // so the secrets scanner stays quiet and only this rule can report it.
  return !WORDY_TAIL.test(v);
}
const WORDY_TAIL = /^[A-Za-z]+[_.-](?:[a-z]+[_-]){2,}[a-z0-9]+$/;

/** `'sk' + '_live_' + '…'`: literals glued together (to dodge secret scanners), up to 8 parts. */
function gluedLiterals(n: N): string | undefined {
  const parts: string[] = [];
  let cur: N = n;
  for (let i = 0; i < 8; i++) {
    if (cur.type !== 'BinaryExpression' || cur.operator !== '+') break;
    const r = stringValue(cur.right as N);
    if (r === undefined) return undefined;
    parts.push(r);
    cur = unwrap(cur.left as N);
  }
  const first = stringValue(cur);
  if (first === undefined || parts.length === 0) return undefined;
  return first + parts.reverse().join('');
}

/**
 * A literal used as a credential by an API that needs one: only obvious stand-ins are excused.
 * With `standIns` (the app's session middleware, configured once for every user), a stand-in
 * ('your-secret-key', 'changeme') is the key the app runs with and counts; only text that is not a
 * value yet (empty, templated, masked) or says it is for tests is excused.
 */
function sinkValue(node: N | undefined, f: FileFacts, standIns = false): { value: string; node: N } | undefined {
  if (!node) return undefined;
  // The literal itself (through constants), so `const K = '…'; jwt.sign(p, K)` is reported once, at K.
  let n = resolve(thisField(node, f) ?? node, f);
  // Buffer.from('k3y…'[, 'utf8']) as a cipher or HMAC key: the literal is the key.
  if (n && n.type === 'CallExpression' && lastName(n.callee) === 'from' && n.callee.type === 'MemberExpression'
    && unwrap(n.callee.object).type === 'Identifier' && unwrap(n.callee.object).name === 'Buffer') n = resolve(n.arguments[0] as N | undefined, f);
  if (n && n.type === 'BinaryExpression') {
    // Glued text is invisible to the secrets scanner, so provider shapes are reported here too.
    const g = gluedLiterals(n);
    return g === undefined || obviousExample(g) || /^[a-z]+:\/\//i.test(g) ? undefined : { value: g, node: n };
  }
  const v = stringValue(n);
  if (!n || v === undefined || (standIns ? notAValue(v) : obviousExample(v)) || providerToken(v)) return undefined;
  if (/^[a-z]+:\/\//i.test(v)) return undefined; // URL-shaped: the secrets scanner's URL rules
  return { value: v, node: n };
}

/**
 * Weak values real code does ship as its password or key (password123, a 12345678 run): the
 * secrets scanner's placeholder filter drops them as documentation fillers, but under a
 * credential name in code they are the credential, and a weak one.
 */
const WEAK_BUT_REAL = /password123|passw0rd|p@ssw0rd|secretkey|mysecret|0123456789|12345678|abcdefgh/i;
const WEAK_BUT_REAL_ALL = new RegExp(WEAK_BUT_REAL.source, 'gi');

/**
 * A password hash in modular crypt format (bcrypt `$2b$12$…`, argon2 `$argon2id$v=19$…`, scrypt,
 * sha512-crypt `$6$…`): seed data stores these, and nobody logs in with one.
 */
const CRYPT_HASH = /^\$(?:2[abxy]?|argon2(?:id|i|d)|scrypt|pbkdf2[\w-]*|[1567]|y|gy)\$/;

/** A literal under a credential name: must also look like a credential, not a label or a word. */
function namedValue(node: N | undefined, f: FileFacts): { value: string; node: N } | undefined {
  const s = sinkValue(node, f);
  if (!s || s.value.length < 6 || CRYPT_HASH.test(s.value)) return undefined;
  // 'mysecretpass', 'password123': word-shaped, but the weak words make it a real (weak) password, not a label.
  const judged = WEAK_BUT_REAL.test(s.value) ? s.value.replace(WEAK_BUT_REAL_ALL, 'Q7') : s.value;
  if (isPlaceholder(judged) || notCredentialShaped(judged) || /\s/.test(s.value)) return undefined;
  // prod/db/password, app/jwt-secret: the name of a secret in a store, not the secret.
  if (/^[a-z_-]+(?:\/[a-z_-]+)+$/.test(s.value)) return undefined;
  return s;
}

/**
 * A literal under a signing-secret name (jwtSecret, SESSION_SECRET, cookieSecret): it signs
 * whatever it looks like, so a word-shaped value ('my_jwt_secret', 'mySecretKey') counts too, as
 * for fallbacks. Still not: stand-ins (changeme, your-…), env var names, store paths, dotted code
 * references, URLs, or the name itself written as a value (`{ jwtSecret: 'jwt_secret' }`).
 */
function signingValue(name: string, node: N | undefined, f: FileFacts): { value: string; node: N } | undefined {
  if (!SIGNING_NAME.test(name)) return undefined;
  const s = sinkValue(node, f);
  if (!s || s.value.length < 6 || /\s/.test(s.value)) return undefined;
  const v = s.value;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v) || /^[a-z_-]+(?:\/[a-z_-]+)+$/.test(v) || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v)) return undefined;
  // A regular expression's source under the name (a detector's `API_SECRET = '(?:…)…'`) describes secrets, it is none.
  if (REGEX_SYNTAX.test(v)) return undefined;
  const flat = (x: string): string => x.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (flat(v) === flat(name) || STAND_IN_SECRETS.has(flat(v))) return undefined;
  return s;
}
const REGEX_SYNTAX = /\(\?[:=!<]|\\[wsdbWSD]|\{\d{1,3},\d{0,3}\}|\[\^?[\w\\-]{1,40}\][*+?]/;
const STAND_IN_SECRETS = new Set(['secret', 'jwtsecret', 'sessionsecret', 'cookiesecret', 'signingkey', 'secretkey', 'hmacsecret']);

const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pass', 'dbpassword', 'dbpass']);
const SECRET_WORDS = new Set(['secret', 'apikey', 'token', 'accesstoken', 'authtoken', 'clientsecret', 'secretkey', 'privatekey', 'accesskey', 'credentials', 'credential']);
const TOKEN_QUALIFIERS = new Set(['access', 'auth', 'api', 'bearer', 'refresh', 'session', 'secret', 'id', 'github', 'gitlab', 'slack', 'bot', 'app', 'client', 'personal', 'private', 'jwt', 'oauth', 'security', 'admin', 'service', 'webhook', 'npm', 'deploy']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'auth', 'secret', 'signing', 'encryption', 'master', 'client', 'app', 'consumer']);
// The name holds something about the credential (its field name, URL, length, message), not it.
const META = new Set([
  'file', 'filename', 'path', 'dir', 'url', 'uri', 'endpoint', 'host', 'name', 'id', 'type', 'length', 'len', 'size', 'count',
  'expiry', 'expires', 'expiration', 'ttl', 'timeout', 'header', 'prefix', 'suffix', 'field', 'policy', 'format', 'pattern',
  'regex', 'env', 'var', 'version', 'mode', 'enabled', 'required', 'label', 'hint', 'message', 'msg', 'error', 'text',
  'title', 'provider', 'method', 'scope', 'scopes', 'audience', 'issuer', 'algorithm', 'alg', 'kind', 'ref', 'location',
  'min', 'max', 'rule', 'rules', 'reset', 'link', 'template', 'param', 'selector', 'input', 'placeholder', 'validator',
  'strength', 'confirmation', 'confirm', 'status', 'state', 'index', 'route', 'event', 'column', 'attribute', 'storage',
  'cookie', 'query', 'description', 'desc', 'prompt', 'hash', 'hashed', 'salt', 'digest', 'csrf', 'xsrf', 'nonce',
  'public', 'publishable', 'mock', 'fake', 'dummy', 'sample', 'test', 'invalid', 'wrong', 'bad', 'old', 'new', 'forgot',
  'arn', 'region', 'bucket', 'vault', 'store', 'manager', 'service', 'namespace', 'version', 'kid',
]);

// A compared name is the credential only when it ends with the credential word (`apiKey`, `adminPassword`);
// `passwordEncoding` or `tokenKind` holds something about it.
const CHECKED_LAST = new Set([...PASSWORD_WORDS, ...SECRET_WORDS, 'key', 'pin', 'passcode', 'value']);
// Encodings, digests and algorithms: the values such settings are compared with (`=== 'base64url'`), never a key.
const ENCODING_WORD = /^(?:base(?:16|32|58|64)(?:url)?|hex|binary|latin1|ascii|ucs-?2|utf-?(?:8|16(?:le)?)|(?:sha|md|shake)-?\d+|sha3-\d+|bcrypt|b?crypt|s?crypt|argon2(?:i|d|id)?|pbkdf2|[hrpe]s\d{3}|aes-?\d+(?:-[a-z]+)?|chacha20(?:-poly1305)?|ed25519|x25519|rsa(?:-\w+)?|jwk|pem|der|json|plain)$/i;

// Every credential name contains one of these; most names in a file do not, and skip the split.
const HINT = /pass|pwd|secret|token|key|credential|senha|contrase|wort|wachtw|has[l\u0142]o|heslo|parola|ifre|lozinka|salasana|senord|adgangs|jelsz/i;

export function credentialName(name: string): 'password' | 'secret' | undefined {
  if (!HINT.test(name)) return undefined;
  const ws = words(name);
  if (ws.length === 0 || ws.some((w) => META.has(w))) return undefined;
  const last = ws[ws.length - 1]!;
  // TOKEN_KEY / PASSWORD_KEY name a storage slot; API_KEY / SECRET_KEY are the credential.
  if (last === 'key' && ws.length > 1 && !KEY_QUALIFIERS.has(ws[ws.length - 2]!)) return undefined;
  // A bare 'token' is also a lexer's or a pagination cursor's: it needs a qualifier
  // (accessToken, API_TOKEN, authToken) or to be the whole name.
  if (ws.some((w) => SECRET_WORDS.has(w) && w !== 'token')) return 'secret';
  const t = ws.indexOf('token');
  if (t >= 0 && (ws.length === 1 || (t > 0 && TOKEN_QUALIFIERS.has(ws[t - 1]!)))) return 'secret';
  for (let i = 0; i + 1 < ws.length; i++) if (ws[i + 1] === 'key' && KEY_QUALIFIERS.has(ws[i]!)) return 'secret';
  if (ws.some((w) => PASSWORD_WORDS.has(w)) || foreignPasswordName(name)) return 'password';
  return undefined;
}

// Calls whose object argument is data (a request body, a record, an assertion), not configuration.
const DATA_CALLS = new Set([
  'send', 'post', 'put', 'patch', 'get', 'create', 'insert', 'insertOne', 'insertMany', 'save', 'update', 'updateOne', 'upsert',
  'findOne', 'find', 'where', 'stringify', 'login', 'signIn', 'signin', 'signup', 'signUp', 'register', 'type', 'fill',
  'mockResolvedValue', 'mockReturnValue', 'mockResolvedValueOnce', 'mockReturnValueOnce', 'toEqual', 'toMatchObject',
  'toStrictEqual', 'toHaveBeenCalledWith', 'build', 'fetch', 'request', 'json', 'render', 'emit', 'dispatch', 'commit',
  'setState', 'push', 'validate', 'parse', 'safeParse', 'set', 'mutate', 'mutateAsync', 'submit', 'write', 'log',
]);

// createUser, addAccount, registerUser, loginAs, updateProfile, expectLogin…: records and requests.
const DATA_VERB = /^(?:create|add|insert|update|upsert|register|login|log|sign|set|save|send|post|put|patch|submit|fill|type|mock|expect|to|validate|check|verify|find|get|fetch|reset|change|seed|make|build|new)(?:[A-Z_]|$)/;

// createConnection, new Pool, createTransport, new Sequelize: connection and client settings.
const CONFIG_CALL = /(?:Connection|Pool|Client|Transport|Transporter|Server|Agent|Config|Options|Store|Strategy|Session|Sequelize|DataSource|Knex|knex|Redis|Cluster|App|connect)$/;

/**
 * `app.register(plugin, { password, secret })`: a Fastify/Hapi plugin's options, not a sign-up
 * record (`register({ email, password })` has the record first).
 */
function pluginOptions(call: N, arg: N): boolean {
  const args = call.arguments as N[];
  return call.type === 'CallExpression' && lastName(call.callee) === 'register' && args.length >= 2 && args[0] !== arg
    && unwrap(args[0]!).type !== 'ObjectExpression';
}

/** Is this object literal (or one it is nested in) an argument of a connection/client factory? */
function inConfigCall(obj: N, f: FileFacts): boolean {
  let cur = obj;
  for (let i = 0; i < 8; i++) {
    const p = f.parent.get(cur);
    if (!p) return false;
    if (p.type === 'CallExpression' || p.type === 'NewExpression') {
      if (p.callee !== cur && pluginOptions(p, cur)) return true;
      const name = p.callee === cur ? undefined : lastName(p.callee);
      return !!name && CONFIG_CALL.test(name);
    }
    if (p.type !== 'Property' && p.type !== 'ObjectExpression') return false;
    cur = p;
  }
  return false;
}

const PASSWORD_KEYS = new Set(['password', 'pass', 'passwd', 'pwd']);

/** Names of keys that sign or encrypt (sessions, JWTs, cookies, HMACs), not credentials sent elsewhere. */
const SIGNING_NAME = /secret|signing|session|jwt|hmac|cookie|encrypt/i;

/** Services an app sends its key to (STRIPE_SECRET, GITHUB_CLIENT_SECRET): the key logs in there, it signs nothing here. */
const OUTBOUND_WORDS = new Set([
  'api', 'client', 'consumer', 'stripe', 'openai', 'anthropic', 'aws', 'github', 'gitlab', 'slack', 'twilio', 'sendgrid',
  'mailgun', 'google', 'firebase', 'supabase', 'paypal', 'algolia', 'sentry', 'cloudinary', 'pusher', 'mapbox', 'shopify',
  'discord', 'telegram', 'azure', 'resend', 'postmark', 'plaid', 'razorpay', 'braintree', 'mailchimp', 'hubspot', 'twitter',
  'facebook', 'spotify', 'dropbox', 'zoom',
]);

/**
 * A credential the app presents to another service rather than one it checks or signs with: its
 * stand-in only fails to log in there. A webhook secret verifies what arrives, so it never is.
 */
function outboundName(name: string): boolean {
  if (!SIGNING_NAME.test(name)) return true;
  const ws = words(name);
  // API_SECRET names no service: it is usually the app's own HMAC or webhook key, so `api` alone does not make a secret outbound.
  const secret = ws.includes('secret');
  return !ws.includes('webhook') && !/jwt|session|cookie|hmac|signing/i.test(name) && ws.some((w) => OUTBOUND_WORDS.has(w) && !(w === 'api' && secret));
}

/**
 * Defaults that ship with servers and tutorials ('changeme', 'admin', 'secret'): the first values
 * anyone tries, so a fallback to one is reported even for an outbound key (a service configured
 * with the same default accepts it). Compared without case, dashes, underscores or spaces.
 */
const WELL_KNOWN_DEFAULTS = new Set([
  'changeme', 'changeit', 'changethis', 'secret', 'password', 'passwd', 'pass', 'admin', 'administrator', 'root', 'default',
  'test', 'test123', 'testing', 'guest', 'letmein', 'qwerty', '123456', '12345678', 'password123', 'admin123', 'secret123',
  'supersecret', 'mysecret', 'secretkey', 'toor',
]);
function wellKnownDefault(v: string): boolean {
  return WELL_KNOWN_DEFAULTS.has(v.toLowerCase().replace(/[-_ ]/g, ''));
}

/** Words joined by dashes, underscores or spaces, no digits: 'only-on-server', 'not-configured', 'missing api key'. */
const PLACEHOLDER_PHRASE = /^[a-z]+(?:[-_ ][a-z]+){1,5}$/;

/** Response receivers: Express/Node `res`, Fastify `reply`; `res.status(200).json(…)` is walked down to them. */
const RESPONSE_ROOT = /^(?:res|resp|response|reply)$/;
const RESPONSE_SEND = new Set(['json', 'send', 'jsonp', 'end', 'write']);

/** Is this object literal (or one it is nested in) an argument of a response send (`res.json([...])`)? */
function inResponse(obj: N, f: FileFacts): boolean {
  let cur = obj;
  for (let i = 0; i < 8; i++) {
    const p = f.parent.get(cur);
    if (!p) return false;
    if (p.type === 'CallExpression') {
      const c = unwrap(p.callee);
      if (p.callee === cur || c.type !== 'MemberExpression' || !RESPONSE_SEND.has(lastName(c) ?? '')) return false;
      let o = unwrap(c.object);
      for (let j = 0; j < 4 && o.type === 'CallExpression' && unwrap(o.callee).type === 'MemberExpression'; j++) o = unwrap(unwrap(o.callee).object);
      return o.type === 'Identifier' && RESPONSE_ROOT.test(o.name);
    }
    if (p.type !== 'Property' && p.type !== 'ObjectExpression' && p.type !== 'ArrayExpression') return false;
    cur = p;
  }
  return false;
}

/** Is this object literal (or one it is nested in) an argument of a data-taking call? */
function inDataCall(obj: N, f: FileFacts): boolean {
  let cur = obj;
  for (let i = 0; i < 8; i++) {
    const p = f.parent.get(cur);
    if (!p) return false;
    if (p.type === 'CallExpression' || p.type === 'NewExpression') {
      if (p.callee === cur) return false;
      const name = lastName(p.callee);
      if ((name && CONFIG_CALL.test(name)) || pluginOptions(p, cur)) return false;
      if (name && DATA_VERB.test(name)) return true;
      if (p.type === 'NewExpression') return !!name && /^[A-Z]/.test(name);
      return !!name && DATA_CALLS.has(name);
    }
    if (p.type !== 'Property' && p.type !== 'ObjectExpression' && p.type !== 'ArrayExpression' && p.type !== 'SpreadElement') return false;
    cur = p;
  }
  return false;
}

/**
 * `const DB_PASSWORD = 'supersecretpassword'` then `mongoose.connect(\`mongodb://u:${DB_PASSWORD}@h\`)` or
 * `createConnection({ password: DB_PASSWORD })`: a password-named constant that a connection call
 * reads is the password however word-shaped its value (the name-only check excuses word-shaped
 * values, which are often labels). Stand-ins, placeholders, prose and short values still are not.
 */
function connectionPasswords(f: FileFacts, report: (node: N, message: string) => void): void {
  const wanted = new Map<string, N>();
  for (const d of f.declarators) {
    if (d.id.type !== 'Identifier' || !d.init || credentialName(d.id.name) !== 'password') continue;
    const v = stringValue(unwrap(d.init));
    if (v === undefined || v.length < 6 || /\s/.test(v) || obviousExample(v) || isPlaceholder(v) || /^[a-z]+:\/\//i.test(v)) continue;
    if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(v)) continue; // an env var's name, not its value
    if ((f.decls.get(d.id.name)?.length ?? 0) > 1 || f.reassigned.has(d.id.name)) continue;
    wanted.set(d.id.name, unwrap(d.init));
  }
  if (wanted.size === 0) return;
  for (const c of f.calls) {
    const name = lastName(c.node.callee);
    if (!name || !CONFIG_CALL.test(name)) continue;
    for (const a of c.node.arguments as N[]) {
      for (const used of namesIn(a, 60)) {
        const lit = wanted.get(used);
        if (lit) report(lit, `'${used}' is a literal password that ${name}() connects with; load it from the environment or a secrets manager`);
      }
    }
  }
}

const CONFIG_SECRET_PROPS = new Set(['clientSecret', 'consumerSecret', 'secretOrKey', 'secretOrPrivateKey', 'client_secret', 'consumer_secret']);

export const hardcodedCredentials: AstRule = {
  meta: {
    id: 'sast/js/hardcoded-credentials',
    title: 'Hard-coded credential used by the code',
    severity: 'high',
    cwe: [798, 321],
    description:
      'A password, signing key or secret is a literal in the source and is used as one: the key of jwt.sign/verify, ' +
      'createHmac or createCipheriv, an express-session or cookie-parser secret, an OAuth client secret, a database or ' +
      'mail password, a comparison with a fixed password, or a literal stored under a credential name. Everyone with the ' +
      'code (and its history) can forge tokens or log in. Provider tokens (AWS, GitHub, Stripe…) and passwords inside ' +
      'connection URLs are reported by the secrets scanner instead, not here.',
    remediation:
      'Load secrets at runtime (environment, a secrets manager, Rampart\'s vault), rotate the exposed value, and keep ' +
      'per-environment values out of the repository. Use long random signing keys.',
    references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    const reported = new Set<N>();
    const report = (node: N, message: string): void => {
      if (reported.has(node)) return;
      reported.add(node);
      out.push(hitAt(node, message));
    };
    const sink = (node: N | undefined, what: string, standIns = false): void => {
      const fb = node ? fallbackValue(thisField(node, f) ?? node, f, api) : undefined;
      if (fb) return report(fb.node, `a literal is the ${what} wherever the environment variable is unset; anyone with the code can use it. Refuse to start without it instead of falling back`);
      const s = sinkValue(node, f, standIns);
      if (s) report(s.node, `a literal is the ${what}; anyone with the code can use it. Load it from the environment or a secrets manager`);
    };
    /**
     * A credential-named value that falls back to a literal: `sessionSecret: process.env.S || 'dev'`.
     * A signing secret's stand-in still signs (anyone can forge with it), so it is reported whatever
     * it says; an outbound key's placeholder (`API_KEY ?? '<your-api-key>'`) only fails to log in.
     */
    const namedFallback = (name: string, value: N | null | undefined, kind: string): boolean => {
      const fb = fallbackValue(value ?? undefined, f, api);
      // A password's word-phrase default is what the local database is set up with, so only keys and tokens are excused by one.
      if (!fb) return false;
      const phrase = kind !== 'password' && PLACEHOLDER_PHRASE.test(fb.value) && !PROVIDER_TOKEN.test(fb.value);
      if (outboundName(name) && (isPlaceholder(fb.value) || phrase) && !wellKnownDefault(fb.value)) return false;
      report(fb.node, `'${name}' falls back to a literal ${kind} when the environment variable is unset; refuse to start without it instead`);
      return true;
    };
    const secretProps = (opts: N | undefined, names: string[], what: string, standIns = false): void => {
      for (const name of names) {
        const v = propValue(opts, name);
        if (!v) continue;
        const r = unwrap(v);
        if (r.type === 'ArrayExpression') for (const e of r.elements as (N | null)[]) sink(e ?? undefined, what, standIns);
        else sink(v, what, standIns);
      }
    };

    const strategies = [...f.callsByName.keys()].filter((k) => k.endsWith('Strategy'));
    const candidates = callsNamed(f, 'sign', 'verify', 'createHmac', 'createCipheriv', 'createDecipheriv', 'cookie-parser', 'express-session',
      'cookie-session', 'express-jwt', 'expressjwt', 'koa-jwt', 'sequelize', 'Sequelize', ...strategies);
    for (const c of new Set(candidates)) {
      const args = c.node.arguments as N[];
      const path = c.path;
      if (path && apiMatches('jsonwebtoken.{sign,verify}', path)) sink(args[1], 'JWT signing key');
      else if (path && apiMatches('crypto.createHmac', path)) sink(args[1], 'HMAC key');
      else if (path && apiMatches('crypto.{createCipheriv,createDecipheriv}', path)) sink(args[1], 'encryption key');
      else if (path === 'cookie-parser') sink(args[0], 'cookie signing secret', true);
      else if (path === 'express-session' || path === 'cookie-session') secretProps(objectOf(args[0], f), ['secret', 'keys'], 'session signing secret', true);
      else if (path && (apiMatches('{express-jwt,express-jwt.expressjwt,koa-jwt}', path))) secretProps(objectOf(args[0], f), ['secret'], 'JWT secret');
      else if (c.isNew && path && (path === 'sequelize' || path === 'sequelize.Sequelize')) {
        const v = sinkValue(args[2], f);
        if (v && !isPlaceholder(v.value)) report(v.node, 'the database password is a literal in new Sequelize(); load it from the environment');
      } else if (c.isNew && c.name?.endsWith('Strategy')) secretProps(objectOf(args[0], f), ['secret', 'secretOrKey'], 'strategy secret');
    }
    // crypto-js: AES.encrypt(text, 'passphrase'), HmacSHA256(message, 'key'); require('crypto-js/aes') reads as crypto-js.aes.
    for (const c of callsNamed(f, 'encrypt', 'decrypt', 'HmacMD5', 'HmacSHA1', 'HmacSHA256', 'HmacSHA384', 'HmacSHA512')) {
      const path = c.path;
      if (!path) continue;
      const args = c.node.arguments as N[];
      if (/^crypto-js\.(?:AES|DES|TripleDES|Rabbit|RC4|RC4Drop|aes|tripledes|rabbit|rc4)\.(?:en|de)crypt$/.test(path)) sink(args[1], 'encryption key');
      else if (/^crypto-js\.(?:hmac-[a-z0-9]+|Hmac[A-Z0-9]+)$/.test(path)) sink(args[1], 'HMAC key');
    }

    // A property's parent costs a descent from the root (rules/ast-facts.ts Parents): it is looked
    // up only for the few keys that name a credential, not for every property of the file.
    for (const p of f.properties) {
      const k = keyName(p);
      if (!k) continue;
      if (CONFIG_SECRET_PROPS.has(k)) {
        const s = sinkValue(p.value, f);
        if (s && !isPlaceholder(s.value) && !inDataCall(f.parent.get(p)!, f)) report(s.node, `'${k}' is a literal; load the OAuth/JWT secret from the environment or a secrets manager`);
        continue;
      }
      // createConnection({ password: 'root' }): a connection password, however short or plain.
      if (PASSWORD_KEYS.has(k) && inConfigCall(f.parent.get(p)!, f)) {
        // createPool({ password: process.env.DB_PASSWORD || 'dev-pass' }): the literal is the password when unset.
        if (namedFallback(k, p.value, 'password')) continue;
        const s = sinkValue(p.value, f);
        // 'INVALID PASSWORD', 'wrong password': prose in a test, not a password.
        if (s && !/\s/.test(s.value)) report(s.node, `the connection password is a literal ('${k}'); load it from the environment or a secrets manager`);
        continue;
      }
      const kind = credentialName(k);
      if (!kind) continue;
      if (inDataCall(f.parent.get(p)!, f)) {
        // res.json([{ system: 'VPN', senha: 'Aurora#2025!' }]): a password the server hands to every caller.
        const v = kind === 'password' && inResponse(f.parent.get(p)!, f) ? namedValue(p.value, f) : undefined;
        if (v) report(v.node, `'${k}' is a literal password sent in a response: every caller, and everyone with the code, can use it`);
        continue;
      }
      if (namedFallback(k, p.value, kind)) continue;
      const v = namedValue(p.value, f) ?? (kind === 'secret' ? signingValue(k, p.value, f) : undefined);
      if (v) report(v.node, `'${k}' is set to a literal ${kind}; load it from the environment or a secrets manager`);
    }

    const named = (name: string | undefined, value: N | null | undefined): void => {
      if (!name || !value) return;
      const kind = credentialName(name);
      if (!kind || namedFallback(name, value, kind)) return;
      const v = namedValue(value, f) ?? (kind === 'secret' ? signingValue(name, value, f) : undefined);
      if (v) report(v.node, `'${name}' holds a literal ${kind}; load it from the environment or a secrets manager`);
    };
    for (const d of f.declarators) if (d.id.type === 'Identifier') named(d.id.name, d.init);
    connectionPasswords(f, report);
    for (const fd of f.fields) if (!fd.computed) named(keyName(fd), fd.value);
    for (const a of f.assignments) if (a.operator === '=' || a.operator === '||=' || a.operator === '??=') named(lastName(a.left), a.right);

    // `if (password === 'hunter2')`, `req.headers['x-api-key'] !== 'k3y…'`: a fixed credential check.
    for (const b of f.equalities) {
      for (const [side, other] of [[b.left, b.right], [b.right, b.left]] as [N, N][]) {
        if (stringValue(other) === undefined) continue;
        const s = unwrap(side);
        const name = s.type === 'Identifier' || s.type === 'MemberExpression' ? lastName(s) : undefined;
        if (!name || !credentialName(name) || !CHECKED_LAST.has(words(name).at(-1)!)) continue;
        const v = sinkValue(other, f);
        // 'master_token_2019': identifier-shaped, but words with a number compared with a token are a built-in key.
        const keyLike = (x: string): boolean => !notCredentialShaped(x) || (x.length >= 8 && !/\s/.test(x) && /\d/.test(x) && /[a-z]{3}/i.test(x) && !/^v?\d/.test(x));
        if (v && !isPlaceholder(v.value) && !ENCODING_WORD.test(v.value) && keyLike(v.value) && v.value.length >= 4) {
          report(unwrap(other), `'${name}' is compared with a fixed literal: a built-in credential anyone with the code can use`);
        }
      }
    }
    return out;
  },
};
