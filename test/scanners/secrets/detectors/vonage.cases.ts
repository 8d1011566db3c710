import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('vonage');
const secret = g.str(ALNUM, 16);

export const cases: FamilyCases = {
  'secrets/vonage/api-secret': {
    flagged: [ctx.env('VONAGE_API_SECRET', secret), `NEXMO_API_KEY=${g.str(HEX, 8)}\nNEXMO_API_SECRET=${secret}\n`],
    clean: [ctx.env('VONAGE_API_SECRET', g.str(ALNUM, 15)), ctx.env('VONAGE_API_SECRET', g.str(ALNUM, 24)), ctx.env('VONAGE_API_SECRET', '<api-secret>'), ctx.env('API_SECRET', secret)],
  },
};
