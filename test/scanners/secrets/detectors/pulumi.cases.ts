import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x25edcb);

export const cases: FamilyCases = {
  'secrets/pulumi/access-token': {
    flagged: [`PULUMI_ACCESS_TOKEN=pul-${g.tok(CS.hex, 40)}`, `accessToken: "pul-${g.tok(CS.hex, 40)}"`],
    clean: [`pul-${g.tok(CS.hex, 39)}`, `pul-${g.tok(CS.alnum.slice(20), 40)}`, `pul-<access-token>`],
  },
};
