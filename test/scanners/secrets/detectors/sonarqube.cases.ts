import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x75f0f1);

export const cases: FamilyCases = {
  'secrets/sonarqube/user-token': {
    flagged: [`SONAR_TOKEN=squ_${g.tok(CS.hex, 40)}`, `sonar.token=squ_${g.tok(CS.hex, 40)}`],
    clean: [`squ_${g.tok(CS.hex, 39)}`, `squ_${g.tok(CS.alnum.slice(20), 40)}`, `squ_<token>`],
  },
  'secrets/sonarqube/project-analysis-token': {
    flagged: [`SONAR_TOKEN=sqp_${g.tok(CS.hex, 40)}`, `args: -Dsonar.login=sqp_${g.tok(CS.hex, 40)}`],
    clean: [`sqp_${g.tok(CS.hex, 41)}`, `sqp_${g.tok(CS.alnum.slice(20), 40)}`, `sqp_<token>`],
  },
  'secrets/sonarqube/global-analysis-token': {
    flagged: [`SONAR_TOKEN=sqa_${g.tok(CS.hex, 40)}`, `token: "sqa_${g.tok(CS.hex, 40)}"`],
    clean: [`sqa_${g.tok(CS.hex, 30)}`, `xsqa_${g.tok(CS.hex, 40)}`, `sqa_<token>`],
  },
  'secrets/sonarqube/legacy-token': {
    flagged: [`sonar.login=${g.tok(CS.hex, 40)}`, `SONAR_TOKEN: "${g.tok(CS.hex, 40)}"`],
    clean: [`sonar.login=${g.tok(CS.hex, 39)}`, `SONAR_HOST_URL=${g.tok(CS.hex, 40)}`, `sonar.login=\${SONAR_TOKEN}`],
  },
};
