import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x592047);

export const cases: FamilyCases = {
  'secrets/packagist/api-token': {
    flagged: [`COMPOSER_AUTH_TOKEN=packagist_uat_${g.tok(CS.alnum, 68)}`, `"token": "packagist_ort_${g.tok(CS.alnum, 40)}"`],
    clean: [`packagist_uat_${g.tok(CS.alnum, 20)}`, `packagist_uat_<token>`, `packagist_${g.tok(CS.alnum, 68)}`],
  },
};
