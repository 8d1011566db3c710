import type { Detector } from '../detector.js';
import { assigned } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/postmark/api-token',
    title: 'Postmark server or account token',
    description: 'A Postmark server token sends mail from its server; an account token manages every server and domain.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Regenerate the token in Postmark (Server > API Tokens, or Account > API Tokens) and load the new one from a secrets store.',
    references: ['https://postmarkapp.com/developer/api/overview#authentication'],
    keywords: ['postmark'],
    ...assigned({
      provider: 'postmark',
      label: '(?:server|account|api)[\\w.-]{0,2}(?:token|key)',
      value: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
      valueChars: 'A-Za-z0-9_-',
      valueMax: 36,
    }),
    minEntropy: 3,
  },
];
