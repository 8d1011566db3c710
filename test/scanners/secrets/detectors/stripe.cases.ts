import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64, HEX, ctx, gen } from '../token-gen.js';

const g = gen('stripe');
const live = `sk_live_51${g.str(ALNUM, 97)}`;
const liveShort = `sk_live_${g.str(ALNUM, 24)}`;
const rkLive = `rk_live_51${g.str(ALNUM, 97)}`;
const test = `sk_test_51${g.str(ALNUM, 97)}`;
const rkTest = `rk_test_${g.str(ALNUM, 24)}`;
const whsec = `whsec_${g.str(ALNUM, 32)}`;
const whsecSvix = `whsec_${g.str(B64, 32)}`;

export const cases: FamilyCases = {
  'secrets/stripe/live-secret-key': {
    flagged: [ctx.env('STRIPE_SECRET_KEY', live), ctx.code('stripeKey', liveShort), `stripe:\n  secret_key: ${live}\n`],
    clean: [
      `sk_live_${g.str(ALNUM, 23)}`, // too short
      `pk_live_${g.str(ALNUM, 99)}`, // publishable key
      ctx.env('STRIPE_SECRET_KEY', 'sk_live_<your-secret-key>'),
      ctx.env('STRIPE_SECRET_KEY', `sk_live_${'x'.repeat(24)}`),
      ctx.env('PAYSTACK_SECRET_KEY', `sk_live_${g.str(HEX, 40)}`), // Paystack format
      `ask_live_${g.str(ALNUM, 30)}`,
    ],
  },
  'secrets/stripe/restricted-live-key': {
    flagged: [ctx.env('STRIPE_RESTRICTED_KEY', rkLive), ctx.json('restrictedKey', `rk_live_${g.str(ALNUM, 24)}`)],
    clean: [`rk_live_${g.str(ALNUM, 20)}`, 'rk_live_...', `rk_live_${'0'.repeat(30)}`, `rk_live_${g.str(ALNUM, 12)}-${g.str(ALNUM, 12)}`],
  },
  'secrets/stripe/test-secret-key': {
    flagged: [ctx.env('STRIPE_KEY', test), `Stripe.api_key = "${`sk_test_${g.str(ALNUM, 24)}`}"`],
    clean: [
      'Stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"', // Stripe's documented test key
      `sk_test_${g.str(ALNUM, 10)}`,
      ctx.env('STRIPE_KEY', 'sk_test_{{ stripe_key }}'),
      ctx.env('PAYSTACK_KEY', `sk_test_${g.str(HEX, 40)}`),
    ],
  },
  'secrets/stripe/restricted-test-key': {
    flagged: [ctx.env('STRIPE_RK', rkTest), ctx.yaml('restricted_key', `rk_test_51${g.str(ALNUM, 60)}`)],
    clean: [`rk_test_${g.str(ALNUM, 23)}`, 'rk_test_XXXXXXXXXXXXXXXXXXXXXXXX', `rk_test_${g.str('abc!', 30)}`],
  },
  'secrets/stripe/webhook-secret': {
    flagged: [ctx.env('STRIPE_WEBHOOK_SECRET', whsec), ctx.code('webhookSecret', whsecSvix)],
    clean: [`whsec_${g.str(ALNUM, 20)}`, ctx.env('STRIPE_WEBHOOK_SECRET', 'whsec_...'), `whsec_${'a'.repeat(32)}`, `whsec_<signing-secret>`],
  },
};
