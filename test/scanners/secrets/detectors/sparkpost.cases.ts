import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('sparkpost');
const key = g.str(HEX, 40);

export const cases: FamilyCases = {
  'secrets/sparkpost/api-key': {
    flagged: [ctx.env('SPARKPOST_API_KEY', key), `sparkpost:\n  api_key: ${key}\n`],
    clean: [ctx.env('SPARKPOST_API_KEY', g.str(HEX, 39)), ctx.env('SPARKPOST_API_KEY', '<api-key>'), ctx.env('API_KEY', key)],
  },
};
