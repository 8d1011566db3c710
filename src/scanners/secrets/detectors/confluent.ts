import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/confluent/api-secret',
    spansLines: true,
    title: 'Confluent Cloud API secret',
    description: 'With its 16-character key, a Confluent Cloud API secret produces to and consumes from Kafka clusters, or manages the cloud org.',
    severity: 'high',
    cwe: [798],
    remediation: 'Delete the API key in Confluent Cloud (API keys, or confluent api-key delete), create a new one and load it from a secrets store.',
    references: ['https://docs.confluent.io/cloud/current/security/authenticate/workload-identities/service-accounts/api-keys/overview.html'],
    keywords: ['confluent', 'ccloud'],
    ...assigned({
      provider: 'confluent|ccloud',
      label: '(?:api.?|cloud.?)?secret',
      value: '[A-Za-z0-9+/]{64}',
      valueChars: 'A-Za-z0-9+/_',
      valueMax: 64,
    }),
    minEntropy: 4.5,
    check: mixesLettersAndDigits,
  },
];
