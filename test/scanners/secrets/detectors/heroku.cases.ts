import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x6c077c);
const uuid = g.uuid;

export const cases: FamilyCases = {
  'secrets/heroku/api-key': {
    flagged: [`HEROKU_API_KEY=${uuid()}`, `heroku:\n  heroku_token: "${uuid()}"`],
    clean: [`HEROKU_APP_ID=${uuid()}`, `HEROKU_API_KEY=\${{ secrets.HEROKU_API_KEY }}`, `HEROKU_API_KEY=${uuid().slice(0, 20)}`],
  },
  'secrets/heroku/platform-token': {
    flagged: [`HEROKU_API_KEY=HRKU-AA${g.tok(CS.b64url, 58)}`, `"token": "HRKU-${g.tok(CS.b64url, 60)}"`],
    clean: [`HRKU-${g.tok(CS.alnum, 20)}`, `HRKU-<token>`, `HRKU-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
};
