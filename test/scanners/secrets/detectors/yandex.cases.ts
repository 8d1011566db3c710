import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xce2677);

export const cases: FamilyCases = {
  'secrets/yandex/api-key': {
    flagged: [`YC_API_KEY=AQVN${g.tok(CS.b64url, 36)}`, `api_key: "AQVN${g.tok(CS.b64url, 38)}"`],
    clean: [`AQVN${g.tok(CS.b64url, 20)}`, `AQVN<api-key>`, `AQVNxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/yandex/iam-token': {
    flagged: [`YC_TOKEN=t1.${g.tok(CS.b64url, 120)}.${g.tok(CS.b64url, 86)}`, `Authorization: Bearer t1.9euelZ${g.tok(CS.b64url, 100)}.${g.tok(CS.b64url, 86)}`],
    clean: [`t1.${g.tok(CS.b64url, 120)}.${g.tok(CS.b64url, 40)}`, `t1.start()`, `t1.${g.tok(CS.b64url, 10)}.${g.tok(CS.b64url, 86)}`],
  },
  'secrets/yandex/static-key-secret': {
    flagged: [`YC_SECRET_KEY=YC${g.tok(CS.b64url, 38)}`, `aws_secret_access_key = YC${g.tok(CS.b64url, 38)}`],
    clean: [`YC_SECRET_KEY=YC${g.tok(CS.b64url, 30)}`, `YC_SECRET_KEY=XY${g.tok(CS.b64url, 38)}`, `YC_SECRET_KEY=<secret>`],
  },
};
