import type { Detector } from '../detector.js';

export const detectors: Detector[] = [
  {
    id: 'secrets/telegram/bot-token',
    title: 'Telegram bot token',
    description: 'A bot token (<bot id>:AA...) controls the bot: reads its chats and messages as it.',
    severity: 'high',
    cwe: [798],
    remediation: 'Revoke the token with @BotFather (/revoke), and load the new token from a secrets store.',
    references: ['https://core.telegram.org/bots/api#authorizing-your-bot'],
    keywords: [':aa'],
    pattern: '(?:^|[^0-9A-Za-z_]|/bot)([0-9]{8,10}:AA[A-Za-z0-9_-]{33})(?:[^A-Za-z0-9_-]|$)',
    maxLength: 48,
    minEntropy: 3.5,
  },
];
