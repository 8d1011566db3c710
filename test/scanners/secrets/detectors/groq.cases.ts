import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('groq');
const t = `gsk_${g.str(ALNUM, 52)}`;

export const cases: FamilyCases = {
  'secrets/groq/api-key': {
    flagged: [ctx.env('GROQ_API_KEY', t), `client = Groq(api_key="${t}")`],
    clean: [`gsk_${g.str(ALNUM, 51)}`, `gsk_${g.str(ALNUM, 53)}`, 'GROQ_API_KEY=gsk_...'],
  },
};
