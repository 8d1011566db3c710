import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('mapbox');
const b64u = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const sk = `sk.${b64u({ u: 'acme-maps', a: g.str(ALNUM, 25) })}.${g.str(B64URL, 22)}`;

export const cases: FamilyCases = {
  'secrets/mapbox/secret-token': {
    flagged: [ctx.env('MAPBOX_SECRET_TOKEN', sk), `MAPBOX_DOWNLOADS_TOKEN: "${sk}"`],
    clean: [`pk.${b64u({ u: 'acme-maps', a: g.str(ALNUM, 25) })}.${g.str(B64URL, 22)}`, `sk.${b64u({ user: 'x', a: g.str(ALNUM, 25) })}.${g.str(B64URL, 22)}`, 'sk.eyJ1<token>', `sk.eyJ${g.str(ALNUM, 40)}.${g.str(B64URL, 22)}`],
  },
};
