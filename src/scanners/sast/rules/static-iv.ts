/**
 * A cipher IV written into the code: a string, `Buffer.from(<literal>)`, `Buffer.alloc(n)` (all
 * zeros) or a constant holding one (a variable, a class's static field, a constant object's property). The same IV for every message breaks CBC's and CTR/GCM's
 * guarantees (GCM nonce reuse even leaks the authentication key).
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches, unwrap } from '../ir/api-names.js';
import type { ApiNames } from '../ir/api-names.js';
import { type FileFacts, type N, callsNamed, constString, factsOf, hitAt, initOf, memberConst, stringValue } from './ast-facts.js';

function literalArray(n: N): boolean {
  return n.type === 'ArrayExpression' && (n.elements as (N | null)[]).every((e) => e !== null && e.type === 'Literal' && typeof e.value === 'number');
}

/** Bytes fixed at build time, directly or through a single-assignment variable. */
export function isStaticBytes(node: N | null | undefined, f: FileFacts, api: ApiNames, depth = 0): boolean {
  if (!node || depth > 4) return false;
  const n = unwrap(node);
  if (stringValue(n) !== undefined) return true;
  if (literalArray(n)) return true;
  if (n.type === 'Identifier' || n.type === 'MemberExpression') {
    // A constant, a class's `static IV = '…'` or a constant object's `cfg.iv`.
    const init = n.type === 'Identifier' ? initOf(n, f) : memberConst(n, f);
    return init ? isStaticBytes(init, f, api, depth + 1) : false;
  }
  if (n.type === 'CallExpression' || n.type === 'NewExpression') {
    const path = api.pathOf(n.callee);
    if (!path) return false;
    const a0 = n.arguments[0] as N | undefined;
    if (apiMatches('{Buffer,buffer.Buffer}.from', path) || apiMatches('{Uint8Array,Int8Array}.from', path)) {
      return !!a0 && isStaticBytes(a0, f, api, depth + 1);
    }
    // Buffer.alloc(16) and new Uint8Array(16) are zero-filled; Buffer.alloc(16, 'a') a fixed fill.
    if (apiMatches('{Buffer,buffer.Buffer}.alloc', path)) {
      const fill = n.arguments[1] as N | undefined;
      return !fill || unwrap(fill).type === 'Literal';
    }
    if (n.type === 'NewExpression' && (path === 'Buffer' || path === 'Uint8Array')) {
      return !!a0 && (unwrap(a0).type === 'Literal' || literalArray(unwrap(a0)) || isStaticBytes(a0, f, api, depth + 1));
    }
  }
  return false;
}

export const staticIv: AstRule = {
  meta: {
    id: 'sast/js/static-iv',
    title: 'Hard-coded initialisation vector',
    severity: 'medium',
    cwe: [329, 1204],
    description:
      'The IV (nonce) passed to createCipheriv is a constant, so every message is encrypted with the same IV under the same ' +
      'key: equal plaintext prefixes give equal ciphertext in CBC, and CTR/GCM keystreams repeat (for GCM this also ' +
      'exposes the authentication key).',
    remediation:
      'Generate a fresh IV for every encryption with crypto.randomBytes (16 bytes for CBC/CTR, 12 for GCM) and store it ' +
      'next to the ciphertext; it does not need to be secret.',
    references: ['https://cwe.mitre.org/data/definitions/329.html'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'createCipheriv')) {
      if (!c.path || !apiMatches('crypto.createCipheriv', c.path)) continue;
      const iv = c.node.arguments[2] as N | undefined;
      if (!iv || (unwrap(iv).type === 'Literal' && unwrap(iv).value === null)) continue; // ECB: no IV (weak-cipher's)
      const alg = constString(c.node.arguments[0] as N | undefined, f)?.toLowerCase();
      if (alg && (alg.endsWith('-ecb') || alg.startsWith('rc4'))) continue; // no IV is used; weak-cipher reports these
      if (isStaticBytes(iv, f, api)) out.push(hitAt(iv, 'this IV is fixed in the code, so every message reuses it under the same key; use crypto.randomBytes per encryption'));
    }
    return out;
  },
};
