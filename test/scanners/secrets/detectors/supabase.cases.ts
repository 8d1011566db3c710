import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, HEX, ctx, gen } from '../token-gen.js';

const g = gen('supabase');
const sbp = `sbp_${g.str(HEX, 40)}`;
const sec = `sb_secret_${g.str(ALNUM, 22)}_${g.str(B64URL, 8)}`;

export const cases: FamilyCases = {
  'secrets/supabase/personal-access-token': {
    flagged: [ctx.env('SUPABASE_ACCESS_TOKEN', sbp), ctx.header(sbp)],
    clean: [`sbp_${g.str(HEX, 39)}`, `sbp_${g.str(ALNUM, 40)}Z`, 'SUPABASE_ACCESS_TOKEN=sbp_<token>'],
  },
  'secrets/supabase/secret-api-key': {
    flagged: [ctx.env('SUPABASE_SECRET_KEY', sec), `createClient(url, '${sec}')`],
    clean: [`sb_secret_${g.str(ALNUM, 10)}`, `sb_publishable_${g.str(ALNUM, 22)}_${g.str(B64URL, 8)}`, 'SUPABASE_SECRET_KEY=sb_secret_<key>'],
  },
};
