import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('sumologic');
const k = g.str(ALNUM, 64);

export const cases: FamilyCases = {
  'secrets/sumologic/access-key': {
    flagged: [`SUMO_ACCESS_ID=su${g.str(ALNUM, 12)}\nSUMO_ACCESS_KEY=${k}\n`, `sumologic:\n  access_key: "${k}"\n`],
    clean: [ctx.env('SUMO_ACCESS_KEY', g.str(ALNUM, 63)), ctx.env('SUMO_ACCESS_KEY', '<access-key>'), ctx.env('ACCESS_KEY', k)],
  },
};
