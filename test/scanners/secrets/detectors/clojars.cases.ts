import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xed2b39);

export const cases: FamilyCases = {
  'secrets/clojars/deploy-token': {
    flagged: [`CLOJARS_PASSWORD=CLOJARS_${g.tok(CS.lowerAlnum, 60)}`, `:password "CLOJARS_${g.tok(CS.lowerAlnum, 60)}"`],
    clean: [`CLOJARS_${g.tok(CS.lowerAlnum, 59)}`, `CLOJARS_${g.tok(CS.lowerAlnum, 61)}`, `CLOJARS_USERNAME`],
  },
};
