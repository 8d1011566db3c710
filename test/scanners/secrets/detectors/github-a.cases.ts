import type { FamilyCases } from '../detector-cases.js';
import { CS, synth, withCrc32 } from '../synthetic-tokens.js';

const g = synth(0x6170);
const body = g.tok(CS.alnum, 30);
const other = g.tok(CS.alnum, 30);
const ghu = withCrc32('ghu_', body);
const ghs = withCrc32('ghs_', other);
const ghr = withCrc32('ghr_', g.tok(CS.alnum, 30));
const ghrLong = `ghr_${g.tok(CS.alnum, 76)}`;
const fine = `github_pat_${g.tok(CS.alnum, 22)}_${g.tok(CS.alnum, 59)}`;
const broken = (t: string) => t.slice(0, -6) + (t.endsWith('ZZZZZZ') ? 'YYYYYY' : 'ZZZZZZ').replace(/(.)\1{5}/, 'Zq7Zq7');

export const cases: FamilyCases = {
  'secrets/github/user-to-server-token': {
    flagged: [`GH_USER_TOKEN=${ghu}`, `{"access_token": "${ghu}", "token_type": "bearer"}`],
    clean: [broken(ghu), `ghu_${body}`, `ghu_${'x'.repeat(36)}`, `id: xghu_${body}abcdef`],
  },
  'secrets/github/server-to-server-token': {
    flagged: [`      GITHUB_TOKEN: ${ghs}`, `const token = '${ghs}';`],
    clean: [broken(ghs), `ghs_${other}`, withCrc32('ghx_', other), `ghs_<installation-token>`],
  },
  'secrets/github/refresh-token': {
    flagged: [`refresh_token=${ghr}`, `"refresh_token": "${ghrLong}"`],
    clean: [broken(ghr), `ghr_${g.tok(CS.alnum, 50)}`, `ghr_your_refresh_token_here`],
  },
  'secrets/github/fine-grained-pat': {
    flagged: [`export GH_TOKEN=${fine}`, `token: "${fine}"`],
    clean: [
      `github_pat_${g.tok(CS.alnum, 22)}_${g.tok(CS.alnum, 58)}`,
      `github_pat_${g.tok(CS.alnum, 22)}-${g.tok(CS.alnum, 59)}`,
      `github_pat_<your-token>`,
      `github_pat_11AAAAAAAAAAAAAAAAAAAA_${'x'.repeat(59)}`,
    ],
  },
};
