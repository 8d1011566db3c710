import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('vercel');
const t = g.str(ALNUM, 24);

export const cases: FamilyCases = {
  'secrets/vercel/access-token': {
    flagged: [ctx.env('VERCEL_TOKEN', t), `- run: vercel deploy --prod --token=${t}`],
    clean: [ctx.env('VERCEL_TOKEN', g.str(ALNUM, 23)), ctx.env('VERCEL_TOKEN', '${{ secrets.VERCEL_TOKEN }}'), ctx.env('VERCEL_PROJECT_ID', `prj_${g.str(ALNUM, 28)}`), ctx.env('TOKEN', t)],
  },
};
