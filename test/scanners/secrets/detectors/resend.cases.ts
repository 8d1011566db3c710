import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('resend');
const key = `re_${g.str(ALNUM, 8)}_${g.str(ALNUM, 24)}`;

export const cases: FamilyCases = {
  'secrets/resend/api-key': {
    flagged: [ctx.env('RESEND_API_KEY', key), `const resend = new Resend('${key}');`],
    clean: [`re_${g.str(ALNUM, 8)}_${g.str(ALNUM, 23)}`, 'RESEND_API_KEY=re_123456789', `are_${g.str(ALNUM, 8)}_${g.str(ALNUM, 24)}`, `re_compile_patterns_for_all_the_things_now`],
  },
};
