import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xfd8446);

export const cases: FamilyCases = {
  'secrets/alibaba/access-key-id': {
    flagged: [`ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI${g.tok(CS.alnum, 20)}`, `access_key_id: "LTAI${g.tok(CS.alnum, 16)}"`],
    clean: [`LTAI${g.tok(CS.alnum, 8)}`, `LTAI${g.tok(CS.alnum, 24)}`, `LTAIxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/alibaba/access-key-secret': {
    flagged: [`ALIBABA_CLOUD_ACCESS_KEY_SECRET=${g.tok(CS.alnum, 30)}`, `aliyun_secret: "${g.tok(CS.alnum, 30)}"`],
    clean: [`ALIBABA_CLOUD_ACCESS_KEY_SECRET=${g.tok(CS.alnum, 29)}`, `ALIBABA_CLOUD_REGION=${g.tok(CS.alnum, 30)}`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET=\${SECRET}`],
  },
};
