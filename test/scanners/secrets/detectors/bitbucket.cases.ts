import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xe26521);

export const cases: FamilyCases = {
  'secrets/bitbucket/app-password': {
    flagged: [`BITBUCKET_APP_PASSWORD=ATBB${g.tok(CS.alnum, 32)}`, `password: "ATBB${g.tok(CS.alnum, 28)}"`],
    clean: [`ATBB${g.tok(CS.alnum, 20)}`, `ATBB${g.tok(CS.alnum, 40)}`, `ATBBxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/bitbucket/access-token': {
    flagged: [`BB_TOKEN=ATCTT3xFfGN0${g.tok(CS.b64url, 180)}=${g.tok(CS.upperHex, 8)}`, `"token": "ATCTT3xFfGN0${g.tok(CS.alnum, 150)}"`],
    clean: [`ATCTT3xFfGN0${g.tok(CS.alnum, 40)}`, `ATCTT3xFfGN0<access-token>`, `ATCTT3xFfGN1${g.tok(CS.alnum, 150)}`],
  },
  'secrets/bitbucket/oauth-consumer-secret': {
    flagged: [`BITBUCKET_CLIENT_SECRET=${g.tok(CS.alnum, 32)}`, `bitbucket:\n  bitbucket_oauth_secret: "${g.tok(CS.alnum, 32)}"`],
    clean: [`BITBUCKET_CLIENT_SECRET=${g.tok(CS.alnum, 20)}`, `BITBUCKET_CLIENT_SECRET=\${BB_SECRET}`, `GITHUB_CLIENT_SECRET=${g.tok(CS.alnum, 32)}`],
  },
};
