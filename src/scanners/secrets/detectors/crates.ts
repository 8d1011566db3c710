import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/crates/api-token',
    title: 'crates.io API token',
    description: 'A crates.io API token (cio + 32 characters) publishes and yanks crates of its owner within its scopes.',
    remediation: 'Revoke the token under Account settings > API tokens on crates.io and create a scoped one, or use trusted publishing.',
    severity: 'high',
    cwe: [798],
    references: ['https://doc.rust-lang.org/cargo/reference/publishing.html'],
    keywords: ['cio'],
    pattern: delimited('cio[A-Za-z0-9]{32}', 'A-Za-z0-9'),
    maxLength: 37,
    minEntropy: 3.8,
  },
];
