/**
 * A secret (token, API key, HMAC, signature, digest, password hash, CSRF token) compared with
 * `==`/`===`/`!=`/`!==` against a value the caller sends: string comparison stops at the first
 * differing character, so response times leak how much of a guess was right and the secret can be
 * found byte by byte. The other side must come from the request (`req.headers[…]`, `req.body.x`,
 * a variable read from them) or be a parameter of a verify/check/compare-like function (a
 * library's verifier, whose caller passes the untrusted value). Clean: crypto.timingSafeEqual,
 * bcrypt/argon2 compare, comparisons with literals, null, lengths or typeof.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, enclosingFunction, factsOf, functionName, hitAt, initOf, keyName, lastName, secretByWords, words } from './ast-facts.js';

/** Last words that make a name a secret on their own. */
const SECRET_LAST = new Set([
  'token', 'secret', 'signature', 'sig', 'hmac', 'digest', 'password', 'passwd', 'pwd', 'passphrase', 'csrf', 'xsrf',
  'otp', 'totp', 'apikey', 'passcode', 'nonce',
]);
/** Last words that are a secret only after one of these qualifiers (`apiKey`, `passwordHash`, `resetCode`). */
const QUALIFIED_LAST: Record<string, Set<string>> = {
  key: new Set(['api', 'secret', 'private', 'access', 'signing', 'hmac', 'auth', 'client', 'webhook', 'master', 'shared']),
  hash: new Set(['password', 'pass', 'pwd', 'passwd', 'secret', 'token', 'key', 'pin', 'otp']),
  code: new Set(['verification', 'verify', 'reset', 'otp', 'mfa', 'auth', 'confirm', 'confirmation', 'activation', 'invite', 'recovery', 'sms', 'login', 'magic', 'unlock']),
  pin: new Set(['secret', 'auth', 'login', 'security']),
};
/** Leading words that say the name holds a fact about a secret, not the secret (`hasToken`, `isSignature`). */
const NOT_FIRST = new Set(['is', 'has', 'have', 'should', 'use', 'uses', 'with', 'no', 'enable', 'enabled', 'require', 'required', 'show', 'needs', 'can', 'allow']);
/** Calls whose result is a signature (`sign(str, secret)`, `computeHmac(body)`); `digest()` only of an HMAC. */
const SIGNING_CALL = /^(?:sign|signature|hmac|createSignature|computeSignature|computeHmac|hash[A-Z]\w*|sign[A-Z]\w*)$/;
/**
 * Functions whose parameters are the untrusted side of a check (`verify(token)`, `exports.unsign = function (val, secret)`).
 * `check`/`validate` only of a credential (`checkToken`, not `validateConfig`, which compares settings).
 */
const VERIFIER = /^(?:verify|compare|unsign|matches|isValid|isAuthorized|isAuthenticated|safeCompare|authenticate|(?:check|validate)(?:Token|Signature|Sig|Hmac|Secret|Key|ApiKey|Api|Password|Auth|Csrf|Otp|Webhook|Request|Credentials))(?:[A-Z_]\w*)?$/;
/** Request objects and the members of theirs that carry what a client sends. */
const REQUEST_ROOT = /^(?:req|request|ctx|context|event)$/;
const REQUEST_PART = new Set(['headers', 'header', 'body', 'query', 'params', 'cookies', 'signedCookies', 'get', 'param', 'queryStringParameters', 'payload']);

/** Is this name a secret by its words? */
export function isSecretName(name: string): boolean {
  return secretByWords(name, SECRET_WORDS);
}
const SECRET_WORDS = { last: SECRET_LAST, qualified: QUALIFIED_LAST, notFirst: NOT_FIRST };

/** A literal, null/undefined, `typeof x`, `x.length`, a number or boolean: nothing secret is compared. */
function trivial(n: N): boolean {
  if (n.type === 'Literal' || (n.type === 'TemplateLiteral' && n.expressions.length === 0)) return true;
  if (n.type === 'Identifier' && (n.name === 'undefined' || n.name === 'NaN')) return true;
  if (n.type === 'UnaryExpression') return true;
  if (n.type === 'MemberExpression' && ['length', 'size', 'byteLength'].includes(memberName(n) ?? '')) return true;
  return false;
}

