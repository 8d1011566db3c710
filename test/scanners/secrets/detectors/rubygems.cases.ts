import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x4b69fa);

export const cases: FamilyCases = {
  'secrets/rubygems/api-key': {
    flagged: [`GEM_HOST_API_KEY=rubygems_${g.tok(CS.hex, 48)}`, `---\n:rubygems_api_key: rubygems_${g.tok(CS.hex, 48)}`],
    clean: [`rubygems_${g.tok(CS.hex, 47)}`, `rubygems_${g.tok(CS.alnum.slice(20), 48)}`, `rubygems_<api-key>`],
  },
};
