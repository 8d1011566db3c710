import type { FamilyCases } from '../detector-cases.js';
import { DIGITS, LOWER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('zapier');
const hook = `https://hooks.zapier.com/hooks/catch/${g.str(DIGITS, 8)}/${g.str(LOWER_ALNUM, 7)}/`;

export const cases: FamilyCases = {
  'secrets/zapier/webhook-url': {
    flagged: [ctx.env('ZAPIER_WEBHOOK_URL', hook), `fetch("${hook}", { method: "POST" })`],
    clean: ['https://hooks.zapier.com/hooks/catch/123456/abcdef/'.replace('abcdef', '<hook>'), `https://hooks.zapier.com/hooks/catch/${g.str(DIGITS, 8)}/`, `https://hooks.zapier.com/hooks/catch/${g.str(DIGITS, 8)}/${g.str(DIGITS, 7)}/`],
  },
};
