import type { FamilyCases } from '../detector-cases.js';
import { LOWER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('readme');
const t = `rdme_${g.str(LOWER_ALNUM, 70)}`;

export const cases: FamilyCases = {
  'secrets/readme/api-key': {
    flagged: [ctx.env('README_API_KEY', t), `rdme openapi --key=${t}`],
    clean: [`rdme_${g.str(LOWER_ALNUM, 69)}`, `rdme_${g.str(LOWER_ALNUM, 71)}`, 'README_API_KEY=rdme_<key>'],
  },
};
