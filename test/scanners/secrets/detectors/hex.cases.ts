import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xd12566);

export const cases: FamilyCases = {
  'secrets/hex/api-key': {
    flagged: [`HEX_API_KEY=${g.tok(CS.hex, 32)}`, `hexpm_key: "${g.tok(CS.hex, 32)}"`],
    clean: [`HEX_API_KEY=${g.tok(CS.hex, 31)}`, `HEX_API_KEY=\${HEX_KEY}`, `HEX_MIRROR=${g.tok(CS.hex, 32)}`],
  },
};
