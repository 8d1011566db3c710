import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, UPPER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('plivo');
const token = g.str(ALNUM, 40);

export const cases: FamilyCases = {
  'secrets/plivo/auth-token': {
    flagged: [ctx.env('PLIVO_AUTH_TOKEN', token), `PLIVO_AUTH_ID=MA${g.str(UPPER_ALNUM, 18)}\nplivo_auth_token: "${token}"`],
    clean: [ctx.env('PLIVO_AUTH_TOKEN', g.str(ALNUM, 39)), ctx.env('PLIVO_AUTH_TOKEN', '<auth-token>'), ctx.env('AUTH_TOKEN', token)],
  },
};
