import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('algolia');
const k = g.str(HEX, 32);

export const cases: FamilyCases = {
  'secrets/algolia/admin-api-key': {
    flagged: [ctx.env('ALGOLIA_ADMIN_API_KEY', k), ctx.json('algoliaWriteKey', k)],
    clean: [ctx.env('ALGOLIA_SEARCH_API_KEY', k), ctx.env('ALGOLIA_ADMIN_API_KEY', g.str(HEX, 31)), ctx.env('ALGOLIA_ADMIN_API_KEY', '<admin-key>')],
  },
};
