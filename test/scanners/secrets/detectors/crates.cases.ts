import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x548076);

export const cases: FamilyCases = {
  'secrets/crates/api-token': {
    flagged: [`CARGO_REGISTRY_TOKEN=cio${g.tok(CS.alnum, 32)}`, `[registry]\ntoken = "cio${g.tok(CS.alnum, 32)}"`],
    clean: [`cio${g.tok(CS.alnum, 31)}`, `cio${g.tok(CS.alnum, 33)}`, `precio${g.tok(CS.alnum, 32)}`],
  },
};
