import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xb62937);

export const cases: FamilyCases = {
  'secrets/travis/api-token': {
    flagged: [`TRAVIS_TOKEN=${g.tok(CS.b64url, 22)}`, `travis_api_key: "${g.tok(CS.alnum, 22)}"`],
    clean: [`TRAVIS_TOKEN=${g.tok(CS.alnum, 21)}`, `TRAVIS_TOKEN=${g.tok(CS.alnum, 23)}`, `TRAVIS_TOKEN=<travis-token>`],
  },
};
