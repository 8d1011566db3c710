import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, LOWER, ctx, gen } from '../token-gen.js';

const g = gen('notion');
const ntn = `ntn_${g.str(ALNUM, 46)}`;
const legacy = `secret_${g.str(ALNUM, 43)}`;

export const cases: FamilyCases = {
  'secrets/notion/integration-token': {
    flagged: [ctx.env('NOTION_TOKEN', ntn), `const notion = new Client({ auth: '${ntn}' });`],
    clean: [`ntn_${g.str(ALNUM, 45)}`, `ntn_${g.str(ALNUM, 47)}`, 'NOTION_TOKEN=ntn_<token>'],
  },
  'secrets/notion/legacy-integration-token': {
    flagged: [ctx.env('NOTION_API_KEY', legacy), ctx.json('notionToken', legacy)],
    clean: [`secret_${g.str(ALNUM, 42)}`, `secret_${g.str(LOWER, 43)}`, ctx.env('NOTION_API_KEY', 'secret_<token>'), `my_secret_${g.str(ALNUM, 43)}`],
  },
};
