import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('airtable');
const pat = `pat${g.str(ALNUM, 14)}.${g.str(HEX, 64)}`;
const key = `key${g.str(ALNUM, 14)}`;

export const cases: FamilyCases = {
  'secrets/airtable/personal-access-token': {
    flagged: [ctx.env('AIRTABLE_TOKEN', pat), `const base = new Airtable({ apiKey: '${pat}' }).base('app1');`],
    clean: [ctx.env('AIRTABLE_TOKEN', `pat${g.str(ALNUM, 13)}.${g.str(HEX, 64)}`), ctx.env('AIRTABLE_TOKEN', `pat${g.str(ALNUM, 14)}.${g.str(HEX, 60)}`), ctx.env('AIRTABLE_TOKEN', 'pat<token>'), `TOKEN=${pat}`],
  },
  'secrets/airtable/legacy-api-key': {
    flagged: [ctx.env('AIRTABLE_API_KEY', key), `airtable:\n  api_key: "${key}"\n`],
    clean: [ctx.env('AIRTABLE_API_KEY', `key${g.str(ALNUM, 13)}`), ctx.env('AIRTABLE_API_KEY', 'keyXXXXXXXXXXXXXX'), ctx.env('API_KEY', key)],
  },
};
