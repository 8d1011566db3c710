import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('xai');
const t = `xai-${g.str(ALNUM, 80)}`;

export const cases: FamilyCases = {
  'secrets/xai/api-key': {
    flagged: [ctx.env('XAI_API_KEY', t), ctx.json('apiKey', t)],
    clean: [`xai-${g.str(ALNUM, 79)}`, `xai-${g.str(ALNUM, 81)}`, 'XAI_API_KEY=xai-<key>', `grok-xai-${g.str(ALNUM, 20)}`],
  },
};
