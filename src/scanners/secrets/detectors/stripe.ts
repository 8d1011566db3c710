import type { Detector } from '../detector.js';
import { delimited } from '../detector-patterns.js';

const refs = ['https://docs.stripe.com/keys'];
const remediation =
  'Roll the key in the Stripe Dashboard (Developers > API keys > Roll key), update the services that use it from a secrets store, and review recent API requests in the logs.';

// Test keys published in Stripe's own documentation; anyone may use them, they guard nothing.
const DOCUMENTED = new Set(['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'sk_test_BQokikJOvBiI2HlWgH4olfQ2']);

/** Paystack keys share the sk_live_/sk_test_ prefixes but are exactly 40 lowercase hex digits. */
const notPaystack = (secret: string) => !/^[a-z]{2}_(?:live|test)_[0-9a-f]{40}$/.test(secret);
const stripeKey = (secret: string) => notPaystack(secret) && !DOCUMENTED.has(secret);

export const detectors: Detector[] = [
  {
    id: 'secrets/stripe/live-secret-key',
    title: 'Stripe live secret API key',
    description: 'A live-mode Stripe secret key can create charges, issue refunds and read all account data.',
    severity: 'critical',
    cwe: [798],
    remediation,
    references: refs,
    keywords: ['sk_live_'],
    pattern: delimited('sk_live_[A-Za-z0-9]{24,247}', 'A-Za-z0-9_'),
    maxLength: 257,
    minEntropy: 3.5,
    check: stripeKey,
  },
  {
    id: 'secrets/stripe/restricted-live-key',
    title: 'Stripe live restricted API key',
    description: 'A live-mode restricted key acts on the Stripe account with the permissions chosen for it.',
    severity: 'high',
    cwe: [798],
    remediation,
    references: ['https://docs.stripe.com/keys#limit-access'],
    keywords: ['rk_live_'],
    pattern: delimited('rk_live_[A-Za-z0-9]{24,247}', 'A-Za-z0-9_'),
    maxLength: 257,
    minEntropy: 3.5,
  },
  {
    id: 'secrets/stripe/test-secret-key',
    title: 'Stripe test-mode secret API key',
    description: 'A test-mode Stripe secret key reads and writes the account sandbox data; it cannot move money.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references: refs,
    keywords: ['sk_test_'],
    pattern: delimited('sk_test_[A-Za-z0-9]{24,247}', 'A-Za-z0-9_'),
    maxLength: 257,
    minEntropy: 3.5,
    check: stripeKey,
  },
  {
    id: 'secrets/stripe/restricted-test-key',
    title: 'Stripe test-mode restricted API key',
    description: 'A test-mode restricted key acts on the Stripe sandbox with the permissions chosen for it.',
    severity: 'medium',
    cwe: [798],
    remediation,
    references: ['https://docs.stripe.com/keys#limit-access'],
    keywords: ['rk_test_'],
    pattern: delimited('rk_test_[A-Za-z0-9]{24,247}', 'A-Za-z0-9_'),
    maxLength: 257,
    minEntropy: 3.5,
  },
  {
    id: 'secrets/stripe/webhook-secret',
    title: 'Stripe webhook signing secret',
    description:
      'The whsec_ signing secret lets anyone forge webhook events your endpoint will trust (Stripe and Svix-style webhooks use this prefix).',
    severity: 'high',
    cwe: [798],
    remediation:
      'Roll the endpoint signing secret in the Stripe Dashboard (Developers > Webhooks > endpoint > Roll secret) and load the new one from a secrets store.',
    references: ['https://docs.stripe.com/webhooks#verify-webhook-signatures-with-official-libraries'],
    keywords: ['whsec_'],
    pattern: delimited('whsec_[A-Za-z0-9+/]{32,88}={0,2}', 'A-Za-z0-9_+/='),
    maxLength: 98,
    minEntropy: 3.5,
  },
];
