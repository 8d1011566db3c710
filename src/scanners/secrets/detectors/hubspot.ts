import type { Detector } from '../detector.js';
import { ASSIGN, GAP, delimited } from '../detector-patterns.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const detectors: Detector[] = [
  {
    id: 'secrets/hubspot/private-app-token',
    title: 'HubSpot private app access token',
    description: 'A private app token (pat-na1-/pat-eu1-...) reads and writes CRM data with the app\'s scopes.',
    severity: 'high',
    cwe: [798],
    remediation: 'Rotate the token in HubSpot (Settings > Integrations > Private Apps > Auth > Rotate) and load it from a secrets store.',
    references: ['https://developers.hubspot.com/docs/api/private-apps'],
    keywords: ['pat-na', 'pat-eu', 'pat-ap'],
    pattern: delimited(`pat-(?:na|eu|ap)[0-9]-${UUID}`, 'A-Za-z0-9_-'),
    maxLength: 46,
  },
  {
    id: 'secrets/hubspot/legacy-api-key',
    title: 'HubSpot API key (hapikey, legacy)',
    description: 'A retired-format account API key (UUID) had full access to the portal\'s CRM data.',
    severity: 'medium',
    cwe: [798],
    remediation: 'Delete the key in HubSpot settings and move to a private app token.',
    references: ['https://developers.hubspot.com/changelog/upcoming-api-key-sunset'],
    keywords: ['hubspot', 'hapikey'],
    // `hubspot ... api key = <uuid>`, or the hapikey query parameter. Form and portal GUIDs are
    // public, so the label is required.
    pattern: `(?:(?i:hubspot)${GAP}(?i:api.?key)${ASSIGN}|[?&](?i:hapikey)=)(${UUID})(?:[^A-Za-z0-9_-]|$)`,
    maxLength: 200,
  },
];
