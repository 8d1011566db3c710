import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('shippo');
const live = `shippo_live_${g.str(HEX, 40)}`;
const test = `shippo_test_${g.str(HEX, 40)}`;

export const cases: FamilyCases = {
  'secrets/shippo/live-api-token': {
    flagged: [ctx.env('SHIPPO_API_KEY', live), `headers = {"Authorization": "ShippoToken ${live}"}`],
    clean: [`shippo_live_${g.str(HEX, 39)}`, `shippo_live_${g.str(ALNUM, 40)}`, 'shippo_live_<token>', test],
  },
  'secrets/shippo/test-api-token': {
    flagged: [ctx.env('SHIPPO_API_KEY', test), ctx.yaml('shippo_token', test)],
    clean: [`shippo_test_${g.str(HEX, 41)}`, 'shippo_test_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', live],
  },
};
