/**
 * Math.random() whose value lands, syntactically, in something that must be unguessable: a
 * variable, property or returning function named token, secret, password, nonce, salt, OTP,
 * session id, API key. Math.random for jitter, UI or games is fine and stays quiet.
 */
import type { AstHit, AstRule } from './types.js';
import type { ApiNames } from '../ir/api-names.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type CallSite, type FileFacts, type N, callsNamed, enclosingFunction, factsOf, functionName, hitAt, initOf, returnedNames, stringValue, targetOf, words } from './ast-facts.js';

const ALWAYS = new Set([
  'token', 'tokens', 'secret', 'password', 'passwd', 'passphrase', 'pwd', 'nonce', 'salt', 'otp', 'totp', 'csrf', 'xsrf',
  'apikey', 'iv', 'captcha', 'sid', 'credential', 'credentials', 'passcode', 'authtoken', 'accesstoken', 'sessionid',
  'sessionkey', 'secretkey',
]);
// Qualified words: 'key', 'id', 'code', 'pin' only count next to one of these.
const QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'session', 'auth', 'encryption', 'signing', 'crypto', 'aes', 'hmac', 'master', 'client',
  'verification', 'verify', 'reset', 'confirm', 'confirmation', 'activation', 'invite', 'invitation', 'recovery', 'mfa',
  'sms', 'login', 'magic', 'unlock', 'security', 'one', 'refresh', 'bearer',
]);
const QUALIFIED = new Set(['key', 'id', 'code', 'pin', 'link', 'hash']);
// Identifiers of records and requests: guessable ones let a caller reach other users' records.
const ID_QUALIFIERS = new Set([
  'user', 'request', 'req', 'account', 'order', 'transaction', 'tx', 'customer', 'member', 'tenant', 'device', 'invoice',
  'payment', 'document', 'doc', 'file', 'upload', 'record', 'entity', 'object', 'unique',
]);
/** Record identifiers on their own: `{ id: … }`, `uuid`, `guid`. */
const ID_ALONE = new Set(['uuid', 'guid']);
// Names that say timing, presentation or sampling: not a secret even next to a sensitive word.
const BENIGN = new Set([
  'delay', 'jitter', 'backoff', 'timeout', 'interval', 'sleep', 'wait', 'retry', 'color', 'colour', 'animation', 'duration',
  'sample', 'sampling', 'shuffle', 'position', 'offset', 'width', 'height', 'opacity', 'angle', 'speed', 'placeholder',
  'mock', 'fake', 'dummy', 'lorem', 'avatar', 'length', 'len', 'count', 'index', 'idx', 'expiry', 'expires', 'ttl', 'limit',
  // Element and widget ids in front-end code.
  'dom', 'element', 'elem', 'html', 'svg', 'css', 'component', 'widget', 'chart', 'tooltip', 'modal', 'dialog', 'toast',
  'input', 'label', 'checkbox', 'gradient', 'anchor', 'test',
]);

/**
 * Packages whose "random" output is predictable (checked in their published source):
 * randomatic before 3.0.0 picks characters with Math.random() (1.1.7, 2.0.0; 3.x uses
 * math-random, which prefers crypto); uniqid (1.x–5.x) joins the time, the pid and the MAC
 * address, with no randomness at all.
 */
const PREDICTABLE_PACKAGES = new Map([
  ['randomatic', 'randomatic (before 3.0.0) picks characters with Math.random()'],
  ['uniqid', 'uniqid builds ids from the time, pid and MAC address'],
  ['uniqid.process', 'uniqid builds ids from the time and pid'],
  ['uniqid.time', 'uniqid builds ids from the time'],
]);

