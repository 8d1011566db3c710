import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('sendgrid');
const key = `SG.${g.str(B64URL, 22)}.${g.str(B64URL, 43)}`;

export const cases: FamilyCases = {
  'secrets/sendgrid/api-key': {
    flagged: [ctx.env('SENDGRID_API_KEY', key), ctx.code('sgKey', key)],
    clean: [`SG.${g.str(B64URL, 22)}.${g.str(B64URL, 42)}`, `SG.${g.str(B64URL, 21)}.${g.str(B64URL, 43)}`, ctx.env('SENDGRID_API_KEY', 'SG.<your-key>'), `msg.${g.str(B64URL, 22)}.${g.str(B64URL, 43)}`],
  },
};
