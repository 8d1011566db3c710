import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x8f3d7d);

export const cases: FamilyCases = {
  'secrets/ibm/cloud-api-key': {
    flagged: [`IBMCLOUD_API_KEY=${g.tok(CS.b64url, 44)}`, `ibm_iam_key: "${g.tok(CS.b64url, 44)}"`],
    clean: [`IBMCLOUD_API_KEY=${g.tok(CS.b64url, 43)}`, `IBMCLOUD_REGION=${g.tok(CS.b64url, 44)}`, `IBMCLOUD_API_KEY=<api-key>`],
  },
};
