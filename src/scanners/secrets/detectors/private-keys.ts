import type { Detector } from '../detector.js';
import { shannonEntropy } from '../filters.js';

const REMEDIATION =
  'Treat the key as compromised: remove it from the repository and its history, revoke or replace whatever trusts it (certificates, authorized_keys, deploy keys, signing subkeys), and keep keys in a secrets manager or HSM.';
const common = { severity: 'critical' as const, cwe: [321, 798], remediation: REMEDIATION, noPlaceholderFilter: true };

// Base64 body as it appears in files and in escaped strings (JSON, .env): newlines may be real or `\n`.
const BODY = '[A-Za-z0-9+/=\\s\\\\]';

/** `-----BEGIN <label>-----` ... `-----END <label>-----` with a base64 body (lazy, linear in RE2). */
function block(label: string, headers = ''): string {
  return `(-----BEGIN ${label}-----${headers}${BODY}{40,}?-----END ${label}-----)`;
}

/** The DER/binary payload of a PEM-style block (headers and escape sequences removed), or null. */
export function pemBody(block: string): Buffer | null {
  const lines = block
    .replace(/\\[nr]/g, '\n')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('-----') && !l.includes(':'));
  const b64 = lines.filter((l) => !/^=[A-Za-z0-9+/]{4}$/.test(l)).join('');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  if (shannonEntropy(b64) < 4.5) return null; // AAAA... or hand-typed filler
  return Buffer.from(b64, 'base64');
}

/** An ASN.1 DER SEQUENCE of at least `min` bytes: what PKCS#1/SEC1/PKCS#8 keys are. */
const derSequence = (min: number) => (secret: string) => {
  const d = pemBody(secret);
  return d !== null && d.length >= min && d[0] === 0x30;
};

