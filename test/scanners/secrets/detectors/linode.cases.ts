import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xed4ce7);

export const cases: FamilyCases = {
  'secrets/linode/api-token': {
    flagged: [`LINODE_TOKEN=${g.tok(CS.hex, 64)}`, `linode_api_key: "${g.tok(CS.hex, 64)}"`],
    clean: [`LINODE_TOKEN=${g.tok(CS.hex, 63)}`, `LINODE_REGION=${g.tok(CS.hex, 64)}`, `LINODE_TOKEN=\${TOKEN}`],
  },
};
