import type { FamilyCases } from '../detector-cases.js';
import { B64, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('flyio');
const mac = `FlyV1 fm2_${g.str(B64, 300)},fm2_${g.str(B64, 200)}`;
const fo1 = `fo1_${g.str(B64URL, 43)}`;

export const cases: FamilyCases = {
  'secrets/flyio/macaroon-token': {
    flagged: [ctx.env('FLY_API_TOKEN', `"${mac}"`), ctx.yaml('fly_token', mac)],
    clean: [`FlyV1 fm2_${g.str(B64, 40)}`, 'FLY_API_TOKEN="FlyV1 fm2_<token>"', `FlyV1 fx2_${g.str(B64, 300)}`],
  },
  'secrets/flyio/access-token': {
    flagged: [ctx.env('FLY_ACCESS_TOKEN', fo1), ctx.header(fo1)],
    clean: [`fo1_${g.str(B64URL, 42)}`, `fo1_${g.str(B64URL, 44)}`, 'FLY_ACCESS_TOKEN=fo1_<token>'],
  },
};
