import type { FamilyCases } from '../detector-cases.js';
import { DIGITS, UPPER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('clickup');
const t = `pk_${g.str(DIGITS, 8)}_${g.str(UPPER_ALNUM, 32)}`;

export const cases: FamilyCases = {
  'secrets/clickup/personal-api-token': {
    flagged: [ctx.env('CLICKUP_API_TOKEN', t), `headers: { Authorization: '${t}' }`],
    clean: [`pk_${g.str(DIGITS, 8)}_${g.str(UPPER_ALNUM, 31)}`, `pk_test_${g.str(UPPER_ALNUM, 32)}`, 'CLICKUP_API_TOKEN=pk_<token>'],
  },
};
