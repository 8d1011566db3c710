/**
 * MD5 / SHA-1 (and MD4) where the context says password, secret, token or signature. A fast
 * broken hash for an ETag or a cache key is fine, so the rule looks at what is hashed and where the
 * digest goes: the hashed expression, the variable, property or function it lands in, and the
 * other side of a comparison.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, unwrap, memberName } from '../ir/api-names.js';
import {
  type FileFacts, type N, callsNamed, constString, enclosingFunction, factsOf, foreignPasswordName, functionName, hitAt, namesIn,
  returnedNames, targetOf, words,
} from './ast-facts.js';

const WEAK: Record<string, string> = { md5: 'MD5', md4: 'MD4', sha1: 'SHA-1', 'sha-1': 'SHA-1', 'md5-sha1': 'MD5-SHA1', rmd160: 'RIPEMD-160' };
// HMAC-SHA1 is not broken as a MAC (webhook signatures use it); only MD4/MD5 are flagged there.
const WEAK_HMAC = new Set(['md5', 'md4']);

/** Packages and crypto-js members that hash their first argument with a weak algorithm. */
const DIRECT: Record<string, string> = {
  md5: 'MD5', 'js-md5': 'MD5', 'blueimp-md5': 'MD5', 'md5-hex': 'MD5', sha1: 'SHA-1', 'js-sha1': 'SHA-1',
  'crypto-js.MD5': 'MD5', 'crypto-js.SHA1': 'SHA-1', 'crypto-js.md5': 'MD5', 'crypto-js.sha1': 'SHA-1',
  'crypto-js.HmacMD5': 'HMAC-MD5',
};

/**
 * A signature algorithm name with a broken digest: 'RSA-SHA1', 'sha1', 'md5WithRSAEncryption',
 * 'ecdsa-with-SHA1', 'DSA-SHA1' (lower-cased). A signature is the security use, so no names needed.
 */
const WEAK_SIGN = /(md[45]|sha-?1)(?![0-9])/;
const SIGN_ALG: Record<string, string> = { md5: 'MD5', md4: 'MD4', sha1: 'SHA-1', 'sha-1': 'SHA-1' };

/** The API names (last path segments) of DIRECT, to pick candidate calls by name. */
const DIRECT_NAMES = [...new Set(Object.keys(DIRECT).map((k) => k.slice(k.lastIndexOf('.') + 1)))];

const PASSWORD = new Set(['password', 'passwd', 'passphrase', 'pwd', 'pw', 'pass', 'passwords', 'credential', 'credentials', 'salt', 'pin']);
const SECRET = new Set(['secret', 'token', 'signature', 'sig', 'signed', 'signing', 'apikey', 'otp']);
// Uses of a fast hash that are not security: content addressing, caching, avatars.
const BENIGN = new Set(['etag', 'cache', 'checksum', 'fingerprint', 'avatar', 'gravatar', 'email', 'integrity', 'content', 'file', 'filename', 'color', 'colour', 'dedupe', 'bucket', 'shard', 'partition']);

type Kind = 'password' | 'secret' | undefined;

/**
 * What the names around a weak hash say: `data` are the names in the hashed expression and
 * `target` where the digest goes. A benign target (etag, cacheKey, avatar) wins over the data.
 */
export function hashContext(data: string[], target: string[]): Kind {
  if (target.some((n) => words(n).some((w) => BENIGN.has(w)))) return undefined;
  let kind: Kind;
  for (const name of [...data, ...target]) {
    // hashSenha(senha), motDePasse: "password" in another language.
    if (foreignPasswordName(name)) kind = 'password';
    const ws = words(name);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      if (PASSWORD.has(w)) kind = 'password';
      else if (kind === undefined && (SECRET.has(w) || (w === 'sign' && !['in', 'up', 'out', 'on'].includes(ws[i + 1] ?? '')))) kind = 'secret';
    }
  }
  return kind;
}

/** `h.update(x)` chained on the hash object or called on the variable holding it. */
function hashedData(call: N, f: FileFacts): N[] {
  const out: N[] = [];
  // Chained: createHash('md5').update(a).update(b).digest()
  let cur: N = call;
  for (let i = 0; i < 16; i++) {
    const m = f.parent.get(cur);
    if (!m || m.type !== 'MemberExpression' || m.object !== cur) break;
    const c = f.parent.get(m);
    if (!c || c.type !== 'CallExpression' || c.callee !== m) break;
    if (memberName(m) === 'update') out.push(...(c.arguments as N[]));
    cur = c;
  }
  // Stored: const h = createHash('md5'); h.update(password)
  const t = targetOf(call, f);
  if (t.variable && t.top === call) {
    const fn = enclosingFunction(call, f);
    for (const c of callsNamed(f, 'update')) {
      if ( (fn && (c.node.start < fn.start || c.node.end > fn.end))) continue;
      const callee = unwrap(c.node.callee);
      if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'Identifier' && unwrap(callee.object).name === t.variable) {
        out.push(...(c.node.arguments as N[]));
      }
    }
  }
  return out;
}

