import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xde31d4);

export const cases: FamilyCases = {
  'secrets/fastly/api-token': {
    flagged: [`FASTLY_API_TOKEN=${g.tok(CS.b64url, 32)}`, `fastly_key: "${g.tok(CS.alnum, 32)}"`],
    clean: [`FASTLY_API_TOKEN=${g.tok(CS.alnum, 31)}`, `FASTLY_SERVICE_ID=${g.tok(CS.alnum, 32)}`, `FASTLY_API_TOKEN=<token>`],
  },
};
