import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('cohere');
const k = g.str(ALNUM, 40);

export const cases: FamilyCases = {
  'secrets/cohere/api-key': {
    flagged: [ctx.env('COHERE_API_KEY', k), ctx.env('CO_API_KEY', k), `co = cohere.ClientV2(api_key="${k}")`],
    clean: [ctx.env('COHERE_API_KEY', g.str(ALNUM, 39)), ctx.env('DISCO_API_KEY', k), ctx.env('COHERE_API_KEY', '<cohere-api-key>')],
  },
};
