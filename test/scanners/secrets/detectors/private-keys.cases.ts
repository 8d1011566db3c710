import { generateKeyPairSync } from 'node:crypto';
import type { FamilyCases } from '../detector-cases.js';
import { synth } from '../synthetic-tokens.js';
import { crc24 } from '../../../../src/scanners/secrets/detectors/private-keys.js';

// Real keys made at load time (never stored), plus synthetic payloads for formats Node cannot write.
const g = synth(0x9e11);
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const rsaPem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ecPem = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
const pkcs8Pem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPkcs8Pem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const encPkcs8 = rsa.privateKey
  .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
  .toString();
const encPem = rsa.privateKey
  .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'correct horse' })
  .toString();
const publicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

const wrap = (b: Buffer, width = 64) => b.toString('base64').replace(new RegExp(`(.{${width}})`, 'g'), '$1\n').trim();
const pem = (label: string, body: Buffer, width = 64) => `-----BEGIN ${label}-----\n${wrap(body, width)}\n-----END ${label}-----\n`;
// DSA traditional format: SEQUENCE { version, p, q, g, y, x } - a DER header over random integers.
const dsaDer = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0xbb, 0x02, 0x01, 0x00]), g.bytes(436)]);
const sshDer = Buffer.concat([Buffer.from('openssh-key-v1\0none\0none\0', 'latin1'), g.bytes(360)]);
const pgpData = Buffer.concat([Buffer.from([0x95, 0x01, 0xd8]), g.bytes(470)]);
const crc = Buffer.alloc(3);
crc.writeUIntBE(crc24(pgpData), 0, 3);
const pgp = `-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: build signing key\n\n${wrap(pgpData)}\n=${crc.toString('base64')}\n-----END PGP PRIVATE KEY BLOCK-----\n`;
const pgpBadCrc = pgp.replace(`=${crc.toString('base64')}`, `=${Buffer.from([crc[0]! ^ 1, crc[1]!, crc[2]!]).toString('base64')}`);
const ppk = (enc: string) =>
  `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: ${enc}\nComment: deploy@build\nPublic-Lines: 2\n${wrap(g.bytes(51))}\n` +
  `Private-Lines: 1\n${wrap(g.bytes(48))}\nPrivate-MAC: ${g.tok('0123456789abcdef', 64)}\n`;
const escaped = (s: string) => s.replace(/\n/g, '\\n');

export const cases: FamilyCases = {
  'secrets/private-keys/rsa': {
    flagged: [rsaPem, `{"key": "${escaped(rsaPem)}"}`, `ssh:\n  key: |\n${rsaPem.replace(/^/gm, '    ')}`],
    clean: [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----',
      publicPem,
      rsaPem.replace(/-----END RSA PRIVATE KEY-----\n/, ''),
      pem('RSA PRIVATE KEY', Buffer.alloc(300, 7)),
      encPem,
    ],
  },
  'secrets/private-keys/ec': {
    flagged: [ecPem, `EC_KEY="${escaped(ecPem)}"`],
    clean: [
      '-----BEGIN EC PRIVATE KEY-----\n<your EC key here>\n-----END EC PRIVATE KEY-----',
      pem('EC PRIVATE KEY', Buffer.concat([Buffer.from([0x04]), g.bytes(120)])),
      ecPem.slice(0, 80),
    ],
  },
  'secrets/private-keys/dsa': {
    flagged: [pem('DSA PRIVATE KEY', dsaDer), `key = """${pem('DSA PRIVATE KEY', dsaDer, 76)}"""`],
    clean: [
      '-----BEGIN DSA PRIVATE KEY-----\nMIIBuwIBAAKBgQ...\n-----END DSA PRIVATE KEY-----',
      pem('DSA PRIVATE KEY', g.bytes(40)),
      pem('DSA PRIVATE KEY', Buffer.concat([Buffer.from([0x31]), g.bytes(300)])),
    ],
  },
  'secrets/private-keys/openssh': {
    flagged: [pem('OPENSSH PRIVATE KEY', sshDer, 70), `"${escaped(pem('OPENSSH PRIVATE KEY', sshDer, 70))}"`],
    clean: [
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA...\n-----END OPENSSH PRIVATE KEY-----',
      pem('OPENSSH PRIVATE KEY', g.bytes(300), 70),
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq3 deploy@build',
    ],
  },
  'secrets/private-keys/pkcs8': {
    flagged: [pkcs8Pem, rsaPkcs8Pem, `TLS_KEY="${escaped(pkcs8Pem)}"`],
    clean: [
      '-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----',
      publicPem,
      encPkcs8,
      `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(64)}\n${'A'.repeat(64)}\n-----END PRIVATE KEY-----`,
    ],
  },
  'secrets/private-keys/encrypted-pkcs8': {
    flagged: [encPkcs8, `key: "${escaped(encPkcs8)}"`],
    clean: [pkcs8Pem, '-----BEGIN ENCRYPTED PRIVATE KEY-----\n...\n-----END ENCRYPTED PRIVATE KEY-----', encPkcs8.slice(0, 200)],
  },
  'secrets/private-keys/encrypted-pem': {
    flagged: [encPem, `"${escaped(encPem)}"`],
    clean: [rsaPem, '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,<iv>\n\n...\n-----END RSA PRIVATE KEY-----', encPem.slice(0, 150)],
  },
  'secrets/private-keys/pgp': {
    flagged: [pgp, pgp.replace(/\n=.{4}\n/, '\n')],
    clean: [
      pgpBadCrc,
      pgp.replace('PRIVATE KEY BLOCK', 'PUBLIC KEY BLOCK').replace('PRIVATE KEY BLOCK', 'PUBLIC KEY BLOCK'),
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBF...\n-----END PGP PRIVATE KEY BLOCK-----',
    ],
  },
  'secrets/private-keys/putty': {
    flagged: [ppk('none'), ppk('aes256-cbc').replace(/\n/g, '\r\n')],
    clean: [
      'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\nPublic-Lines: 2\n...\nPrivate-Lines: 1\n...\nPrivate-MAC: <mac>\n',
      ppk('none').replace(/Private-MAC: .*/, ''),
      ppk('none').replace(/Private-Lines: 1\n.*\n/, `Private-Lines: 1\n${'A'.repeat(64)}\n`),
    ],
  },
};

