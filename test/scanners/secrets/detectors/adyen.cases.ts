import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64, ctx, gen } from '../token-gen.js';

const g = gen('adyen');
const key = `AQE${g.str(B64, 90)}==-${g.str(B64, 43)}=-${g.str(ALNUM, 16)}`;

export const cases: FamilyCases = {
  'secrets/adyen/api-key': {
    flagged: [ctx.env('ADYEN_API_KEY', key), `adyen:\n  api-key: "${key}"\n`],
    clean: [ctx.env('ADYEN_API_KEY', `AQE${g.str(ALNUM, 40)}`), ctx.env('ADYEN_API_KEY', 'AQE<your-api-key>'), `client_key = "${key}"`, ctx.env('ADYEN_API_KEY', `XAQE${g.str(B64, 100)}`)],
  },
};
