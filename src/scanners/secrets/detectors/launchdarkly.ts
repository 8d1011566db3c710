import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const remediation =
  'Reset the key in LaunchDarkly (Account settings > Projects > environment > Reset SDK key, or delete the access token) and load the new one from a secrets store.';

export const detectors: Detector[] = [
  {
    id: 'secrets/launchdarkly/sdk-key',
    title: 'LaunchDarkly server-side SDK key',
    description: 'A server-side SDK key (sdk-<uuid>) downloads every flag rule and segment of the environment, including targeted user keys.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references: ['https://launchdarkly.com/docs/sdk/concepts/client-side-server-side#keys'],
    keywords: ['sdk-'],
    pattern: delimited(`sdk-${UUID}`, 'A-Za-z0-9_-'),
    maxLength: 42,
  },
  {
    id: 'secrets/launchdarkly/access-token',
    title: 'LaunchDarkly API access token',
    description: 'An API access token (api-<uuid>) calls the REST API: it can change flags in production with its role.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://launchdarkly.com/docs/home/account/api'],
    keywords: ['launchdarkly'],
    pattern: delimited(`api-${UUID}`, 'A-Za-z0-9_-'),
    maxLength: 42,
  },
];