/** Does this set of names say the value must be unpredictable? Returns the name that does. */
export function secretName(names: string[], recordId?: string, ids = true): string | undefined {
  let found = recordId;
  for (const name of names) {
    const ws = words(name);
    if (ws.some((w) => BENIGN.has(w))) return undefined;
    if (found) continue;
    if (ws.some((w) => ALWAYS.has(w))) found = name;
    for (let i = 0; i < ws.length && !found; i++) {
      if (QUALIFIED.has(ws[i]!) && ((i > 0 && QUALIFIERS.has(ws[i - 1]!)) || (i > 1 && QUALIFIERS.has(ws[i - 2]!)))) found = name;
      if (ids && ws[i] === 'id' && i > 0 && ID_QUALIFIERS.has(ws[i - 1]!)) found = name;
      if (ids && ID_ALONE.has(ws[i]!)) found = name;
    }
  }
  return found;
}

/** The key of the object-literal property the value is (`{ id: Math.random() }` → `id`). */
function recordKey(call: N, f: FileFacts): string | undefined {
  let cur = call;
  for (let i = 0; i < 8; i++) {
    const p = f.parent.get(cur);
    if (!p) return undefined;
    if (p.type === 'Property' && p.value === cur) {
      const k = p.key as N;
      return !p.computed && k.type === 'Identifier' ? k.name : k.type === 'Literal' ? String(k.value) : undefined;
    }
    if (!['CallExpression', 'MemberExpression', 'BinaryExpression', 'TemplateLiteral', 'ParenthesizedExpression'].includes(p.type)) return undefined;
    cur = p;
  }
  return undefined;
}

/** The module path of a callee, through Babel/TypeScript interop: `(0, _m2.default)(…)`, `m_1.default(…)`. */
function calleeModule(callee: N, f: FileFacts, api: ApiNames): string | undefined {
  let c = unwrap(callee);
  if (c.type === 'SequenceExpression') c = unwrap(c.expressions[c.expressions.length - 1] as N);
  const direct = api.pathOf(c);
  if (direct !== undefined) return direct.replace(/\.default$/, '');
  const obj = c.type === 'MemberExpression' && memberName(c) === 'default' ? unwrap(c.object) : c;
  if (obj.type !== 'Identifier') return undefined;
  const init = initOf(obj, f);
  if (init?.type !== 'CallExpression' || !/interopRequire|importDefault|importStar/i.test(String(unwrap(init.callee).name ?? ''))) return undefined;
  const arg = init.arguments[0] as N | undefined;
  const inner = arg ? unwrap(arg) : undefined;
  return inner?.type === 'Identifier' ? api.pathOf(initOf(inner, f) ?? inner) : inner ? api.pathOf(inner) : undefined;
}

/**
 * A random-bytes generator by its name (`_rng`, `prng`, `randomBytes`, `getRandomValues`,
 * `randomWords`): what it makes feeds keys, UUIDs and nonces, so a Math.random() inside it (a
 * fallback when no crypto is found) makes them guessable.
 */
function generatorName(call: N, f: FileFacts, source: string): string | undefined {
  let fn = enclosingFunction(call, f);
  for (let i = 0; fn && i < 3; i++) {
    const name = functionName(fn, f);
    if (name) {
      const ws = words(name);
      // A bare `rng` is also a game's dice: only one cutting its numbers into bytes or words counts.
      if (ws.some((w) => RNG_WORDS.has(w))) return BYTE_CUTS.test(source.slice(fn.start, Math.min(fn.end, fn.start + 4000))) ? name : undefined;
      const r = ws.indexOf('random');
      if (r >= 0 && RANDOM_OUTPUTS.has(ws[r + 1] ?? '')) return name;
      return undefined;
    }
    fn = enclosingFunction(fn, f);
  }
  return undefined;
}
const RNG_WORDS = new Set(['rng', 'prng', 'csprng', 'drbg']);
/** Masks and scales that cut a number into bytes or 32-bit words. */
const BYTE_CUTS = /0x[fF]{2}\b|0x1000{6}\b|\b256\b|>>>/;
const RANDOM_OUTPUTS = new Set(['bytes', 'values', 'words', 'buffer', 'uint8', 'octets']);