/** The secret name an expression stands for: its own name, a signing call, a template holding a secret. */
function secretOf(node: N, f: FileFacts, depth = 0): string | undefined {
  const n = unwrap(node);
  if (depth > 3) return undefined;
  if (n.type === 'Identifier' || n.type === 'MemberExpression') {
    const name = lastName(n);
    // A plain digest is a checksum (a file's MD5 compared with the expected one); only an HMAC's is a secret.
    if (name && isSecretName(name) && (words(name).at(-1) !== 'digest' || (n.type === 'Identifier' && hmacMade(n, f)))) return name;
    if (n.type === 'MemberExpression' && memberName(n) === undefined) return undefined;
    // `const expected = 'sha1=' + hmac.digest('hex')`: the value it was made from.
    if (n.type === 'Identifier') {
      const init = initOf(n, f);
      if (init && (init.type === 'CallExpression' || init.type === 'BinaryExpression' || init.type === 'TemplateLiteral')) return secretOf(init, f, depth + 1);
    }
    return undefined;
  }
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    const name = lastName(callee);
    // `crypto.createHmac(…).update(x).digest('hex')`, `exports.sign(str, secret)`.
    if (name && SIGNING_CALL.test(name)) return `${name}()`;
    if (name === 'digest' && hmacMade(n, f)) return 'an HMAC digest';
    // `String(token)`, `token.toString()`, `x.trim()`: the same text.
    if (callee.type === 'MemberExpression' && ['toString', 'trim', 'toLowerCase', 'toUpperCase'].includes(name ?? '')) return secretOf(callee.object, f, depth + 1);
    if (callee.type === 'Identifier' && callee.name === 'String' && n.arguments[0]) return secretOf(n.arguments[0], f, depth + 1);
    return undefined;
  }
  if (n.type === 'TemplateLiteral') {
    for (const e of n.expressions as N[]) {
      const s = secretOf(e, f, depth + 1);
      if (s) return s;
    }
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') return secretOf(n.left, f, depth + 1) ?? secretOf(n.right, f, depth + 1);
  return undefined;
}

/** Made by an HMAC: `crypto.createHmac(…).update(b).digest()`, directly or through the variables holding it. */
function hmacMade(node: N, f: FileFacts): boolean {
  let n: N | undefined = unwrap(node);
  for (let i = 0; n && i < 8; i++) {
    if (n.type === 'Identifier') n = initOf(n, f);
    else if (n.type === 'CallExpression') {
      const c = unwrap(n.callee);
      const name = lastName(c);
      if (name && /^(?:createHmac|hmac|Hmac)$/.test(name)) return true;
      n = c.type === 'MemberExpression' ? unwrap(c.object) : undefined;
    } else if (n.type === 'MemberExpression') n = unwrap(n.object);
    else return false;
  }
  return false;
}

/** `req.headers['x-token']`, `req.body.token`, `req.get('X-Signature')`, `ctx.request.body.sig`. */
function isRequestRead(node: N): boolean {
  let n = unwrap(node);
  let sawPart = false;
  for (let i = 0; i < 8; i++) {
    if (n.type === 'CallExpression') {
      n = unwrap(n.callee);
      continue;
    }
    if (n.type !== 'MemberExpression') break;
    const m = memberName(n);
    if (m !== undefined && REQUEST_PART.has(m)) sawPart = true;
    n = unwrap(n.object);
  }
  return sawPart && n.type === 'Identifier' && REQUEST_ROOT.test(n.name);
}

/** Does the expression hold request data: directly, through a variable, or inside a call/template on it? */
function fromRequest(node: N, f: FileFacts, depth = 0, throughCalls = true): boolean {
  const n = unwrap(node);
  if (depth > 4) return false;
  if (isRequestRead(n)) return true;
  if (n.type === 'Identifier') {
    const init = initOf(n, f);
    if (init) return fromRequest(init, f, depth + 1, throughCalls);
    return destructuredFromRequest(n, f);
  }
  if (n.type === 'MemberExpression') return fromRequest(n.object, f, depth + 1, throughCalls);
  // A call's result holds its arguments' data only when it transforms them (`hash(req.body.pw)`);
  // a lookup (`findUser(req.body.email)`) returns stored data, so the secret side does not follow it.
  if (n.type === 'CallExpression' && throughCalls) {
    const callee = unwrap(n.callee);
    if (callee.type === 'MemberExpression' && fromRequest(callee.object, f, depth + 1)) return true;
    // `auth(req)`, `getToken(request)`: a parser of the request returns what the client sent.
    return (n.arguments as N[]).some((a) => fromRequest(a, f, depth + 1) || (unwrap(a).type === 'Identifier' && /^(?:req|request)$/.test(unwrap(a).name)));
  }
  if (n.type === 'TemplateLiteral') return (n.expressions as N[]).some((e) => fromRequest(e, f, depth + 1, throughCalls));
  if (n.type === 'BinaryExpression' || n.type === 'LogicalExpression') {
    return fromRequest(n.left, f, depth + 1, throughCalls) || fromRequest(n.right, f, depth + 1, throughCalls);
  }
  return false;
}

/**
 * `const { token } = req.body` / `const { signature } = req.headers` / `const { headers } = req`,
 * declared in a function enclosing the use (a handler's `token` is not another function's), and not
 * shadowed by a parameter of a function in between.
 */
function destructuredFromRequest(id: N, f: FileFacts): boolean {
  for (const d of f.declarators) {
    if (d.id.type !== 'ObjectPattern' || !d.init || !inScopeOf(d, id, f)) continue;
    const part = isRequestRead(d.init);
    // From the bare request only its client-sent parts (`{ headers }`), not `{ user, session }`.
    const root = !part && requestRoot(d.init);
    if (!part && !root) continue;
    for (const p of d.id.properties as N[]) {
      if (p.type !== 'Property') continue;
      if (root && !REQUEST_PART.has(keyName(p) ?? '')) continue;
      const v = unwrap(p.value);
      if (v.type === 'Identifier' && v.name === id.name) return true;
      if (v.type === 'AssignmentPattern' && v.left.type === 'Identifier' && v.left.name === id.name) return true;
    }
  }
  return false;
}

