import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('typeform');
const t = `tfp_${g.str(B64URL, 44)}_${g.str(ALNUM, 14)}`;

export const cases: FamilyCases = {
  'secrets/typeform/personal-access-token': {
    flagged: [ctx.env('TYPEFORM_TOKEN', t), ctx.header(t)],
    clean: [`tfp_${g.str(ALNUM, 20)}`, 'TYPEFORM_TOKEN=tfp_<token>', `tfp_${g.str(ALNUM, 90)}`],
  },
};
