import { execFile } from 'node:child_process';
import { generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dsseBundle, dsseSign, IN_TOTO, statement } from './sigstore-fixtures.js';

/**
 * A private Sigstore-like PKI made in the test with openssl (argument arrays, no shell): a root CA,
 * Fulcio-style leaf certificates (SAN + OIDC issuer extension), and a timestamp authority whose
 * RFC 3161 responses prove when a signature was made (the time the certificate chain is checked at).
 */

const run = promisify(execFile);
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';

export interface KeylessPki {
  dir: string;
  /** A TrustedRoot JSON trusting the CA (for Fulcio) and the TSA. */
  trustedRoot: Record<string, unknown>;
  /** A leaf certificate (DER) and its private key for this identity. */
  leaf(subject: { email?: string; uri?: string }, issuer: string): Promise<{ der: Buffer; key: KeyObject }>;
  /** An RFC 3161 TimeStampResp (DER) over these bytes. */
  timestamp(data: Buffer): Promise<Buffer>;
  /** A keyless DSSE in-toto bundle for these digests, signed by a fresh leaf, timestamped. */
  bundle(digests: string[], subject: { email?: string; uri?: string }, issuer: string, opts?: { timestamp?: boolean }): Promise<Record<string, unknown>>;
  close(): void;
}

function writeKey(dir: string, name: string): { file: string; key: KeyObject } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const file = join(dir, `${name}.key`);
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { file, key: privateKey };
}

const der = (pemFile: string) => Buffer.from(new X509Certificate(readFileSync(pemFile)).raw);

async function issue(dir: string, name: string, ca: { pem: string; key: string }, subj: string, ext: string[], serial: number): Promise<{ pem: string; key: KeyObject; keyFile: string }> {
  const k = writeKey(dir, name);
  const csr = join(dir, `${name}.csr`);
  const extFile = join(dir, `${name}.ext`);
  const pem = join(dir, `${name}.pem`);
  writeFileSync(extFile, ext.join('\n') + '\n');
  await run('openssl', ['req', '-new', '-key', k.file, '-subj', subj, '-out', csr]);
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca.pem, '-CAkey', ca.key, '-set_serial', String(serial), '-days', '2', '-sha256', '-extfile', extFile, '-out', pem]);
  return { pem, key: k.key, keyFile: k.file };
}

export async function makeKeylessPki(): Promise<KeylessPki> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-pki-'));
  const caKey = writeKey(dir, 'ca');
  const caPem = join(dir, 'ca.pem');
  await run('openssl', [
    'req', '-x509', '-new', '-key', caKey.file, '-subj', '/O=rampart-test/CN=Test Fulcio Root', '-days', '3', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-addext', 'subjectKeyIdentifier=hash', '-out', caPem,
  ]);
  const ca = { pem: caPem, key: caKey.file };
  const tsa = await issue(dir, 'tsa', ca, '/O=rampart-test/CN=Test TSA', ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=critical,timeStamping', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'], 100);
  writeFileSync(join(dir, 'tsaserial'), '01\n');
  const tsaConf = join(dir, 'tsa.cnf');
  writeFileSync(
    tsaConf,
    [
      '[ tsa ]',
      'default_tsa = tsa_config1',
      '[ tsa_config1 ]',
      `serial = ${join(dir, 'tsaserial')}`,
      'crypto_device = builtin',
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ordering = no',
      'tsa_name = no',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  const start = '2020-01-01T00:00:00Z';
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    ctlogs: [],
    certificateAuthorities: [{ subject: { organization: 'rampart-test', commonName: 'Test Fulcio Root' }, uri: 'https://fulcio.invalid', certChain: { certificates: [{ rawBytes: der(caPem).toString('base64') }] }, validFor: { start } }],
    timestampAuthorities: [
      { subject: { organization: 'rampart-test', commonName: 'Test TSA' }, uri: 'https://tsa.invalid', certChain: { certificates: [{ rawBytes: der(tsa.pem).toString('base64') }, { rawBytes: der(caPem).toString('base64') }] }, validFor: { start } },
    ],
  };
  let serial = 1000;
  let n = 0;

  const pki: KeylessPki = {
    dir,
    trustedRoot,
    async leaf(subject, issuer) {
      const san = subject.email ? `email:${subject.email}` : `URI:${subject.uri}`;
      const name = `leaf${++n}`;
      const ext = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=codeSigning', `subjectAltName=critical,${san}`, `${OID_FULCIO_ISSUER_V2}=ASN1:UTF8String:${issuer}`, 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
      const leaf = await issue(dir, name, ca, '/O=sigstore.dev', ext, ++serial);
      return { der: der(leaf.pem), key: leaf.key };
    },
    async timestamp(data) {
      const name = `ts${++n}`;
      const dataFile = join(dir, `${name}.bin`);
      const query = join(dir, `${name}.tsq`);
      const reply = join(dir, `${name}.tsr`);
      writeFileSync(dataFile, data);
      await run('openssl', ['ts', '-query', '-data', dataFile, '-sha256', '-cert', '-no_nonce', '-out', query]);
      await run('openssl', ['ts', '-reply', '-config', tsaConf, '-queryfile', query, '-signer', tsa.pem, '-inkey', tsa.keyFile, '-out', reply]);
      return readFileSync(reply);
    },
    async bundle(digests, subject, issuer, opts = {}) {
      const { der: cert, key } = await pki.leaf(subject, issuer);
      const payload = statement(digests);
      const sig = dsseSign(key, IN_TOTO, payload);
      const timestamps = opts.timestamp === false ? undefined : [await pki.timestamp(sig)];
      return dsseBundle({ payloadType: IN_TOTO, payload, sig, certificate: cert, timestamps });
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pki;
}
