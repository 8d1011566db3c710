import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('paypal');
const secret = `E${g.str(B64URL, 79)}`;

export const cases: FamilyCases = {
  'secrets/paypal/client-secret': {
    flagged: [ctx.env('PAYPAL_CLIENT_SECRET', secret), ctx.json('paypalSecret', secret)],
    clean: [
      ctx.env('PAYPAL_CLIENT_SECRET', `E${g.str(B64URL, 60)}`),
      ctx.env('PAYPAL_CLIENT_ID', `A${g.str(B64URL, 79)}`),
      ctx.env('PAYPAL_CLIENT_SECRET', '<your-client-secret>'),
      ctx.env('GENERIC_CLIENT_SECRET', secret),
    ],
  },
};
