import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xce39ce);

export const cases: FamilyCases = {
  'secrets/terraform/cloud-api-token': {
    flagged: [`credentials "app.terraform.io" {\n  token = "${g.tok(CS.alnum, 14)}.atlasv1.${g.tok(CS.alnum, 67)}"\n}`, `TFE_TOKEN=${g.tok(CS.alnum, 14)}.atlasv1.${g.tok(CS.b64url, 67)}`],
    clean: [`${g.tok(CS.alnum, 14)}.atlasv1.${g.tok(CS.alnum, 30)}`, `${g.tok(CS.alnum, 14)}.atlasv2.${g.tok(CS.alnum, 67)}`, `xxxxxxxxxxxxxx.atlasv1.${'x'.repeat(67)}`],
  },
};
