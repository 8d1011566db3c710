import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('planetscale');
const tkn = `pscale_tkn_${g.str(ALNUM, 43)}`;
const pw = `pscale_pw_${g.str(ALNUM, 43)}`;
const oauth = `pscale_oauth_${g.str(ALNUM, 43)}`;

export const cases: FamilyCases = {
  'secrets/planetscale/service-token': {
    flagged: [ctx.env('PLANETSCALE_SERVICE_TOKEN', tkn), ctx.header(tkn)],
    clean: [`pscale_tkn_${g.str(ALNUM, 20)}`, 'pscale_tkn_<token>', `pscale_tkn_${g.str(ALNUM, 70)}`],
  },
  'secrets/planetscale/database-password': {
    flagged: [ctx.env('DATABASE_PASSWORD', pw), `mysql://user:${pw}@aws.connect.psdb.cloud/db?sslaccept=strict`],
    clean: [`pscale_pw_${g.str(ALNUM, 20)}`, 'pscale_pw_<password>', `pscale_pw_${'x'.repeat(43)}`],
  },
  'secrets/planetscale/oauth-token': {
    flagged: [ctx.env('PSCALE_TOKEN', oauth), ctx.json('access_token', oauth)],
    clean: [`pscale_oauth_${g.str(ALNUM, 31)}`, 'pscale_oauth_<token>', `pscale_oauth_${g.str(ALNUM, 65)}`],
  },
};
