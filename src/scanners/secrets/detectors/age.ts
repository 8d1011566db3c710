import type { Detector } from '../detector.js';
import { bech32Valid } from '../bech32.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/age/secret-key',
    title: 'age secret key',
    description: 'An age X25519 identity (AGE-SECRET-KEY-1...) decrypts every file encrypted to its recipient, e.g. SOPS secrets.',
    severity: 'critical',
    cwe: [798],
    remediation:
      'Generate a new identity with age-keygen, re-encrypt the data to the new recipient (sops updatekeys / sops rotate), and remove the old key from the file and history.',
    references: ['https://age-encryption.org/v1'],
    keywords: ['age-secret-key-1'],
    pattern: '(?:^|[^A-Za-z0-9-])(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?:[^A-Za-z0-9]|$)',
    maxLength: 76,
    check: bech32Valid,
    checksum: true,
  },
];
