import type { FamilyCases } from '../detector-cases.js';
import { HEX, LOWER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('braintree');
const prod = `access_token$production$${g.str(LOWER_ALNUM, 16)}$${g.str(HEX, 32)}`;
const sandbox = `access_token$sandbox$${g.str(LOWER_ALNUM, 16)}$${g.str(HEX, 32)}`;
const priv = g.str(HEX, 32);

export const cases: FamilyCases = {
  'secrets/braintree/production-access-token': {
    flagged: [ctx.env('BRAINTREE_ACCESS_TOKEN', prod), `gateway = braintree.BraintreeGateway(access_token="${prod}")`],
    clean: [
      `access_token$production$${g.str(LOWER_ALNUM, 15)}$${g.str(HEX, 32)}`,
      `access_token$production$${g.str(LOWER_ALNUM, 16)}$${g.str(HEX, 31)}`,
      'access_token$production$<merchant_id>$<token>',
      sandbox,
    ],
  },
  'secrets/braintree/sandbox-access-token': {
    flagged: [ctx.env('BRAINTREE_ACCESS_TOKEN', sandbox), ctx.json('accessToken', sandbox)],
    clean: [prod, `access_token$sandbox$${g.str(LOWER_ALNUM, 16)}$${g.str(HEX, 33)}`, 'access_token$sandbox$xxxxxxxxxxxxxxxx$yyyyyyyyyyyyyyyy'],
  },
  'secrets/braintree/private-key': {
    flagged: [ctx.env('BRAINTREE_PRIVATE_KEY', priv), `braintree:\n  merchant_id: ${g.str(LOWER_ALNUM, 16)}\n  private_key: "${priv}"\n`],
    clean: [
      ctx.env('BRAINTREE_PRIVATE_KEY', g.str(HEX, 31)),
      ctx.env('BRAINTREE_PUBLIC_KEY', g.str(LOWER_ALNUM, 16)),
      ctx.env('BRAINTREE_PRIVATE_KEY', '<use_your_private_key>'),
      ctx.env('OTHER_PRIVATE_KEY', priv),
    ],
  },
};
