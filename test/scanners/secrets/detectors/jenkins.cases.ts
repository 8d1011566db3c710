import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xc27d12);

export const cases: FamilyCases = {
  'secrets/jenkins/api-token': {
    flagged: [`JENKINS_API_TOKEN=11${g.tok(CS.hex, 32)}`, `jenkins_password: "${g.tok(CS.hex, 32)}"`],
    clean: [`JENKINS_API_TOKEN=${g.tok(CS.hex, 20)}`, `JENKINS_URL=${g.tok(CS.hex, 32)}`, `JENKINS_API_TOKEN=\${JENKINS_TOKEN}`],
  },
};
