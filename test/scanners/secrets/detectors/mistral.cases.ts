import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('mistral');
const k = g.str(ALNUM, 32);

export const cases: FamilyCases = {
  'secrets/mistral/api-key': {
    flagged: [ctx.env('MISTRAL_API_KEY', k), `client = Mistral(api_key="${k}")  # mistral`, `mistral:\n  api_key: ${k}\n`],
    clean: [ctx.env('MISTRAL_API_KEY', g.str(ALNUM, 31)), ctx.env('MISTRAL_API_KEY', '<mistral-api-key>'), ctx.env('OPENAI_API_KEY', k)],
  },
};
