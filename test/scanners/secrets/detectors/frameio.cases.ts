import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('frameio');
const t = `fio-u-${g.str(B64URL, 64)}`;

export const cases: FamilyCases = {
  'secrets/frameio/developer-token': {
    flagged: [ctx.env('FRAMEIO_TOKEN', t), ctx.header(t)],
    clean: [`fio-u-${g.str(B64URL, 63)}`, `fio-u-${g.str(B64URL, 65)}`, 'FRAMEIO_TOKEN=fio-u-<token>'],
  },
};
