import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('openrouter');
const t = `sk-or-v1-${g.str(HEX, 64)}`;

export const cases: FamilyCases = {
  'secrets/openrouter/api-key': {
    flagged: [ctx.env('OPENROUTER_API_KEY', t), ctx.header(t)],
    clean: [`sk-or-v1-${g.str(HEX, 63)}`, `sk-or-v1-${g.str(ALNUM, 64)}`, 'OPENROUTER_API_KEY=sk-or-v1-<key>'],
  },
};
