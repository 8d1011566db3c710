import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('replicate');
const t = `r8_${g.str(ALNUM, 37)}`;

export const cases: FamilyCases = {
  'secrets/replicate/api-token': {
    flagged: [ctx.env('REPLICATE_API_TOKEN', t), ctx.header(t)],
    clean: [`r8_${g.str(ALNUM, 36)}`, `r8_${g.str(ALNUM, 38)}`, 'REPLICATE_API_TOKEN=r8_<token>', `ar8_${g.str(ALNUM, 37)}`],
  },
};
