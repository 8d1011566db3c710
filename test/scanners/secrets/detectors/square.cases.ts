import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('square');
const eaaa = `EAAA${g.str(B64URL, 60)}`;
const atp = `sq0atp-${g.str(B64URL, 22)}`;
const csp = `sq0csp-${g.str(B64URL, 43)}`;

export const cases: FamilyCases = {
  'secrets/square/access-token': {
    flagged: [ctx.env('SQUARE_ACCESS_TOKEN', eaaa), ctx.yaml('square_token', `EAAA${g.str(ALNUM, 60)}`)],
    clean: [
      `EAAA${g.str(ALNUM, 59)}`,
      `EAAA${g.str(ALNUM, 61)}`,
      `fb_token = "EAAB${g.str(ALNUM, 60)}"`,
      ctx.env('SQUARE_ACCESS_TOKEN', 'EAAA<your-access-token>'),
    ],
  },
  'secrets/square/legacy-access-token': {
    flagged: [ctx.env('SQUARE_TOKEN', atp), ctx.code('token', atp)],
    clean: [`sq0atp-${g.str(ALNUM, 21)}`, `sq0atp-${g.str(ALNUM, 23)}`, 'sq0atp-XXXXXXXXXXXXXXXXXXXXXX', `sq0idp-${g.str(ALNUM, 22)}`],
  },
  'secrets/square/oauth-secret': {
    flagged: [ctx.env('SQUARE_APP_SECRET', csp), ctx.json('applicationSecret', csp)],
    clean: [`sq0csp-${g.str(ALNUM, 42)}`, `sq0csp-${g.str(ALNUM, 44)}`, 'sq0csp-{{ app_secret }}', `sq0cs-${g.str(ALNUM, 43)}`],
  },
};
