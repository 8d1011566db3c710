import type { Detector } from '../detector.js';
import { base64Text } from '../detector-patterns.js';

/** The first segment of a bot token is the bot's user id (a snowflake) in base64. */
function snowflakeSegment(secret: string): boolean {
  const first = secret.slice(0, secret.indexOf('.'));
  return /^[0-9]{17,20}$/.test(base64Text(first));
}

export const detectors: Detector[] = [
  {
    id: 'secrets/discord/bot-token',
    spansLines: true,
    title: 'Discord bot token',
    description: 'A bot token logs in as the bot: it reads and posts in every server the bot has joined.',
    severity: 'high',
    cwe: [798],
    remediation:
      'Reset the token in the Discord Developer Portal (Applications > Bot > Reset Token) and load the new one from a secrets store.',
    references: ['https://discord.com/developers/docs/reference#authentication'],
    // No fixed prefix: Discord is named in the file.
    keywords: ['discord'],
    pattern: '(?:^|[^A-Za-z0-9_.-])([MNO][A-Za-z0-9_-]{22,26}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38})(?:[^A-Za-z0-9_.-]|$)',
    maxLength: 75,
    minEntropy: 4,
    check: snowflakeSegment,
  },
  {
    id: 'secrets/discord/webhook-url',
    title: 'Discord webhook URL',
    description: 'Anyone holding a webhook URL can post (and edit its own) messages in the channel, e.g. for phishing.',
    severity: 'medium',
    cwe: [798],
    remediation: 'Delete the webhook in the channel settings (Integrations > Webhooks) and create a new one.',
    references: ['https://discord.com/developers/docs/resources/webhook'],
    keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    pattern:
      'https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/([0-9]{17,20}/[A-Za-z0-9_-]{60,68})(?:[^A-Za-z0-9_-]|$)',
    maxLength: 140,
    minEntropy: 3.5,
  },
];
