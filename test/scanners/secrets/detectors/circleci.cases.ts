import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x4270b8);

export const cases: FamilyCases = {
  'secrets/circleci/personal-token': {
    flagged: [`CIRCLE_TOKEN=CCIPAT_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}`, `circle-token: "CCIPAT_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}"`],
    clean: [`CCIPAT_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 39)}`, `CCIPAT_${g.tok(CS.alnum, 22)}-${g.tok(CS.hex, 40)}`, `CCIPAT_<your-token>`],
  },
  'secrets/circleci/project-token': {
    flagged: [`token=CCIPRJ_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}`, `{"circle": "CCIPRJ_${g.tok(CS.alnum, 22)}_${g.tok(CS.hex, 40)}"}`],
    clean: [`CCIPRJ_${g.tok(CS.alnum, 21)}_${g.tok(CS.hex, 40)}`, `CCIPRJ_${g.tok(CS.alnum, 22)}_${g.tok(CS.alnum.slice(20), 40)}`, `CCIPRJ_xxxx`],
  },
  'secrets/circleci/legacy-token': {
    flagged: [`CIRCLECI_TOKEN=${g.tok(CS.hex, 40)}`, `circle_api_key: "${g.tok(CS.hex, 40)}"`],
    clean: [`CIRCLECI_TOKEN=${g.tok(CS.hex, 39)}`, `CIRCLE_SHA1=${g.tok(CS.hex, 40)}`, `CIRCLECI_TOKEN=${'0'.repeat(40)}`],
  },
};
