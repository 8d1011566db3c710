import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  cwe: [798],
  remediation: 'Disable and delete the API key in the CAM console (Access Key > API Keys), review CloudAudit, and use roles or temporary credentials.',
  references: ['https://www.tencentcloud.com/document/product/598/34228'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/tencent/secret-id',
    title: 'Tencent Cloud SecretId',
    description: 'A Tencent Cloud API SecretId (AKID); half of a key pair whose SecretKey usually leaks alongside it.',
    severity: 'high',
    keywords: ['akid'],
    pattern: delimited('AKID[A-Za-z0-9]{32}', 'A-Za-z0-9'),
    maxLength: 38,
    minEntropy: 3.8,
  },
  {
    ...common,
    id: 'secrets/tencent/secret-key',
    title: 'Tencent Cloud SecretKey',
    description: 'A Tencent Cloud API SecretKey (32 characters) assigned to a Tencent setting; with its SecretId it signs API calls as the CAM user.',
    severity: 'critical',
    keywords: ['tencent', 'qcloud'],
    pattern: assigned('(?:tencent|qcloud)[a-z0-9_.\\-]{0,20}secret[_.\\-]?key', '[A-Za-z0-9]{32}', 'A-Za-z0-9'),
    maxLength: 110,
    minEntropy: 3.8,
  },
];
