import type { FamilyCases } from '../detector-cases.js';
import { synth } from '../synthetic-tokens.js';

const g = synth(0x1a4c2b);
const uuid = g.uuid;

export const cases: FamilyCases = {
  'secrets/snyk/api-token': {
    flagged: [`SNYK_TOKEN=${uuid()}`, `snyk_api_key: "${uuid()}"`],
    clean: [`SNYK_TOKEN=\${{ secrets.SNYK_TOKEN }}`, `SNYK_ORG=${uuid()}`, `SNYK_TOKEN=${uuid().slice(0, 35)}`],
  },
};
