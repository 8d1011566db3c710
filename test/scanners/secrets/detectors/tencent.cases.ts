import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xe9dea9);

export const cases: FamilyCases = {
  'secrets/tencent/secret-id': {
    flagged: [`TENCENTCLOUD_SECRET_ID=AKID${g.tok(CS.alnum, 32)}`, `secretId: "AKID${g.tok(CS.alnum, 32)}"`],
    clean: [`AKID${g.tok(CS.alnum, 31)}`, `AKID${g.tok(CS.alnum, 33)}`, `AKIDxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/tencent/secret-key': {
    flagged: [`TENCENTCLOUD_SECRET_KEY=${g.tok(CS.alnum, 32)}`, `qcloud_secret_key: "${g.tok(CS.alnum, 32)}"`],
    clean: [`TENCENTCLOUD_SECRET_KEY=${g.tok(CS.alnum, 31)}`, `TENCENTCLOUD_REGION=${g.tok(CS.alnum, 32)}`, `TENCENTCLOUD_SECRET_KEY=\${KEY}`],
  },
};
