import { createHash, generateKeyPairSync, sign } from 'node:crypto';

/**
 * A transparency log made in the test: a Rekor-like signer whose entries carry an inclusion
 * promise (SET) and an inclusion proof in a two-leaf Merkle tree under a signed checkpoint, so
 * the gate's offline tlog verification is exercised without any network.
 */

export interface TestRekor {
  /** The TrustedRoot `tlogs[]` item for this log. */
  instance: Record<string, unknown>;
  /** A serialized tlog entry (kind dsse 0.0.1) for a DSSE signature over this payload. */
  entry(payload: Buffer, sig: Buffer, verifierPem: string, opts?: { integratedTime?: number; breakCheckpoint?: boolean }): Record<string, unknown>;
}

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (b: Buffer) => sha256(Buffer.from([0]), b);
const nodeHash = (l: Buffer, r: Buffer) => sha256(Buffer.from([1]), l, r);

/** Canonical JSON of a flat object of strings and numbers: sorted keys, no spaces. */
const canonical = (o: Record<string, string | number>) => '{' + Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`).join(',') + '}';

export function makeRekor(name = 'rekor.test'): TestRekor {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const logId = sha256(spki);
  let index = 0;
  return {
    instance: {
      baseUrl: `https://${name}`,
      hashAlgorithm: 'SHA2_256',
      publicKey: { rawBytes: spki.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: '2020-01-01T00:00:00Z' } },
      logId: { keyId: logId.toString('base64') },
    },
    entry(payload, sig, verifierPem, opts = {}) {
      const body = Buffer.from(
        JSON.stringify({
          apiVersion: '0.0.1',
          kind: 'dsse',
          spec: { payloadHash: { algorithm: 'sha256', value: sha256(payload).toString('hex') }, signatures: [{ signature: sig.toString('base64'), verifier: Buffer.from(verifierPem).toString('base64') }] },
        }),
      );
      // The entry is leaf 1 of a two-leaf tree; leaf 0 is some earlier entry.
      const sibling = leafHash(Buffer.from(`earlier entry ${index++}`));
      const root = nodeHash(sibling, leafHash(body));
      const integratedTime = opts.integratedTime ?? Math.floor(Date.now() / 1000);
      const logIndex = 1;
      const set = sign('sha256', Buffer.from(canonical({ body: body.toString('base64'), integratedTime, logIndex, logID: logId.toString('hex') })), privateKey);
      const note = `${name} - 1\n2\n${(opts.breakCheckpoint ? sha256(root) : root).toString('base64')}\n`;
      const noteSig = Buffer.concat([logId.subarray(0, 4), sign('sha256', Buffer.from(note), privateKey)]);
      return {
        logIndex: String(logIndex),
        logId: { keyId: logId.toString('base64') },
        kindVersion: { kind: 'dsse', version: '0.0.1' },
        integratedTime: String(integratedTime),
        inclusionPromise: { signedEntryTimestamp: set.toString('base64') },
        inclusionProof: { logIndex: String(logIndex), rootHash: root.toString('base64'), treeSize: '2', hashes: [sibling.toString('base64')], checkpoint: { envelope: `${note}\n\u2014 ${name} ${noteSig.toString('base64')}\n` } },
        canonicalizedBody: body.toString('base64'),
      };
    },
  };
}
