import type { Detector } from '../detector.js';
import { base64Text } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/elastic/api-key',
    title: 'Elasticsearch / Elastic Cloud API key',
    description: 'An encoded Elastic API key (base64 of <id>:<key>) queries and writes the cluster with the key\'s role descriptors.',
    severity: 'high',
    cwe: [798],
    remediation: 'Invalidate the key (Kibana Stack Management > API keys, or DELETE /_security/api_key), create a new one and load it from a secrets store.',
    references: ['https://www.elastic.co/guide/en/elasticsearch/reference/current/security-api-create-api-key.html'],
    keywords: ['elastic', 'apikey '],
    pattern:
      '(?:(?i:elastic)[\\w.\\-\\s"\':{]{0,40}?(?i:api)[_.-]?(?i:key)[\\w.-]{0,16}?["\'`]?\\s{0,4}(?::=|=>|=|:|,|\\()\\s{0,4}["\'`]?|ApiKey )' +
      '([A-Za-z0-9+/_-]{54,60}={0,2})(?:[^A-Za-z0-9+/=_-]|$)',
    maxLength: 170,
    // Decodes to <20-char id>:<22-char key>.
    check: (s) => /^[A-Za-z0-9_-]{20}:[A-Za-z0-9_-]{22}$/.test(base64Text(s)),
  },
];
