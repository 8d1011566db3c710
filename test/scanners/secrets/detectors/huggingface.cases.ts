import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, LOWER, UPPER, ctx, gen } from '../token-gen.js';

const g = gen('huggingface');
const LETTERS = UPPER + LOWER;
const hf = `hf_${g.str(LETTERS, 34)}`;
const org = `api_org_${g.str(LETTERS, 34)}`;

export const cases: FamilyCases = {
  'secrets/huggingface/access-token': {
    flagged: [ctx.env('HF_TOKEN', hf), `login(token="${hf}")`],
    clean: [`hf_${g.str(LETTERS, 33)}`, `hf_${g.str(ALNUM, 33)}9`, ctx.env('HF_TOKEN', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), `self.hf_${g.str(LETTERS, 40)}`, 'model = 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()'],
  },
  'secrets/huggingface/org-api-token': {
    flagged: [ctx.env('HF_ORG_TOKEN', org), ctx.json('token', org)],
    clean: [`api_org_${g.str(LETTERS, 30)}`, 'api_org_<token>', `api_org_${g.str(LETTERS, 33)}1`],
  },
};
