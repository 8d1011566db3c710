import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, UPPER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('salesforce');
const t = `00D${g.str(UPPER_ALNUM, 12)}!AQ${g.str(ALNUM + '._', 94)}`;

export const cases: FamilyCases = {
  'secrets/salesforce/access-token': {
    flagged: [ctx.env('SF_ACCESS_TOKEN', t), ctx.header(t)],
    clean: [`00D${g.str(UPPER_ALNUM, 12)}!AQ${g.str(ALNUM, 30)}`, `00D${g.str(UPPER_ALNUM, 12)}`, 'SF_ACCESS_TOKEN=00D<org>!<token>'],
  },
};