/** The name that makes this value a secret or a record id, if any. */
function secretFor(call: N, f: FileFacts): string | undefined {
  // `{ id: Math.random() }`: a record's own id (a lone local `id` is as often a DOM id).
  const key = recordKey(call, f);
  return secretName(contextNames(call, f), key === 'id' || key === '_id' ? key : undefined);
}

function contextNames(call: N, f: FileFacts): string[] {
  const t = targetOf(call, f);
  const names = [...t.names];

  // The enclosing function's name counts when the value leaves through its return: directly,
  // or via the variable it was stored in (`pw += chars[…]; return pw`). Anonymous callbacks
  // (`Array.from({ length }, () => chars[…])`) hand it to the next named function up.
  let fn = enclosingFunction(call, f);
  let returned = t.returned || (!!t.variable && !!fn && returnedNames(fn).has(t.variable));
  for (let i = 0; fn && returned && i < 3; i++) {
    const name = functionName(fn, f);
    if (name) {
      names.push(name, ...callerTargets(name, f));
      break;
    }
    // An anonymous function: follow its result to where the enclosing call's value goes.
    const outer = targetOf(fn, f);
    names.push(...outer.names);
    const next = enclosingFunction(fn, f);
    returned = outer.returned || (!!outer.variable && !!next && returnedNames(next).has(outer.variable));
    fn = next;
  }
  // A handler of a route whose path names a secret (`router.get('/api/reset-token', …)`): what it
  // makes is what it serves, so the path speaks for a value stored in a short local (`let t = ''`).
  if (t.variable || t.returned) {
    const route = routePath(call, f);
    if (route) names.push(route);
  }
  return names;
}

/**
 * Where a small helper's results go (`const rnd = () => Math.floor(Math.random() * 1e4)` then
 * `const password = \`pw-${rnd()}\``): the names its call sites store them under, when the
 * helper's own name says nothing. A call site of a benign name (`const delay = rnd()`) still
 * quiets the helper, as secretName reads every name.
 */
function callerTargets(name: string, f: FileFacts): string[] {
  if (secretName([name]) !== undefined) return [];
  const out: string[] = [];
  for (const c of (f.callsByName.get(name) ?? []).slice(0, MAX_CALLERS)) {
    if (!c.isNew) out.push(...targetOf(c.node, f).names);
  }
  return out;
}
const MAX_CALLERS = 12;

/** The path literal of the route whose handler (at most three functions up) holds the node. */
function routePath(node: N, f: FileFacts): string | undefined {
  let fn = enclosingFunction(node, f);
  for (let i = 0; fn && i < 3; i++) {
    const p = f.parent.get(fn);
    if (p?.type === 'CallExpression' && (p.arguments as N[]).includes(fn)) {
      const first = p.arguments[0] as N | undefined;
      const path = first ? stringValue(first) : undefined;
      if (path !== undefined && path.startsWith('/')) return path;
    }
    fn = enclosingFunction(fn, f);
  }
  return undefined;
}

/** Names that say a time is stored (createdAt, tokenExpiry, issuedAt): a clock reading is right there. */
const TIME_WORDS = new Set(['at', 'time', 'timestamp', 'ts', 'date', 'created', 'updated', 'issued', 'iat', 'exp', 'start',
  'end', 'last', 'age', 'ms', 'since', 'until', 'when', 'elapsed', 'now', 'stamp', 'modified', 'seen', 'used', 'login']);

/** Date.now(), new Date().getTime(), performance.now(). */
function isClockRead(c: CallSite): boolean {
  const callee = unwrap(c.node.callee as N);
  if (callee.type !== 'MemberExpression') return false;
  const obj = unwrap(callee.object);
  if (c.name === 'now') return obj.type === 'Identifier' && (obj.name === 'Date' || obj.name === 'performance');
  return obj.type === 'NewExpression' && unwrap(obj.callee).type === 'Identifier' && unwrap(obj.callee).name === 'Date' && obj.arguments.length === 0;
}

