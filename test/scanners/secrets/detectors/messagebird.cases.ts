import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('messagebird');
const key = g.str(ALNUM, 25);

export const cases: FamilyCases = {
  'secrets/messagebird/access-key': {
    flagged: [ctx.env('MESSAGEBIRD_ACCESS_KEY', key), `messagebird:\n  access_key: '${key}'\n`],
    clean: [ctx.env('MESSAGEBIRD_ACCESS_KEY', g.str(ALNUM, 24)), ctx.env('MESSAGEBIRD_ACCESS_KEY', '<YOUR_ACCESS_KEY>'), ctx.env('ACCESS_KEY', key)],
  },
};
