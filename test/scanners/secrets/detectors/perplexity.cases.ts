import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('perplexity');
const t = `pplx-${g.str(ALNUM, 48)}`;

export const cases: FamilyCases = {
  'secrets/perplexity/api-key': {
    flagged: [ctx.env('PERPLEXITY_API_KEY', t), ctx.header(t)],
    clean: [`pplx-${g.str(ALNUM, 47)}`, `pplx-${g.str(ALNUM, 49)}`, 'PERPLEXITY_API_KEY=pplx-<key>'],
  },
};