/** Is the declarator's function (or the module) one the use stands in, with no parameter of that name nearer? */
function inScopeOf(d: N, id: N, f: FileFacts): boolean {
  const home = enclosingFunction(d, f);
  if (home && (id.start < home.start || id.end > home.end)) return false;
  for (let fn = enclosingFunction(id, f), i = 0; fn && fn !== home && i < 50; fn = enclosingFunction(fn, f), i++) {
    if ((fn.params as N[]).some((p) => declaresName(p, id.name as string))) return false;
  }
  return true;
}

/** Does a parameter (plain, defaulted, destructured or a parameter property) declare this name? */
function declaresName(p: N, name: string): boolean {
  const q = unwrap(p.type === 'AssignmentPattern' ? p.left : p.type === 'TSParameterProperty' ? p.parameter : p.type === 'RestElement' ? p.argument : p);
  if (q.type === 'Identifier') return q.name === name;
  if (q.type === 'ObjectPattern') return (q.properties as N[]).some((x) => declaresName(x.type === 'Property' ? x.value : x, name));
  if (q.type === 'ArrayPattern') return (q.elements as (N | null)[]).some((x) => x !== null && declaresName(x, name));
  return false;
}

/** The request itself (`req`, `ctx`): destructuring it reads its parts. */
function requestRoot(node: N): boolean {
  const n = unwrap(node);
  return n.type === 'Identifier' && REQUEST_ROOT.test(n.name);
}

/** A parameter of an enclosing verify/check/compare-like function (the value its caller checks). */
function verifierParam(node: N, f: FileFacts): string | undefined {
  let n = unwrap(node);
  while (n.type === 'MemberExpression' || (n.type === 'CallExpression' && unwrap(n.callee).type === 'MemberExpression')) {
    n = n.type === 'MemberExpression' ? unwrap(n.object) : unwrap(unwrap(n.callee).object);
  }
  if (n.type !== 'Identifier') return undefined;
  // `config.webhookSecret !== this.webhookSecret`: a secret-named field of the parameter is a stored
  // secret compared with another, not a guess the caller sends.
  const u = unwrap(node);
  if (u.type === 'MemberExpression') {
    const m = memberName(u);
    if (m !== undefined && isSecretName(m)) return undefined;
  }
  const name = n.name as string;
  for (let fn = enclosingFunction(node, f), i = 0; fn && i < 3; fn = enclosingFunction(fn, f), i++) {
    const isParam = (fn.params as N[]).some((p) => {
      const q = unwrap(p.type === 'AssignmentPattern' ? p.left : p.type === 'TSParameterProperty' ? p.parameter : p);
      return q.type === 'Identifier' && q.name === name;
    });
    if (!isParam) continue;
    const fname = functionName(fn, f);
    return fname && VERIFIER.test(fname) ? fname : undefined;
  }
  return undefined;
}

export const timingAttack: AstRule = {
  meta: {
    id: 'sast/js/timing-attack',
    title: 'Secret compared with a non-constant-time comparison',
    severity: 'medium',
    cwe: [208],
    description:
      'A token, API key, HMAC, signature or password hash is compared with ==/=== (or !=/!==) against a value the ' +
      'client sends. String comparison returns at the first differing character, so the time a check takes tells an ' +
      'attacker how many leading characters of a guess were right, and the secret can be recovered one byte at a time.',
    remediation:
      'Compare secrets with crypto.timingSafeEqual on equal-length Buffers (hash both sides first, e.g. with HMAC or ' +
      'SHA-256, so lengths match and nothing leaks through them); check passwords with bcrypt.compare or argon2.verify.',
    references: ['https://cwe.mitre.org/data/definitions/208.html', 'https://nodejs.org/api/crypto.html#cryptotimingsafeequala-b'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const eq of f.equalities) {
      const l = unwrap(eq.left);
      const r = unwrap(eq.right);
      if (trivial(l) || trivial(r)) continue;
      for (const [secret, other] of [[l, r], [r, l]] as const) {
        const name = secretOf(secret, f);
        if (!name) continue;
        // Two request values compared (`req.body.password === req.body.confirmPassword`) leak nothing secret.
        if (fromRequest(secret, f, 0, false)) continue;
        let via: string | undefined;
        if (fromRequest(other, f)) via = 'request data';
        else {
          const fn = verifierParam(other, f);
          if (fn) via = `a parameter of ${fn}()`;
        }
        if (!via) continue;
        out.push(hitAt(eq, `'${name}' is compared with ${eq.operator} against ${via}; the comparison time leaks how much of a guess matched. Use crypto.timingSafeEqual (or bcrypt/argon2 compare for passwords)`));
        break;
      }
    }
    return out;
  },
};
