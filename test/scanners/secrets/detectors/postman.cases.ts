import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('postman');
const k = `PMAK-${g.str(HEX, 24)}-${g.str(HEX, 34)}`;

export const cases: FamilyCases = {
  'secrets/postman/api-key': {
    flagged: [ctx.env('POSTMAN_API_KEY', k), `curl -H "X-Api-Key: ${k}" https://api.getpostman.com/me`],
    clean: [`PMAK-${g.str(HEX, 24)}-${g.str(HEX, 33)}`, `PMAK-${g.str(HEX, 23)}-${g.str(HEX, 34)}`, 'PMAK-<api-key>'],
  },
};