/** The outermost expression of a `.update().digest()` chain. */
function chainTop(call: N, f: FileFacts): N {
  let cur: N = call;
  for (let i = 0; i < 16; i++) {
    const m = f.parent.get(cur);
    if (!m || m.type !== 'MemberExpression' || m.object !== cur) break;
    const c = f.parent.get(m);
    if (!c || c.type !== 'CallExpression' || c.callee !== m) break;
    cur = c;
  }
  return cur;
}

/** Names around the digest: where it is stored or returned, and what it is compared with. */
function contextNames(call: N, data: N[], f: FileFacts): { data: string[]; target: string[] } {
  const dataNames: string[] = [];
  for (const d of data) dataNames.push(...namesIn(d, 60));
  const top = chainTop(call, f);
  const t = targetOf(top, f);
  const target = [...t.names];
  const fn = enclosingFunction(call, f);
  if (fn) {
    const fnName = functionName(fn, f);
    if (fnName && (t.returned || (t.variable && returnedNames(fn).has(t.variable)))) target.push(fnName);
  }
  const p = f.parent.get(t.top);
  if (p && p.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(p.operator)) {
    target.push(...namesIn(p.left === t.top ? p.right : p.left, 40));
  }
  return { data: dataNames, target };
}

/** createSign/createVerify(alg) and sign/verify(alg, …): the weak digest named, if any. */
function weakSignature(c: { node: N; path?: string }, f: FileFacts): string | undefined {
  if (!c.path || !apiMatches('crypto.{createSign,createVerify,sign,verify}', c.path)) return undefined;
  const m = WEAK_SIGN.exec(constString(c.node.arguments[0], f)?.toLowerCase() ?? '');
  return m ? SIGN_ALG[m[1]!] : undefined;
}

function message(alg: string, kind: Kind): string {
  return kind === 'password'
    ? `${alg} hashes a password here; a fast broken hash is cracked offline in seconds. Use bcrypt, scrypt or argon2`
    : `${alg} protects a secret, token or signature here; collisions are practical. Use SHA-256 or HMAC-SHA-256`;
}

export const weakHash: AstRule = {
  meta: {
    id: 'sast/js/weak-hash',
    title: 'Weak hash (MD5/SHA-1) for a password, secret or signature',
    severity: 'high',
    cwe: [328, 916],
    description:
      'MD5, MD4 and SHA-1 are fast and collision-prone. Used to store passwords they are brute-forced offline; used for ' +
      'signatures or tokens they can be forged. Flagged only when the hashed value or the name it is stored under says ' +
      'password, secret, token or signature: MD5 for ETags and cache keys is not a finding. A signature algorithm with ' +
      'an MD5 or SHA-1 digest (crypto.createSign(\'RSA-SHA1\'), crypto.sign(\'sha1\', …)) is always one.',
    remediation:
      'Hash passwords with a slow salted function (bcrypt, scrypt via crypto.scrypt, argon2). For signatures and tokens use ' +
      'SHA-256 or stronger, or HMAC-SHA-256 with a secret key.',
    references: ['https://cwe.mitre.org/data/definitions/328.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'createSign', 'createVerify', 'sign', 'verify')) {
      const alg = weakSignature(c, f);
      if (alg) out.push(hitAt(c.node, `${alg} is the digest of this signature; collisions are practical, so a signature can be forged. Use SHA-256 or stronger (e.g. 'RSA-SHA256', 'sha256')`));
    }
    for (const c of callsNamed(f, 'createHash', 'createHmac', 'hash', ...DIRECT_NAMES)) {
      if (!c.path) continue;
      let alg: string | undefined;
      let data: N[] = [];
      if (apiMatches('crypto.{createHash,createHmac}', c.path)) {
        const a = constString(c.node.arguments[0], f)?.toLowerCase();
        if (!a || !WEAK[a]) continue;
        if (c.path.endsWith('createHmac') && !WEAK_HMAC.has(a)) continue;
        alg = (c.path.endsWith('createHmac') ? 'HMAC-' : '') + WEAK[a];
        data = hashedData(c.node, f);
      } else if (apiMatches('crypto.hash', c.path)) {
        const a = constString(c.node.arguments[0], f)?.toLowerCase();
        if (!a || !WEAK[a]) continue;
        alg = WEAK[a];
        data = c.node.arguments.slice(1, 2);
      } else if (DIRECT[c.path] && !c.isNew) {
        alg = DIRECT[c.path];
        data = c.node.arguments.slice(0, 1);
      } else continue;
      const names = contextNames(c.node, data, f);
      const kind = hashContext(names.data, names.target);
      if (kind) out.push(hitAt(c.node, message(alg!, kind)));
    }
    return out;
  },
};
