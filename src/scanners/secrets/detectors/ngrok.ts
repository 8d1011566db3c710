import type { Detector } from '../detector.js';
import { assigned } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/ngrok/authtoken',
    title: 'ngrok authtoken',
    description: 'An ngrok authtoken opens tunnels billed to the account and under its reserved domains.',
    severity: 'high',
    cwe: [798],
    remediation: 'Reset the authtoken in the ngrok dashboard (Your Authtoken > Reset), or delete the tunnel credential, and reconfigure agents.',
    references: ['https://ngrok.com/docs/agent/#authtokens'],
    keywords: ['ngrok'],
    ...assigned({
      provider: 'ngrok',
      label: '(?:auth.?)?token',
      value: '[0-9][A-Za-z0-9]{20,30}_[A-Za-z0-9]{18,26}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 58,
    }),
    minEntropy: 4,
  },
];
