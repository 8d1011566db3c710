import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('linear');
const api = `lin_api_${g.str(ALNUM, 40)}`;
const oauth = `lin_oauth_${g.str(HEX, 64)}`;

export const cases: FamilyCases = {
  'secrets/linear/api-key': {
    flagged: [ctx.env('LINEAR_API_KEY', api), `new LinearClient({ apiKey: "${api}" })`],
    clean: [`lin_api_${g.str(ALNUM, 39)}`, `lin_api_${g.str(ALNUM, 41)}`, 'LINEAR_API_KEY=lin_api_<key>'],
  },
  'secrets/linear/oauth-token': {
    flagged: [ctx.env('LINEAR_TOKEN', oauth), ctx.header(oauth)],
    clean: [`lin_oauth_${g.str(HEX, 63)}`, `lin_oauth_${g.str(ALNUM, 64)}`, 'lin_oauth_<token>'],
  },
};
