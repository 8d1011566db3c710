import type { Detector } from '../detector.js';
import { assigned, mixesLettersAndDigits } from '../detector-patterns.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/twitch/client-secret',
    title: 'Twitch application client secret',
    description: 'A Twitch app client secret gets app access tokens and exchanges user authorization codes for the app.',
    severity: 'high',
    cwe: [798],
    remediation: 'Generate a new secret in the Twitch Developer Console (Applications > Manage > New Secret) and load it from a secrets store.',
    references: ['https://dev.twitch.tv/docs/authentication/register-app/'],
    keywords: ['twitch'],
    ...assigned({
      provider: 'twitch',
      label: '(?:client.?)?secret',
      value: '[a-z0-9]{30}',
      valueChars: 'A-Za-z0-9_',
      valueMax: 30,
    }),
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
  {
    id: 'secrets/twitch/chat-oauth-token',
    spansLines: true,
    title: 'Twitch chat OAuth token',
    description: 'An IRC-style token (oauth:<30 chars>) logs a bot into Twitch chat as its user.',
    severity: 'high',
    cwe: [798],
    remediation: 'Disconnect the token-generating app in Twitch (Settings > Connections) so the token is revoked, and issue a new one.',
    references: ['https://dev.twitch.tv/docs/chat/authenticating/'],
    keywords: ['twitch'],
    pattern: '(?:^|[^A-Za-z0-9_])oauth:([a-z0-9]{30})(?:[^A-Za-z0-9_]|$)',
    maxLength: 38,
    minEntropy: 3.5,
    check: mixesLettersAndDigits,
  },
];
