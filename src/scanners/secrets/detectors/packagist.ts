import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/packagist/api-token',
    title: 'Private Packagist token',
    description: 'A Private Packagist token (packagist_ + type + secret) reads or updates an organization\'s private packages and Composer metadata.',
    remediation: 'Revoke the token under Organization > Settings > Authentication tokens (or your profile) in Private Packagist.',
    severity: 'high',
    cwe: [798],
    references: ['https://packagist.com/docs/authentication'],
    keywords: ['packagist_'],
    pattern: delimited('packagist_[a-z]{3}_[A-Za-z0-9]{30,100}', 'A-Za-z0-9_'),
    maxLength: 116,
    minEntropy: 3.8,
  },
];
