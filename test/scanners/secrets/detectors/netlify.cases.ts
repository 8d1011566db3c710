import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('netlify');
const nfp = `nfp_${g.str(ALNUM, 36)}`;
const legacy = g.str(B64URL, 43);

export const cases: FamilyCases = {
  'secrets/netlify/personal-access-token': {
    flagged: [ctx.env('NETLIFY_AUTH_TOKEN', nfp), ctx.header(nfp)],
    clean: [`nfp_${g.str(ALNUM, 35)}`, `nfp_${g.str(ALNUM, 37)}`, 'NETLIFY_AUTH_TOKEN=nfp_<token>'],
  },
  'secrets/netlify/legacy-access-token': {
    flagged: [ctx.env('NETLIFY_AUTH_TOKEN', legacy), `netlify deploy --auth ${'x'.slice(1)}\nnetlify_token: ${legacy}`],
    clean: [ctx.env('NETLIFY_AUTH_TOKEN', g.str(B64URL, 42)), ctx.env('NETLIFY_SITE_ID', g.uuid()), ctx.env('NETLIFY_AUTH_TOKEN', '<token>')],
  },
};