/**
 * The clock reading is built into text (a template, `'s' + Date.now()`, `.toString(36)`), not
 * arithmetic (`Date.now() + ttl` is an expiry): returns how it is written, else undefined.
 */
function textAround(call: N, f: FileFacts): string | undefined {
  const p = f.parent.get(call);
  if (!p) return undefined;
  if (p.type === 'TemplateLiteral') return 'a template with Date.now()';
  if (p.type === 'BinaryExpression' && p.operator === '+') {
    const other = p.left === call ? p.right : p.left;
    const o = unwrap(other);
    if ((o.type === 'Literal' && typeof o.value === 'string') || o.type === 'TemplateLiteral') return 'text + Date.now()';
  }
  if (p.type === 'MemberExpression' && p.object === call && memberName(p) === 'toString') return 'Date.now().toString()';
  return undefined;
}

export const insecureRandomness: AstRule = {
  meta: {
    id: 'sast/js/insecure-randomness',
    title: 'Math.random() used for a secret value',
    severity: 'medium',
    cwe: [338, 330],
    description:
      'Math.random() is not a cryptographic generator: its state can be recovered from a few outputs, so tokens, ' +
      'passwords, session ids, nonces or salts made from it can be predicted. Flagged when the value is stored in, or ' +
      'returned from, something named like a secret; jitter, UI and games are not findings.',
    remediation:
      'Use crypto.randomBytes / crypto.randomInt / crypto.randomUUID in Node, or crypto.getRandomValues / ' +
      'crypto.randomUUID in browsers.',
    references: ['https://cwe.mitre.org/data/definitions/338.html', 'https://nodejs.org/api/crypto.html#cryptorandomintmin-max-callback'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'random')) {
      if (c.path !== 'Math.random' || c.isNew) continue;
      const name = secretFor(c.node, f);
      if (name) out.push(hitAt(c.node, `Math.random() makes '${name}', which must be unguessable; use crypto.randomBytes/randomInt/randomUUID`));
      else {
        const gen = generatorName(c.node, f, file.source);
        if (gen) out.push(hitAt(c.node, `Math.random() fills the random generator '${gen}', whose output keys, ids and nonces rely on being unguessable; use crypto.randomBytes/getRandomValues and fail when neither exists`));
      }
    }
    // `session_${Date.now()}`: a clock reading is the only variable part of a secret. (Record
    // ids made from the time are common and harmless: only secrets count here.)
    for (const c of callsNamed(f, 'now', 'getTime')) {
      if (c.isNew || !isClockRead(c)) continue;
      const text = textAround(c.node, f);
      if (!text) continue;
      const names = contextNames(c.node, f);
      // Only the names it is stored under (the function around it may well be startSession).
      if (targetOf(c.node, f).names.some((nm) => words(nm).some((w) => TIME_WORDS.has(w)))) continue;
      const name = secretName(names, undefined, false);
      if (name) out.push(hitAt(c.node, `'${name}' is made from the clock (${text}), which anyone can guess to the millisecond; use crypto.randomBytes/randomUUID`));
    }
    for (const [pkg, why] of PREDICTABLE_PACKAGES) {
      const last = pkg.slice(pkg.lastIndexOf('.') + 1);
      if (!file.source.includes(pkg.split('.')[0]!)) continue;
      for (const c of f.calls) {
        if (c.isNew || (c.name !== undefined && c.name !== last && c.name !== 'default' && c.name !== pkg)) continue;
        if (calleeModule(c.node.callee as N, f, api) !== pkg) continue;
        const name = secretFor(c.node, f);
        if (name) out.push(hitAt(c.node, `${why}, yet it makes '${name}', which must be unguessable; use crypto.randomBytes/randomInt/randomUUID`));
      }
    }
    return out;
  },
};
