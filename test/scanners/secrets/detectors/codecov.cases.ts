import type { FamilyCases } from '../detector-cases.js';
import { synth } from '../synthetic-tokens.js';

const g = synth(0x48342d);
const uuid = g.uuid;

export const cases: FamilyCases = {
  'secrets/codecov/upload-token': {
    flagged: [`CODECOV_TOKEN=${uuid()}`, `- uses: codecov/codecov-action@v4\n  with:\n    codecov_token: "${uuid()}"`],
    clean: [`CODECOV_TOKEN=\${{ secrets.CODECOV_TOKEN }}`, `CODECOV_TOKEN=${uuid().slice(0, 30)}`, `CODECOV_URL=${uuid()}`],
  },
};
