import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/jenkins/api-token',
    title: 'Jenkins API token',
    description: 'A Jenkins user API token (11 followed by 32 hex digits, or 32 hex digits in older versions) assigned to a Jenkins setting; it acts as the user on the controller.',
    remediation: 'Revoke the token under the user\'s Configure > API Token page and create a new one; prefer credentials bound by the Jenkins credentials plugin.',
    severity: 'high',
    cwe: [798],
    references: ['https://www.jenkins.io/doc/book/system-administration/authenticating-scripted-clients/'],
    keywords: ['jenkins'],
    pattern: assigned('jenkins[a-z0-9_.\\-]{0,20}(?:token|api[_.\\-]?key|password|secret)', '11[0-9a-f]{32}|[0-9a-f]{32}', '0-9a-fA-F'),
    maxLength: 110,
    minEntropy: 3.2,
  },
];
