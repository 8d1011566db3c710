import type { Detector } from '../detector.js';
import { mixesLettersAndDigits } from '../detector-patterns.js';

const remediation =
  'Revoke the key in Datadog (Organization Settings > API Keys / Application Keys), create a new one and load it from a secrets store.';
const references = ['https://docs.datadoghq.com/account_management/api-app-keys/'];

// `datadog ... api key = <hex>` or the conventional DD_API_KEY / DD_APP_KEY names.
const near = (label: string, hexLen: number) =>
  `(?:(?i:datadog)[\\w.\\-\\s"':{]{0,40}?|(?:^|[^A-Za-z0-9])(?i:dd)[_.-]?)(?i:${label})[\\w.-]{0,16}?["'\`]?\\s{0,4}(?::=|=>|=|:|,|\\()\\s{0,4}["'\`]?([0-9a-f]{${hexLen}})(?:[^A-Za-z0-9_]|$)`;

export const detectors: Detector[] = [
  {
    id: 'secrets/datadog/api-key',
    spansLines: true,
    title: 'Datadog API key',
    description: 'A Datadog API key submits metrics, logs and events to the organization, and is needed for most API calls.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['datadog', 'dd_api', 'dd-api', 'dd.api', 'ddapi'],
    pattern: near('api[_.-]?key', 32),
    maxLength: 140,
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
  {
    id: 'secrets/datadog/application-key',
    title: 'Datadog application key',
    description: 'With an API key, a Datadog application key reads and changes the organization\'s data as its owner.',
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: ['datadog', 'dd_app', 'dd-app', 'dd.app', 'ddapp'],
    pattern: near('app(?:lication)?[_.-]?key', 40),
    maxLength: 150,
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];
