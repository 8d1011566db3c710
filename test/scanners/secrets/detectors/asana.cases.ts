import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, DIGITS, HEX, ctx, gen } from '../token-gen.js';

const g = gen('asana');
const modern = `2/${'1'}${g.str(DIGITS, 15)}/${'1'}${g.str(DIGITS, 15)}:${g.str(HEX, 32)}`;
const older = `1/${'1'}${g.str(DIGITS, 15)}:${g.str(ALNUM, 32)}`;

export const cases: FamilyCases = {
  'secrets/asana/personal-access-token': {
    flagged: [ctx.env('ASANA_ACCESS_TOKEN', modern), `client = asana.Client.access_token('${older}')`],
    clean: [ctx.env('ASANA_ACCESS_TOKEN', `2/${g.str(DIGITS, 16)}/${g.str(DIGITS, 16)}:${g.str(HEX, 31)}`), ctx.env('ASANA_ACCESS_TOKEN', '<personal-access-token>'), `TOKEN=${modern}`],
  },
};
