/**
 * JSON Web Token misuse that is visible without data flow: the `none` algorithm, expiry checks
 * switched off, a public key (or a key from the environment or configuration, which may be one)
 * passed to verify() without pinning algorithms (RS/HS confusion), and
 * a decoded-but-unverified token whose claims decide who the caller is.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, memberName, unwrap } from '../ir/api-names.js';
import type { ApiNames } from '../ir/api-names.js';
import {
  type FileFacts, type N, boolValue, callsNamed, callsWithin, constString, enclosingFunction, factsOf, functionName, hitAt,
  objectOf, propNode, propValue, propsKeyed, resolve, stringValue, targetOf, words,
} from './ast-facts.js';
import { walk } from '../parse/walk.js';

const VERIFY = 'jsonwebtoken.verify';
const DECODE = ['jsonwebtoken.decode', 'jose.decodeJwt', 'jose.UnsecuredJWT.decode'];
// Claims that identify or authorise the caller.
const AUTH_FIELDS = new Set([
  'role', 'roles', 'admin', 'isadmin', 'permissions', 'perms', 'scope', 'scopes', 'groups', 'sub', 'userid', 'uid', 'id',
  'username', 'email', 'user', 'tenant', 'tenantid', 'accountid', 'account', 'authorities', 'claims',
]);
// Where a decoded identity is installed, and function names that make an auth decision.
const USER_TARGETS = new Set(['user', 'auth', 'principal', 'identity', 'claims', 'currentuser', 'session', 'account']);
const AUTH_FUNCTION_WORDS = new Set([
  'auth', 'authenticate', 'authenticated', 'authorize', 'authorise', 'authorized', 'verify', 'validate', 'check', 'guard', 'protect',
  'require', 'middleware', 'current', 'user', 'principal', 'identity', 'admin', 'permission', 'permissions', 'role', 'login',
]);

const HMAC_WORDS = new Set(['secret', 'hmac', 'password', 'passphrase', 'shared']);

function normal(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

function arrayHasNone(node: N | undefined): boolean {
  const n = node ? unwrap(node) : undefined;
  if (!n) return false;
  if (n.type === 'ArrayExpression') return (n.elements as (N | null)[]).some((e) => e !== null && stringValue(e)?.toLowerCase() === 'none');
  return stringValue(n)?.toLowerCase() === 'none';
}

/** A PEM public key or certificate, directly or read from a .pem/.pub/.crt file. */
function publicKeyLike(node: N | undefined, f: FileFacts, api: ApiNames): boolean {
  const n = resolve(node, f);
  if (!n) return false;
  const s = stringValue(n);
  if (s !== undefined) return /-----BEGIN (?:RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(s);
  if (n.type === 'CallExpression') {
    const path = api.pathOf(n.callee);
    if (path && (apiMatches('fs.{readFileSync,readFile}', path) || apiMatches('fs.promises.readFile', path))) {
      const a = resolve(n.arguments[0] as N | undefined, f);
      let file = a ? stringValue(a) : undefined;
      if (a && a.type === 'CallExpression') file = stringValue(a.arguments[a.arguments.length - 1] as N | undefined); // path.join(__dirname, 'public.pem')
      return !!file && (/\.(?:pem|pub|crt|cer)$/i.test(file) || /public/i.test(file));
    }
  }
  return false;
}

/**
 * Where a verify() key that is not written in the code comes from: the environment, a config or
 * settings object, a file read (not one already named as a public key). Undefined for literals
 * (a literal secret is HMAC by construction), functions (key lookups: JWKS clients) and
 * values this file cannot place.
 */
function configuredKey(node: N | undefined, f: FileFacts, api: ApiNames): string | undefined {
  const n = resolve(node, f);
  if (!n || stringValue(n) !== undefined || n.type === 'TemplateLiteral') return undefined;
  if (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression') return undefined;
  // A value named a secret (JWT_SECRET, config.jwtSecret) is an HMAC key: there is no public key
  // to confuse it with, and a token with alg none is refused when a secret is given.
  const named = n.type === 'MemberExpression' ? memberName(n) : n.type === 'Identifier' ? n.name : undefined;
  const viaName = node && unwrap(node).type === 'Identifier' ? (unwrap(node).name as string) : undefined;
  if ([named, viaName].some((x) => x !== undefined && words(x).some((w) => HMAC_WORDS.has(w)))) return undefined;
  let from: string | undefined;
  walk(n, (child) => {
    const c = child as N;
    if (from) return false;
    if (c.type === 'MemberExpression') {
      const path = api.pathOf(c);
      if (path?.startsWith('process.env')) from = 'the environment';
      else {
        const root = unwrap(c.object);
        const name = root.type === 'Identifier' ? root.name : root.type === 'MemberExpression' ? memberName(root) : undefined;
        if (name && /^(?:config|conf|cfg|settings|options|opts|env|secrets|nconf)$/i.test(name)) from = `configuration (${name})`;
      }
    } else if (c.type === 'CallExpression') {
      const path = api.pathOf(c.callee);
      if (path && (apiMatches('{fs,fs-extra}.{readFileSync,readFile}', path) || apiMatches('fs.promises.readFile', path))) from = 'a file';
      else if (path && apiMatches('{config,nconf}.get', path)) from = 'configuration';
    }
    return !from;
  });
  return from;
}

/** Is `node` inside a condition, a comparison, or the argument of a call (a lookup by claim)? */
function decides(node: N, f: FileFacts, stop: N): boolean {
  let cur = node;
  for (let i = 0; i < 32; i++) {
    const p = f.parent.get(cur);
    if (!p || p === stop) return false;
    if ((p.type === 'IfStatement' || p.type === 'ConditionalExpression' || p.type === 'WhileStatement') && p.test === cur) return true;
    if (p.type === 'BinaryExpression' && ['===', '==', '!==', '!=', 'in', 'instanceof'].includes(p.operator)) return true;
    if (p.type === 'LogicalExpression') return true;
    if (p.type === 'CallExpression' && p.callee !== cur) {
      const callee = unwrap(p.callee);
      const obj = callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
      // console.log(decoded.sub) and logger.info(…) are not decisions.
      return !(obj && obj.type === 'Identifier' && /^(?:console|log|logger)$/i.test(obj.name));
    }
    if (p.type === 'ReturnStatement' || p.type === 'AssignmentExpression' || p.type === 'VariableDeclarator') return true;
    if (p.type === 'ExpressionStatement' || p.type === 'BlockStatement') return false;
    cur = p;
  }
  return false;
}

/** Evidence that an unverified token's content decides identity or permissions. */
function usedForAuth(call: N, f: FileFacts): string | undefined {
  const t = targetOf(call, f);
  const fn = enclosingFunction(call, f);
  for (const n of t.names) if (USER_TARGETS.has(normal(n)) && t.variable === undefined) return `it is stored as '${n}'`;
  if (t.variable === undefined) {
    const fields = t.names.filter((n) => AUTH_FIELDS.has(normal(n)));
    if (fields.length > 0) return `its '${fields[0]}' claim is read`;
  }
  if (t.returned && fn) {
    const name = functionName(fn, f);
    if (name && words(name).some((w) => AUTH_FUNCTION_WORDS.has(w))) return `${name}() returns it`;
  }
  // A direct claim read on the call: jwt.decode(t).role === 'admin'
  const up = f.parent.get(call);
  if (up && up.type === 'MemberExpression' && up.object === call) {
    const m = memberName(up);
    if (m && AUTH_FIELDS.has(normal(m)) && decides(up, f, fn ?? up)) return `its '${m}' claim is used`;
  }
  const v = t.variable;
  if (!v || !fn) return undefined;
  let evidence: string | undefined;
  walk(fn.body as N, (child) => {
    if (evidence) return false;
    const c = child as N;
    if (c.type === 'MemberExpression' && unwrap(c.object).type === 'Identifier' && unwrap(c.object).name === v) {
      const m = memberName(c);
      if (m && AUTH_FIELDS.has(normal(m)) && decides(c, f, fn)) evidence = `its '${m}' claim is used`;
    }
    if (c.type === 'AssignmentExpression' && unwrap(c.right).type === 'Identifier' && unwrap(c.right).name === v) {
      const l = unwrap(c.left);
      const m = l.type === 'MemberExpression' ? memberName(l) : undefined;
      if (m && USER_TARGETS.has(normal(m))) evidence = `it is stored as '${m}'`;
    }
    if (c.type === 'ReturnStatement' && c.argument && unwrap(c.argument).type === 'Identifier' && unwrap(c.argument).name === v) {
      const name = functionName(fn, f);
      if (name && words(name).some((w) => AUTH_FUNCTION_WORDS.has(w))) evidence = `${name}() returns it`;
    }
    return true;
  });
  return evidence;
}

/** `header.alg`, `decoded.header.alg`, `algoFromJWS(token)`: the algorithm a token names for itself. */
function tokenAlg(n: N): boolean {
  if (n.type === 'MemberExpression' && !n.computed && memberName(n) === 'alg') {
    const o = unwrap(n.object);
    const name = o.type === 'Identifier' ? o.name : o.type === 'MemberExpression' ? memberName(o) : o.type === 'CallExpression' ? calleeName(o) : undefined;
    return !!name && /header/i.test(name);
  }
  return n.type === 'CallExpression' && /^alg(?:o|orithm)?From/i.test(calleeName(n) ?? '');
}

function calleeName(call: N): string | undefined {
  const c = unwrap(call.callee);
  return c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? memberName(c) : undefined;
}

/** A call that signs or verifies, or builds the thing that does (`jwa(alg)`, `signer(alg)`, `createVerify(alg)`). */
const SIGNER_CALL = /sign|verif|jwa|hmac/i;

/** `methods[alg]`, or an argument of a call that signs or verifies: the value picks the verifier. */
function picksVerifier(node: N, f: FileFacts): boolean {
  const p = f.parent.get(node);
  if (p?.type === 'MemberExpression' && p.computed && p.property === node) return true;
  if ((p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.callee !== node && (p.arguments as N[]).includes(node)) {
    return SIGNER_CALL.test(calleeName(p) ?? '');
  }
  return false;
}

/**
 * The token's alg selects the verifier here: directly, or through a variable it is stored in
 * (`var alg = header.alg; … methods[alg]`). Returned in an object, logged or compared it selects nothing.
 */
function selectsVerifier(use: N, fn: N, f: FileFacts): boolean {
  if (picksVerifier(use, f)) return true;
  const p = f.parent.get(use);
  if (p?.type !== 'VariableDeclarator' || p.init !== use || unwrap(p.id).type !== 'Identifier') return false;
  const name = unwrap(p.id).name as string;
  let found = false;
  walk(fn, (node) => {
    const n = node as N;
    if (found) return false;
    if (n.type === 'Identifier' && n.name === name && n !== p.id && picksVerifier(n, f)) found = true;
    return true;
  });
  return found;
}

/**
 * Verification that takes its algorithm from the token's header (`algorithmMap[header.alg]`,
 * `jwa(algoFromJWS(sig))`): the token chooses 'none', or HS256 with the RSA public key as the
 * HMAC secret. A function that checks that alg against an allow-list (indexOf/includes, or a
 * comparison with a configured algorithm) is not reported, nor is an alg that selects nothing (a
 * decode() returning `{ alg: header.alg }`).
 */
function headerAlgorithm(file: { source: string; program: unknown }, f: FileFacts): AstHit[] {
  if (!/\.alg\b|\balg(?:o|orithm)?From/i.test(file.source)) return [];
  const byFn = new Map<N, N[]>();
  walk(file.program as N, (node) => {
    const n = node as N;
    if (tokenAlg(n)) {
      const fn = enclosingFunction(n, f);
      if (fn) byFn.set(fn, [...(byFn.get(fn) ?? []), n]);
      return false;
    }
    return true;
  });
  const out: AstHit[] = [];
  for (const [fn, uses] of byFn) {
    const name = functionName(fn, f);
    if (!name || !words(name).some((w) => w === 'verify' || w === 'decode')) continue;
    // Checked against an allow-list or a pinned algorithm: the header's alg is only a hint.
    const checked = uses.some((u) => {
      const p = f.parent.get(u);
      if (p?.type === 'CallExpression' && p.callee !== u && /^(?:indexOf|includes|has|some|find)$/.test(calleeName(p) ?? '')) return true;
      if (p?.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(p.operator)) {
        const other = p.left === u ? p.right : p.left;
        return stringValue(other) === undefined;
      }
      return false;
    });
    if (checked) continue;
    const use = uses.find((u) => selectsVerifier(u, fn, f));
    if (use) out.push(hitAt(use, `${name}() verifies with the algorithm the token names in its own header: a token can choose 'none', or HS256 signed with the RSA public key as the secret (algorithm confusion); verify with the algorithm(s) the caller configured and refuse others`));
  }
  return out;
}

/**
 * verify(token, key, options) with options its caller passed in, in a file that never mentions
 * `algorithms`: nothing pins them, so the accepted algorithm follows the token (express-jwt before
 * 6 passed its options straight through).
 */
function optionsParam(arg: N | undefined, call: N, f: FileFacts): string | undefined {
  const a = arg ? unwrap(arg) : undefined;
  if (!a || a.type !== 'Identifier') return undefined;
  for (let fn = enclosingFunction(call, f); fn; fn = enclosingFunction(fn, f)) {
    if ((fn.params as N[]).some((p) => { const q = unwrap(p.type === 'AssignmentPattern' ? p.left : p); return q.type === 'Identifier' && q.name === a.name; })) return a.name;
  }
  return undefined;
}

export const jwtMisuse: AstRule = {
  meta: {
    id: 'sast/js/jwt-misuse',
    title: 'JWT signature or expiry not enforced',
    severity: 'high',
    cwe: [347, 327],
    description:
      'A JSON Web Token is accepted without a real signature check: the `none` algorithm is allowed or used, expiry is ' +
      'ignored, a public key is passed to verify() without pinning the algorithm (an attacker can sign with HS256 using ' +
      'the public key as the secret on old libraries), or jwt.decode() output decides who the caller is although ' +
      'decode() never checks the signature.',
    remediation:
      'Call jwt.verify(token, key, { algorithms: [\'RS256\'] }) (or jose\'s jwtVerify) with an explicit allow-list of ' +
      'real algorithms, keep expiry checks on, and use decode() only for non-security hints such as the key id.',
    references: ['https://cwe.mitre.org/data/definitions/347.html', 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback'],
  },
  check(file, api, project) {
    const f = factsOf(file, api);
    // jsonwebtoken 9 accepts only the key's own algorithm family unless told otherwise: options
    // passed through without `algorithms` no longer let the token pick RS/HS confusion.
    const keyTyped = (project?.jsonwebtokenMajor ?? 0) >= 9;
    const out: AstHit[] = [];
    // `algorithms: ['none']` means JWT wherever it appears (jsonwebtoken, express-jwt, passport-jwt).
    for (const p of propsKeyed(f, 'algorithms')) {
      if (arrayHasNone(p.value)) out.push(hitAt(p, "'none' in the accepted algorithms lets unsigned tokens through; list only the algorithms you sign with"));
    }
    // jsonwebtoken verify options, passport-jwt and express-jwt settings alike.
    for (const p of propsKeyed(f, 'ignoreExpiration')) {
      if (boolValue(p.value) === true) out.push(hitAt(p, 'ignoreExpiration: true accepts expired (stolen, revoked) tokens forever'));
    }
    for (const c of callsNamed(f, 'sign', 'verify', 'decode', 'decodeJwt')) {
      if (c.path === 'jwt-simple.decode') {
        // decode(token, key, noVerify): true skips the signature check.
        if (boolValue(c.node.arguments[2] as N | undefined) === true) out.push(hitAt(c.node, 'jwt-simple decode() with noVerify = true accepts tokens without checking their signature'));
        continue;
      }
      if (!c.path && c.name !== 'sign') continue;
      const args = c.node.arguments as N[];
      if (c.path === 'jsonwebtoken.sign' || (c.name === 'sign' && !c.path)) {
        const opts = objectOf(args[2], f);
        const alg = constString(propValue(opts, 'algorithm'), f);
        if (alg?.toLowerCase() === 'none') out.push(hitAt(propNode(opts, 'algorithm')!, "tokens signed with algorithm 'none' carry no signature; anyone can forge them"));
      } else if (c.path === VERIFY) {
        const opts = objectOf(args[2], f);
        const third = args[2] ? resolve(args[2], f) : undefined;
        // verify(token, key, callback): a function, or a name that says callback, in the options' place.
        const callbackOnly = !!third && (third.type === 'ArrowFunctionExpression' || third.type === 'FunctionExpression'
          || (args.length === 3 && third.type === 'Identifier' && /^(?:cb|callback|done|next|fn|handler)$/i.test(third.name)));
        const unpinned = !args[2] || callbackOnly || (opts && !propNode(opts, 'algorithms'));
        const passed = !opts && !callbackOnly && !keyTyped && !/\balgorithms\b/.test(file.source) ? optionsParam(args[2], c.node, f) : undefined;
        if (passed) {
          out.push(hitAt(c.node, `verify() takes its options ('${passed}') from its caller and nothing requires \`algorithms\` in them: without it the accepted algorithm follows the token (RS/HS confusion with a public key as the secret); require an algorithms allow-list`));
          continue;
        }
        if (unpinned && publicKeyLike(args[1], f, api)) {
          out.push(hitAt(c.node, 'verify() gets a public key but no `algorithms`; pin them (e.g. [\'RS256\']) so an HS256 token signed with the public key is refused'));
        } else if (unpinned) {
          const from = configuredKey(args[1], f, api);
          if (from) out.push(hitAt(c.node, `verify() has no \`algorithms\` and its key comes from ${from}: when that key is a public key, a token signed with HS256 using it as the secret verifies (jsonwebtoken before 9 trusts the token's alg); pin them, e.g. { algorithms: ['RS256'] }`));
        }
      } else if (DECODE.includes(c.path!)) {
        const fn = enclosingFunction(c.node, f);
        const scope = fn ? callsWithin(fn, f) : f.calls;
        if (scope.some((x) => x.name !== undefined && /verify/i.test(x.name))) continue;
        const why = usedForAuth(c.node, f);
        if (why) out.push(hitAt(c.node, `${c.path}() does not check the signature, yet ${why}; use jwt.verify with pinned algorithms`));
      }
    }
    out.push(...headerAlgorithm(file, f));
    return out;
  },
};
