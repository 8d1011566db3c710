import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/vultr/api-key',
    title: 'Vultr API key',
    description: 'A Vultr API key (36 uppercase characters) assigned to a Vultr setting; it controls every instance and resource of the account.',
    remediation: 'Regenerate the key under Account > API and restrict it to known IP ranges.',
    severity: 'high',
    cwe: [798],
    references: ['https://docs.vultr.com/platform/other/api/manage-api-keys'],
    keywords: ['vultr'],
    pattern: assigned('vultr[a-z0-9_.\\-]{0,20}(?:api[_.\\-]?)?(?:token|key)', '[A-Z0-9]{36}', 'A-Za-z0-9'),
    maxLength: 100,
    minEntropy: 3.5,
  },
];
