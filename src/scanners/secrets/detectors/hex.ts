import type { Detector } from '../detector.js';
import { assigned } from '../pattern-parts.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/hex/api-key',
    title: 'Hex.pm API key',
    description: 'A Hex.pm API key (32 hex digits assigned to HEX_API_KEY or a hexpm setting) publishes and retires Elixir/Erlang packages of its owner.',
    remediation: 'Revoke the key (mix hex.user key revoke, or Dashboard > Keys on hex.pm) and create a new one.',
    severity: 'high',
    cwe: [798],
    references: ['https://hex.pm/docs/publish'],
    keywords: ['hex_api_key', 'hexpm'],
    pattern: assigned('(?:hex_api_key|hexpm[a-z0-9_.\\-]{0,20}(?:key|token|secret))', '[0-9a-f]{32}', '0-9a-fA-F'),
    maxLength: 100,
    minEntropy: 3.2,
  },
];
