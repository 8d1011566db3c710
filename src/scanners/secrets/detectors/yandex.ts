import type { Detector } from '../detector.js';
import { assigned, delimited } from '../pattern-parts.js';

const common = {
  cwe: [798],
  references: ['https://yandex.cloud/en/docs/iam/concepts/authorization/'],
};

export const detectors: Detector[] = [
  {
    ...common,
    id: 'secrets/yandex/api-key',
    title: 'Yandex Cloud API key',
    description: 'A Yandex Cloud API key (AQVN) authenticates as its service account to the services it is scoped to.',
    remediation: 'Delete the API key of the service account (yc iam api-key delete) and create a new one.',
    severity: 'high',
    keywords: ['aqvn'],
    pattern: delimited('AQVN[A-Za-z0-9_-]{35,38}', 'A-Za-z0-9_\\-'),
    maxLength: 44,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/yandex/iam-token',
    title: 'Yandex Cloud IAM token',
    description: 'A Yandex Cloud IAM token (t1.) acts as its user or service account for up to 12 hours.',
    remediation: 'Revoke the token (yc iam revoke-token) and find where it was logged or stored.',
    severity: 'medium',
    keywords: ['t1.'],
    pattern: delimited('t1\\.[A-Za-z0-9_-]{50,300}={0,2}\\.[A-Za-z0-9_-]{86}={0,2}', 'A-Za-z0-9_\\-.='),
    maxLength: 400,
    minEntropy: 4,
  },
  {
    ...common,
    id: 'secrets/yandex/static-key-secret',
    title: 'Yandex Cloud static access key secret',
    description: 'The secret of a Yandex Cloud static access key (YC + 38 characters) signs S3-compatible (Object Storage, Message Queue) requests as its service account.',
    remediation: 'Delete the static access key (yc iam access-key delete) and create a new one.',
    severity: 'critical',
    keywords: ['yandex', 'yc_', 'aws_'],
    pattern: assigned('(?:yandex|yc_|aws_)[a-z0-9_.\\-]{0,20}secret', 'YC[A-Za-z0-9_-]{38}', 'A-Za-z0-9_\\-'),
    maxLength: 110,
    minEntropy: 4,
  },
];
