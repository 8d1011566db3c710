import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('langsmith');
const pt = `lsv2_pt_${g.str(HEX, 32)}_${g.str(HEX, 10)}`;
const sk = `lsv2_sk_${g.str(HEX, 32)}_${g.str(HEX, 10)}`;

export const cases: FamilyCases = {
  'secrets/langsmith/api-key': {
    flagged: [ctx.env('LANGSMITH_API_KEY', pt), ctx.env('LANGCHAIN_API_KEY', sk)],
    clean: [`lsv2_pt_${g.str(HEX, 32)}_${g.str(HEX, 9)}`, `lsv2_xx_${g.str(HEX, 32)}_${g.str(HEX, 10)}`, 'LANGSMITH_API_KEY=lsv2_pt_<key>'],
  },
};
