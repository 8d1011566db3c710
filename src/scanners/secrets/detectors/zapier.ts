import type { Detector } from '../detector.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/zapier/webhook-url',
    title: 'Zapier catch hook URL',
    description: 'Anyone holding a Catch Hook URL can start the Zap with arbitrary data.',
    severity: 'medium',
    cwe: [798],
    remediation: 'Turn off the Zap, replace the Webhooks by Zapier trigger (which issues a new URL) and keep the URL in a secrets store.',
    references: ['https://help.zapier.com/hc/en-us/articles/8496288690317'],
    keywords: ['hooks.zapier.com/hooks/catch/'],
    pattern: 'https://hooks\\.zapier\\.com/hooks/catch/([0-9]{4,12}/[a-z0-9]{5,10})(?:/|[^A-Za-z0-9/]|$)',
    maxLength: 72,
    check: (s) => /[a-z]/.test(s.slice(s.indexOf('/'))),
  },
];
