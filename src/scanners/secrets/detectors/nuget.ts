import type { Detector } from '../detector.js';
import { delimited } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/nuget/api-key',
    title: 'NuGet.org API key',
    description: 'A NuGet.org API key (oy2 + 43 characters) pushes or unlists packages matching its glob pattern.',
    remediation: 'Delete or regenerate the key under API keys on nuget.org and move CI to trusted publishing.',
    severity: 'high',
    cwe: [798],
    references: ['https://learn.microsoft.com/nuget/nuget-org/scoped-api-keys'],
    keywords: ['oy2'],
    pattern: delimited('oy2[a-z0-9]{43}', 'A-Za-z0-9'),
    maxLength: 48,
    minEntropy: 3.8,
  },
];