/** OpenPGP armor checksum (CRC-24, RFC 4880 section 6.1). */
export function crc24(data: Buffer): number {
  let crc = 0xb704ce;
  for (const b of data) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function pgpValid(secret: string): boolean {
  const d = pemBody(secret);
  if (!d || d.length < 64 || (d[0]! & 0x80) === 0) return false; // packet tag bit
  const crcLine = /(?:^|\n|\\n)\s*=([A-Za-z0-9+/]{4})\s*(?:\n|\\n|\r)/.exec(secret);
  if (!crcLine) return true; // the checksum is optional (RFC 9580)
  const want = Buffer.from(crcLine[1]!, 'base64');
  return want.length === 3 && want.readUIntBE(0, 3) === crc24(d);
}

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/private-keys/rsa',
    spansLines: true,
    title: 'RSA private key (PKCS#1)',
    description: 'An unencrypted PEM RSA private key (BEGIN RSA PRIVATE KEY).',
    references: ['https://www.rfc-editor.org/rfc/rfc8017#appendix-A.1.2'],
    keywords: ['begin rsa private key'],
    pattern: block('RSA PRIVATE KEY'),
    maxLength: 10000,
    check: derSequence(100),
  },
  {
    ...common,
    id: 'secrets/private-keys/ec',
    spansLines: true,
    title: 'EC private key (SEC 1)',
    description: 'An unencrypted PEM elliptic-curve private key (BEGIN EC PRIVATE KEY).',
    references: ['https://www.rfc-editor.org/rfc/rfc5915'],
    keywords: ['begin ec private key'],
    pattern: block('EC PRIVATE KEY'),
    maxLength: 2000,
    check: derSequence(30),
  },
  {
    ...common,
    id: 'secrets/private-keys/dsa',
    spansLines: true,
    title: 'DSA private key',
    description: 'An unencrypted PEM DSA private key (BEGIN DSA PRIVATE KEY).',
    references: ['https://www.openssl.org/docs/man3.0/man1/openssl-dsa.html'],
    keywords: ['begin dsa private key'],
    pattern: block('DSA PRIVATE KEY'),
    maxLength: 5000,
    check: derSequence(100),
  },
  {
    ...common,
    id: 'secrets/private-keys/openssh',
    spansLines: true,
    title: 'OpenSSH private key',
    description: 'An OpenSSH-format private key (BEGIN OPENSSH PRIVATE KEY); if it has no passphrase it logs in wherever its public key is authorised.',
    references: ['https://cvsweb.openbsd.org/src/usr.bin/ssh/PROTOCOL.key'],
    keywords: ['begin openssh private key'],
    pattern: block('OPENSSH PRIVATE KEY'),
    maxLength: 10000,
    check: (s) => pemBody(s)?.subarray(0, 15).toString('latin1') === 'openssh-key-v1\0',
  },
  {
    ...common,
    id: 'secrets/private-keys/pkcs8',
    spansLines: true,
    title: 'Private key (PKCS#8)',
    description: 'An unencrypted PKCS#8 private key (BEGIN PRIVATE KEY): RSA, EC, Ed25519 or another algorithm.',
    references: ['https://www.rfc-editor.org/rfc/rfc5208'],
    keywords: ['begin private key'],
    pattern: block('PRIVATE KEY'),
    maxLength: 10000,
    check: derSequence(40),
  },
  {
    ...common,
    id: 'secrets/private-keys/encrypted-pkcs8',
    spansLines: true,
    title: 'Encrypted private key (PKCS#8)',
    description: 'A passphrase-encrypted PKCS#8 private key (BEGIN ENCRYPTED PRIVATE KEY). Safer than a plain key, but offline passphrase guessing is possible and the passphrase often sits nearby.',
    severity: 'medium',
    references: ['https://www.rfc-editor.org/rfc/rfc5958#section-3'],
    keywords: ['begin encrypted private key'],
    pattern: block('ENCRYPTED PRIVATE KEY'),
    maxLength: 10000,
    check: derSequence(60),
  },
  {
    ...common,
    id: 'secrets/private-keys/encrypted-pem',
    spansLines: true,
    title: 'Encrypted PEM private key (Proc-Type: 4,ENCRYPTED)',
    description: 'A legacy OpenSSL passphrase-encrypted RSA, EC or DSA key. The legacy key derivation is weak (one MD5 round), so the passphrase is cheap to guess.',
    severity: 'medium',
    references: ['https://www.rfc-editor.org/rfc/rfc1421'],
    keywords: ['proc-type: 4,encrypted'],
    pattern:
      '(-----BEGIN (?:RSA|EC|DSA) PRIVATE KEY-----(?:\\s|\\\\[nr]){1,6}Proc-Type: 4,ENCRYPTED(?:\\s|\\\\[nr]){1,6}' +
      `DEK-Info: [A-Z0-9-]{3,30},[0-9A-Fa-f]{16,64}${BODY}{40,}?-----END (?:RSA|EC|DSA) PRIVATE KEY-----)`,
    maxLength: 10000,
    check: (s) => (pemBody(s)?.length ?? 0) >= 64,
  },
  {
    ...common,
    id: 'secrets/private-keys/pgp',
    spansLines: true,
    title: 'PGP private key block',
    description: 'An ASCII-armored OpenPGP secret key (BEGIN PGP PRIVATE KEY BLOCK); it signs and decrypts as its owner, subject to its passphrase.',
    references: ['https://www.rfc-editor.org/rfc/rfc9580#section-6'],
    keywords: ['begin pgp private key block'],
    pattern:
      '(-----BEGIN PGP PRIVATE KEY BLOCK-----(?:(?:\\r?\\n|\\\\n)[A-Za-z][A-Za-z-]{0,30}: [^\\r\\n\\\\]{0,200})*' +
      `${BODY}{60,}?-----END PGP PRIVATE KEY BLOCK-----)`,
    maxLength: 30000,
    // The armor CRC-24 is checked when present, but it is optional, so confidence stays medium.
    check: pgpValid,
  },
  {
    ...common,
    id: 'secrets/private-keys/putty',
    spansLines: true,
    title: 'PuTTY private key (PPK)',
    description: 'A PuTTY private key file (PuTTY-User-Key-File-2/3); with Encryption: none it logs in wherever its public key is authorised.',
    references: ['https://the.earth.li/~sgtatham/putty/0.81/htmldoc/AppendixC.html'],
    keywords: ['putty-user-key-file-'],
    pattern:
      '(PuTTY-User-Key-File-[23]: [a-z0-9@.-]{3,60}\\r?\\nEncryption: [a-z0-9-]{3,20}\\r?\\nComment: [^\\r\\n]{0,200}\\r?\\n' +
      'Public-Lines: \\d{1,3}\\r?\\n[A-Za-z0-9+/=\\r\\n]+?(?:[A-Za-z0-9-]{3,30}: [^\\r\\n]{0,100}\\r?\\n){0,8}' +
      'Private-Lines: \\d{1,3}\\r?\\n[A-Za-z0-9+/=\\r\\n]+?Private-MAC: [0-9a-f]{40,64})',
    maxLength: 12000,
    check: (s) => {
      const m = /Private-Lines: \d+\r?\n([A-Za-z0-9+/=\r\n]+?)Private-MAC/.exec(s);
      return m !== null && shannonEntropy(m[1]!.replace(/\s/g, '')) >= 4.5;
    },
  },
];
