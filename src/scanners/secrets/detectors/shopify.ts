import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const references = ['https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/generate-app-access-tokens-admin'];
const remediation =
  'Uninstall and reinstall the custom app (or rotate the API secret in the Partner Dashboard / app settings), which invalidates the token, and load the new one from a secrets store.';

function shopify(name: string, prefix: string, title: string, description: string): Detector {
  return {
    id: `secrets/shopify/${name}`,
    title,
    description,
    severity: 'high',
    cwe: [798],
    remediation,
    references,
    keywords: [prefix],
    pattern: delimited(`${prefix}[a-fA-F0-9]{32}`, 'A-Za-z0-9_'),
    maxLength: 40,
    minEntropy: 3,
  };
}

export const detectors: Detector[] = [
  shopify('admin-access-token', 'shpat_', 'Shopify Admin API access token', 'A custom app Admin API token (shpat_) reads and writes the store\'s orders, customers and products.'),
  shopify('custom-app-access-token', 'shpca_', 'Shopify custom app access token', 'A custom app token (shpca_) calls the Admin API with the app\'s scopes.'),
  shopify('private-app-token', 'shppa_', 'Shopify private app access token', 'A private app password (shppa_) calls the Admin API of the store with the app\'s scopes.'),
  shopify('shared-secret', 'shpss_', 'Shopify app shared secret', 'The app shared secret (shpss_) verifies webhooks and OAuth; its holder can forge them.'),
];
