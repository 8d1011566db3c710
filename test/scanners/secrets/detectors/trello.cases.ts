import type { FamilyCases } from '../detector-cases.js';
import { HEX, HEXU, ctx, gen } from '../token-gen.js';

const g = gen('trello');
const legacy = g.str(HEX, 64);
const atta = `ATTA${g.str(HEX, 64)}${g.str(HEXU, 8)}`;

export const cases: FamilyCases = {
  'secrets/trello/api-token': {
    flagged: [ctx.env('TRELLO_TOKEN', legacy), `trello:\n  api_key: ${g.str(HEX, 32)}\n  token: ${atta}\n`],
    clean: [ctx.env('TRELLO_TOKEN', g.str(HEX, 63)), ctx.env('TRELLO_API_KEY', g.str(HEX, 32)), ctx.env('TRELLO_TOKEN', '<token>')],
  },
};
