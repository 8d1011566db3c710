import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/pusher/app-secret',
    spansLines: true,
    title: 'Pusher Channels app secret',
    description: 'The app secret signs server API calls and private-channel authorizations: it can publish to any channel.',
    severity: 'high',
    cwe: [798],
    remediation: 'Create a new key pair for the app in the Pusher dashboard (App Keys), delete the old one and load the new secret from a secrets store.',
    references: ['https://pusher.com/docs/channels/server_api/http-api/#authentication'],
    keywords: ['pusher'],
    ...assigned({
      provider: 'pusher',
      label: '(?:app.?)?secret',
      value: '[0-9a-f]{20}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 20,
    }),
    minEntropy: 3,
    check: mixesLettersAndDigits,
  },
];
