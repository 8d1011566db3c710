/**
 * A JSON Web Token issued with no expiry: jsonwebtoken's sign() whose payload literal has no `exp`
 * and whose options have no `expiresIn`, or jose's `new SignJWT(…)…sign()` chain without
 * setExpirationTime(). A token that leaks (logs, a cookie without httpOnly, a shared link) stays
 * valid until the signing key changes. Only literals are judged: a payload or options object the
 * file cannot see (a parameter, a spread), or whose variable gets `.exp` / `.expiresIn` written
 * later (`payload.exp = …`), may carry the expiry and is left alone.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsNamed, factsOf, hitAt, isFunction, keyName, lastName, objectOf, resolve } from './ast-facts.js';

/** Does an object literal name one of these keys, or spread something the file cannot see? */
function hasKeyOrUnknown(obj: N, keys: readonly string[], f: FileFacts, depth = 0): boolean {
  for (const p of obj.properties as N[]) {
    if (p.type === 'SpreadElement') {
      const inner = objectOf(p.argument as N, f);
      if (!inner || depth > 3 || hasKeyOrUnknown(inner, keys, f, depth + 1)) return true;
      continue;
    }
    const k = keyName(p);
    if (k === undefined || keys.includes(k)) return true; // a computed key may be `exp`
  }
  return false;
}

/**
 * Does code write one of these keys onto the variable `node` names (`payload.exp = …`,
 * `opts.expiresIn = …`, `opts[k] = …`), so its literal is not the whole story?
 */
function writtenLater(node: N | undefined, keys: readonly string[], f: FileFacts): boolean {
  const n = node ? unwrap(node) : undefined;
  if (!n || n.type !== 'Identifier') return false;
  return f.memberWrites.has('*') || f.memberWrites.has(`${n.name}.*`) || keys.some((k) => f.memberWrites.has(`${n.name}.${k}`));
}

/** jsonwebtoken sign(payload, key, [options], [callback]): is the token certain to carry no expiry? */
function signWithoutExpiry(call: N, f: FileFacts): boolean {
  const args = call.arguments as N[];
  const payload = objectOf(args[0], f);
  // A string or Buffer payload cannot take expiresIn; an unseen payload may hold exp.
  if (!payload || hasKeyOrUnknown(payload, ['exp'], f) || writtenLater(args[0], ['exp'], f)) return false;
  const third = args[2] ? resolve(args[2], f) : undefined;
  // sign(payload, key, callback): a function, or a name that says callback, in the options' place.
  if (!third || isFunction(third) || (args.length === 3 && third.type === 'Identifier' && /^(?:cb|callback|done|next|fn)$/i.test(third.name as string))) return true;
  const opts = objectOf(third, f);
  return !!opts && !hasKeyOrUnknown(opts, ['expiresIn', 'exp'], f) && !writtenLater(args[2], ['expiresIn', 'exp'], f);
}

/** The calls of a jose builder chain ending at `node` (`new SignJWT(p).setProtectedHeader(h).sign(k)`), innermost `new` first. */
function joseChain(node: N): { ctor: N | undefined; methods: string[] } {
  const methods: string[] = [];
  let cur = unwrap(node);
  for (let i = 0; i < 30; i++) {
    if (cur.type === 'CallExpression') {
      const callee = unwrap(cur.callee as N);
      if (callee.type !== 'MemberExpression') break;
      const m = memberName(callee);
      if (m !== undefined) methods.push(m);
      cur = unwrap(callee.object as N);
    } else if (cur.type === 'NewExpression') {
      return { ctor: lastName(cur.callee as N) === 'SignJWT' ? cur : undefined, methods };
    } else break;
  }
  return { ctor: undefined, methods };
}

export const jwtNoExpiry: AstRule = {
  meta: {
    id: 'sast/js/jwt-no-expiry',
    title: 'JSON Web Token issued without an expiry',
    severity: 'medium',
    cwe: [613],
    description:
      'jwt.sign() is called with a payload that has no `exp` claim and no `expiresIn` option (or a jose SignJWT chain ' +
      'has no setExpirationTime). The token never expires: anyone who obtains it once, from a log, a browser, a proxy ' +
      'or a leaked backup, can use it for as long as the signing key is unchanged, and logging out or changing the ' +
      'password does not end it.',
    remediation:
      'Give every token a lifetime: jwt.sign(payload, key, { expiresIn: \'15m\' }) (or setExpirationTime(\'15m\') with ' +
      'jose), and use short-lived access tokens with a revocable refresh token for long sessions.',
    references: ['https://cwe.mitre.org/data/definitions/613.html', 'https://github.com/auth0/node-jsonwebtoken#jwtsignpayload-secretorprivatekey-options-callback'],
  },
  check(file, api) {
    if (!/\bsign\b/.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'sign')) {
      if (c.isNew) continue;
      if (c.path === 'jsonwebtoken.sign') {
        if (signWithoutExpiry(c.node, f)) out.push(hitAt(c.node, 'jwt.sign() issues a token with no expiry (no `exp` in the payload, no `expiresIn` option): a leaked token stays valid until the key changes; set expiresIn'));
        continue;
      }
      const chain = joseChain(c.node);
      if (!chain.ctor || chain.methods[0] !== 'sign' || chain.methods.includes('setExpirationTime')) continue;
      const payload = objectOf((chain.ctor.arguments as N[])[0], f);
      if (payload && hasKeyOrUnknown(payload, ['exp'], f)) continue;
      if (!payload && (chain.ctor.arguments as N[]).length > 0) continue;
      out.push(hitAt(c.node, 'new SignJWT(…).sign() issues a token with no expiry (no setExpirationTime, no `exp` claim): a leaked token stays valid until the key changes'));
    }
    return out;
  },
};
