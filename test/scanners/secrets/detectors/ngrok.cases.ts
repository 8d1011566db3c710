import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('ngrok');
const t = `2${g.str(ALNUM, 26)}_${g.str(ALNUM, 21)}`;

export const cases: FamilyCases = {
  'secrets/ngrok/authtoken': {
    flagged: [ctx.env('NGROK_AUTHTOKEN', t), `ngrok config add-authtoken ${t}`],
    clean: [ctx.env('NGROK_AUTHTOKEN', `2${g.str(ALNUM, 26)}`), ctx.env('NGROK_AUTHTOKEN', '<your-authtoken>'), ctx.env('AUTHTOKEN', t)],
  },
};
