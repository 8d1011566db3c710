import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64, UPPER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('confluent');
const s = g.str(B64, 64);

export const cases: FamilyCases = {
  'secrets/confluent/api-secret': {
    flagged: [`CONFLUENT_API_KEY=${g.str(UPPER_ALNUM, 16)}\nCONFLUENT_API_SECRET=${s}\n`, `confluent:\n  cloud_secret: "${g.str(ALNUM, 64)}"\n`],
    clean: [ctx.env('CONFLUENT_API_SECRET', g.str(B64, 60)), ctx.env('CONFLUENT_API_SECRET', '<api-secret>'), ctx.env('KAFKA_SECRET', s)],
  },
};
