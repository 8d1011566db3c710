import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('paystack');
const live = `sk_live_${g.str(HEX, 40)}`;
const test = `sk_test_${g.str(HEX, 40)}`;

export const cases: FamilyCases = {
  'secrets/paystack/live-secret-key': {
    flagged: [ctx.env('PAYSTACK_SECRET_KEY', live), `headers: { Authorization: 'Bearer ${live}' }`],
    clean: [`sk_live_${g.str(HEX, 39)}`, `sk_live_${g.str(HEX, 41)}`, `sk_live_${g.str(ALNUM, 40)}X`, ctx.env('PAYSTACK_SECRET_KEY', 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')],
  },
  'secrets/paystack/test-secret-key': {
    flagged: [ctx.env('PAYSTACK_TEST_KEY', test), ctx.json('secretKey', test)],
    clean: [`sk_test_${g.str(HEX, 38)}`, `sk_test_${g.str(HEX, 40).toUpperCase()}`, `pk_test_${g.str(HEX, 40)}`],
  },
};
