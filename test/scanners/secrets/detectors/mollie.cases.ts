import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('mollie');
const live = `live_${g.str(ALNUM, 30)}`;
const test = `test_${g.str(ALNUM, 30)}`;

export const cases: FamilyCases = {
  'secrets/mollie/live-api-key': {
    flagged: [ctx.env('MOLLIE_API_KEY', live), `$mollie->setApiKey("${live}");`],
    clean: [ctx.env('MOLLIE_API_KEY', `live_${g.str(ALNUM, 29)}`), `is_live_${g.str(ALNUM, 30)} // mollie`, ctx.env('LIVE_KEY', live), ctx.env('MOLLIE_API_KEY', 'live_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')],
  },
  'secrets/mollie/test-api-key': {
    flagged: [ctx.env('MOLLIE_API_KEY', test), `mollie:\n  api_key: ${test}\n`],
    clean: [ctx.env('MOLLIE_API_KEY', `test_${g.str(ALNUM, 31)}`), ctx.env('MOLLIE_API_KEY', 'test_<your-key>'), `def test_${g.str(ALNUM, 30)}(): pass`],
  },
};
