import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('render');
const t = `rnd_${g.str(ALNUM, 32)}`;

export const cases: FamilyCases = {
  'secrets/render/api-key': {
    flagged: [ctx.env('RENDER_API_KEY', t), ctx.header(t)],
    clean: [`rnd_${g.str(ALNUM, 31)}`, `rnd_${g.str(ALNUM, 33)}`, 'RENDER_API_KEY=rnd_<key>', `brnd_${g.str(ALNUM, 32)}`],
  },
};
