/**
 * Key sizes and work factors below current minimums, when written as literals: RSA/DSA/DH under
 * 2048 bits, EC curves under 224 bits, PBKDF2 under 10,000 iterations, derived keys under 16 bytes.
 */
import type { AstHit, AstRule } from './types.js';
import { apiMatches } from '../ir/api-names.js';
import { callsNamed, constNumber, constString, factsOf, hitAt, objectOf, propNode, propValue, type N } from './ast-facts.js';

const WEAK_CURVES = new Set([
  'secp112r1', 'secp112r2', 'secp128r1', 'secp128r2', 'secp160k1', 'secp160r1', 'secp160r2', 'secp192k1', 'secp192r1',
  'prime192v1', 'prime192v2', 'prime192v3', 'p-192', 'sect113r1', 'sect113r2', 'sect131r1', 'sect131r2', 'sect163k1',
  'sect163r1', 'sect163r2', 'sect193r1', 'sect193r2', 'brainpoolp160r1', 'brainpoolp160t1', 'brainpoolp192r1',
  'brainpoolp192t1', 'wap-wsg-idm-ecid-wtls8', 'wap-wsg-idm-ecid-wtls9',
]);
const MIN_MODULUS = 2048;
const MIN_PBKDF2_ITERATIONS = 10_000;
const MIN_KEY_BYTES = 16;
const MIN_BCRYPT_ROUNDS = 10;

export const shortKey: AstRule = {
  meta: {
    id: 'sast/js/short-key',
    title: 'Key or work factor too small',
    severity: 'medium',
    cwe: [326, 916],
    description:
      'RSA, DSA and Diffie-Hellman keys under 2048 bits and elliptic curves under 224 bits can be broken with ' +
      'affordable compute; PBKDF2 with fewer than 10,000 iterations, bcrypt cost under 10 and derived keys shorter ' +
      'than 16 bytes make brute force cheap. Only literal sizes are checked.',
    remediation:
      'Use RSA 3072 (at least 2048) or P-256/Ed25519 keys; PBKDF2-HMAC-SHA256 with at least 600,000 iterations (or scrypt/argon2) ' +
      'and keys of at least 16 bytes (32 for AES-256).',
    references: ['https://cwe.mitre.org/data/definitions/326.html', 'https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    const keyOptions = (opts: N | undefined, what: string): void => {
      const mod = constNumber(propValue(opts, 'modulusLength'), f);
      if (mod !== undefined && mod < MIN_MODULUS) out.push(hitAt(propNode(opts, 'modulusLength')!, `${what} key of ${mod} bits; use at least 2048 (3072 preferred)`));
      const curveNode = propValue(opts, 'namedCurve');
      const curve = constString(curveNode, f);
      if (curve && WEAK_CURVES.has(curve.toLowerCase())) out.push(hitAt(propNode(opts, 'namedCurve')!, `curve ${curve} is under 224 bits; use P-256 or Ed25519`));
    };
    for (const c of callsNamed(f, 'generateKeyPair', 'generateKeyPairSync', 'generateKey', 'node-rsa', 'createDiffieHellman', 'pbkdf2', 'pbkdf2Sync', 'scrypt', 'scryptSync', 'hash', 'hashSync', 'genSalt', 'genSaltSync')) {
      if (!c.path) continue;
      const args = c.node.arguments as N[];
      if (apiMatches('crypto.{generateKeyPair,generateKeyPairSync}', c.path)) {
        const type = constString(args[0], f)?.toUpperCase() ?? 'the';
        keyOptions(objectOf(args[1], f), type);
      } else if (apiMatches('{crypto.subtle,crypto.webcrypto.subtle}.generateKey', c.path)) {
        const opts = objectOf(args[0], f);
        keyOptions(opts, constString(propValue(opts, 'name'), f) ?? 'the');
      } else if (apiMatches('node-forge.pki.rsa.generateKeyPair', c.path)) {
        const bitsNode = args[0] && objectOf(args[0], f) ? propValue(objectOf(args[0], f), 'bits') : args[0];
        const bits = constNumber(bitsNode, f);
        if (bits !== undefined && bits < MIN_MODULUS) out.push(hitAt(bitsNode!, `RSA key of ${bits} bits; use at least 2048`));
      } else if (c.path === 'node-rsa' && c.isNew) {
        const opts = objectOf(args[0], f);
        const b = constNumber(propValue(opts, 'b'), f);
        if (b !== undefined && b < MIN_MODULUS) out.push(hitAt(propNode(opts, 'b')!, `RSA key of ${b} bits; use at least 2048`));
      } else if (apiMatches('crypto.createDiffieHellman', c.path)) {
        const bits = constNumber(args[0], f);
        if (bits !== undefined && bits < MIN_MODULUS) out.push(hitAt(args[0]!, `Diffie-Hellman prime of ${bits} bits (Logjam); use at least 2048 or ECDH`));
      } else if (apiMatches('crypto.{pbkdf2,pbkdf2Sync}', c.path)) {
        const iter = constNumber(args[2], f);
        if (iter !== undefined && iter < MIN_PBKDF2_ITERATIONS) out.push(hitAt(args[2]!, `PBKDF2 with ${iter} iterations is cheap to brute-force; use at least 600,000 (SHA-256) or scrypt/argon2`));
        const len = constNumber(args[3], f);
        if (len !== undefined && len < MIN_KEY_BYTES) out.push(hitAt(args[3]!, `derived key of ${len} bytes; use at least 16 (32 for AES-256)`));
      } else if (apiMatches('{bcrypt,bcryptjs}.{hash,hashSync,genSalt,genSaltSync}', c.path)) {
        // bcrypt(pw, rounds) or genSalt(rounds): the cost factor is log2 of the work.
        const at = c.path.endsWith('genSalt') || c.path.endsWith('genSaltSync') ? args[0] : args[1];
        const rounds = constNumber(at, f);
        if (rounds !== undefined && rounds < MIN_BCRYPT_ROUNDS) out.push(hitAt(at!, `bcrypt cost ${rounds} is ${2 ** (MIN_BCRYPT_ROUNDS - rounds)}x cheaper to brute-force than the default 10; use 10-12 or more`));
      } else if (apiMatches('crypto.{scrypt,scryptSync}', c.path)) {
        const len = constNumber(args[2], f);
        if (len !== undefined && len < MIN_KEY_BYTES) out.push(hitAt(args[2]!, `derived key of ${len} bytes; use at least 16 (32 for AES-256)`));
      }
    }
    return out;
  },
};
