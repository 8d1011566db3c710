import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('prefect');
const t = `pnu_${g.str(ALNUM, 36)}`;

export const cases: FamilyCases = {
  'secrets/prefect/api-key': {
    flagged: [ctx.env('PREFECT_API_KEY', t), ctx.yaml('prefect_api_key', `pnb_${g.str(ALNUM, 36)}`)],
    clean: [`pnu_${g.str(ALNUM, 35)}`, `pnu_${g.str(ALNUM, 37)}`, 'PREFECT_API_KEY=pnu_<key>'],
  },
};
