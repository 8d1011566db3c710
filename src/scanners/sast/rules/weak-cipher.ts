/**
 * Broken or misused ciphers: DES, 3DES, RC4, RC2, Blowfish, any ECB mode, and the deprecated
 * `crypto.createCipher` (key from MD5 of a password, no IV). Unsafe wherever they appear.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches } from '../ir/api-names.js';
import { callsNamed, constString, factsOf, hitAt, propsKeyed, type N } from './ast-facts.js';

/** Why an OpenSSL / forge cipher name is weak, or undefined when it is not. */
export function weakCipherReason(name: string): string | undefined {
  const n = name.toLowerCase();
  if (/^(?:des|3des|tripledes)(?:$|[-_])/.test(n) || n === 'desx' || n === 'des3' || n.startsWith('desx-')) return 'DES and 3DES have 56/112-bit strength and 64-bit blocks (Sweet32)';
  if (/^rc4(?:$|-)/.test(n)) return 'RC4 has exploitable keystream biases';
  if (/^rc2(?:$|-)/.test(n)) return 'RC2 is broken';
  if (/^(?:bf|blowfish)(?:$|-)/.test(n)) return 'Blowfish has 64-bit blocks (Sweet32)';
  if (/(?:^|-)ecb$/.test(n)) return 'ECB mode encrypts equal blocks to equal ciphertext and leaks patterns';
  return undefined;
}

const NODE_CIPHERS = 'crypto.{createCipheriv,createDecipheriv}';
const DEPRECATED = 'crypto.{createCipher,createDecipher}';
const FORGE = 'node-forge.cipher.{createCipher,createDecipher}';
const CRYPTOJS_WEAK: Record<string, string> = { DES: 'DES', TripleDES: '3DES', RC4: 'RC4', RC4Drop: 'RC4', Blowfish: 'Blowfish' };

export const weakCipher: AstRule = {
  meta: {
    id: 'sast/js/weak-cipher',
    title: 'Broken cipher or ECB mode',
    severity: 'high',
    cwe: [327],
    description:
      'DES, 3DES, RC4, RC2 and Blowfish are broken or too weak for new data, and ECB mode leaks the structure of the ' +
      'plaintext. crypto.createCipher/createDecipher derive the key with a single MD5 and use no IV; they are deprecated ' +
      'and removed in Node 22.',
    remediation:
      'Use an authenticated cipher: crypto.createCipheriv(\'aes-256-gcm\', key, iv) with a random 12-byte IV per message ' +
      '(or chacha20-poly1305), and derive keys with scrypt or HKDF.',
    references: ['https://cwe.mitre.org/data/definitions/327.html', 'https://nodejs.org/api/crypto.html#cryptocreatecipherivalgorithm-key-iv-options'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const c of callsNamed(f, 'createCipheriv', 'createDecipheriv', 'createCipher', 'createDecipher', 'encrypt', 'decrypt')) {
      if (!c.path) continue;
      if (apiMatches(NODE_CIPHERS, c.path) || apiMatches(FORGE, c.path)) {
        const alg = constString(c.node.arguments[0], f);
        const why = alg ? weakCipherReason(alg) : undefined;
        if (why) out.push(hitAt(c.node, `cipher '${alg}': ${why}; use aes-256-gcm with a random IV`));
      } else if (apiMatches(DEPRECATED, c.path)) {
        const alg = constString(c.node.arguments[0], f);
        const why = alg ? weakCipherReason(alg) : undefined;
        out.push(hitAt(c.node, `${c.path.slice(7)}() derives the key with one MD5 round and uses no IV${why ? ` (and ${alg}: ${why})` : ''}; use createCipheriv with aes-256-gcm, a scrypt-derived key and a random IV`));
      } else if (apiMatches('crypto-js.*.{encrypt,decrypt}', c.path)) {
        const algName = c.path.split('.')[1]!;
        const alg = CRYPTOJS_WEAK[algName];
        if (alg) out.push(hitAt(c.node, `crypto-js ${alg}: ${weakCipherReason(alg === '3DES' ? 'des' : alg.toLowerCase())}; use AES (GCM via WebCrypto or Node's crypto)`));
      }
    }
    // crypto-js { mode: CryptoJS.mode.ECB } in any options object.
    for (const p of propsKeyed(f, 'mode') as N[]) {
      const path = api.pathOf(p.value);
      if (path === 'crypto-js.mode.ECB' || path === 'crypto-js.mode.ecb') {
        out.push(hitAt(p, 'crypto-js ECB mode encrypts equal blocks to equal ciphertext and leaks patterns; use CBC with HMAC or, better, AES-GCM'));
      }
    }
    return out;
  },
};
