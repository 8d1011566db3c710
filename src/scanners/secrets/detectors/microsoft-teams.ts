import type { Detector } from '../detector.js';

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const detectors: Detector[] = [
  {
    id: 'secrets/microsoft-teams/incoming-webhook',
    title: 'Microsoft Teams incoming webhook URL',
    description: 'Anyone holding an Office 365 connector webhook URL can post cards into its Teams channel.',
    severity: 'medium',
    cwe: [798],
    remediation:
      'Remove the Incoming Webhook connector from the channel (Manage channel > Connectors) and create a new one if still needed.',
    references: ['https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook'],
    keywords: ['webhook.office.com/webhookb2/', 'outlook.office.com/webhook/'],
    pattern:
      `(https://(?:[a-z0-9-]{1,60}\\.webhook|outlook)\\.office\\.com/webhook(?:b2)?/${GUID}@${GUID}/IncomingWebhook/[0-9a-f]{32}/${GUID}(?:/[A-Za-z0-9_-]{20,80})?)(?:[^A-Za-z0-9_/-]|$)`,
    maxLength: 320,
    minEntropy: 3,
  },
];
