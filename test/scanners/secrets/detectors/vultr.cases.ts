import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xc42c7a);

export const cases: FamilyCases = {
  'secrets/vultr/api-key': {
    flagged: [`VULTR_API_KEY=${g.tok(CS.upperAlnum, 36)}`, `vultr_token: "${g.tok(CS.upperAlnum, 36)}"`],
    clean: [`VULTR_API_KEY=${g.tok(CS.upperAlnum, 35)}`, `VULTR_API_KEY=${g.tok(CS.lowerAlnum, 36)}`, `VULTR_REGION=${g.tok(CS.upperAlnum, 36)}`],
  },
};
