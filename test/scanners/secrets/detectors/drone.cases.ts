import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x8b1164);

export const cases: FamilyCases = {
  'secrets/drone/token': {
    flagged: [`DRONE_TOKEN=${g.tok(CS.alnum, 32)}`, `DRONE_RPC_SECRET: "${g.tok(CS.alnum, 32)}"`],
    clean: [`DRONE_TOKEN=${g.tok(CS.alnum, 31)}`, `DRONE_SERVER=${g.tok(CS.alnum, 32)}`, `DRONE_TOKEN=<drone-token-goes-here>`],
  },
};
