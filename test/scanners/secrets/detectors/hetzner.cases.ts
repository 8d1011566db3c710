import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x142c3a);

export const cases: FamilyCases = {
  'secrets/hetzner/api-token': {
    flagged: [`HCLOUD_TOKEN=${g.tok(CS.alnum, 64)}`, `hetzner_api_token: "${g.tok(CS.alnum, 64)}"`],
    clean: [`HCLOUD_TOKEN=${g.tok(CS.alnum, 63)}`, `HCLOUD_ENDPOINT=${g.tok(CS.alnum, 64)}`, `HCLOUD_TOKEN=<token>`],
  },
};
