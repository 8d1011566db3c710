import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x96f7e2);

export const cases: FamilyCases = {
  'secrets/doppler/personal-token': {
    flagged: [`DOPPLER_TOKEN=dp.pt.${g.tok(CS.alnum, 43)}`, `doppler:\n  token: "dp.pt.${g.tok(CS.alnum, 43)}"`],
    clean: [`dp.pt.${g.tok(CS.alnum, 20)}`, `dp.pt.<personal-token>`, `dp.px.${g.tok(CS.alnum, 43)}`],
  },
  'secrets/doppler/service-token': {
    flagged: [`DOPPLER_TOKEN=dp.st.${g.tok(CS.alnum, 43)}`, `DOPPLER_TOKEN="dp.st.prd.${g.tok(CS.alnum, 43)}"`],
    clean: [`dp.st.${g.tok(CS.alnum, 30)}`, `dp.st.\${TOKEN}`, `dp.st.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/doppler/service-account-token': {
    flagged: [`DOPPLER_TOKEN=dp.sa.${g.tok(CS.alnum, 43)}`, `token: dp.sa.${g.tok(CS.alnum, 43)}`],
    clean: [`dp.sa.${g.tok(CS.alnum, 20)}`, `dp.sa.<token>`, `dp.sa.${g.tok(CS.alnum, 50)}`],
  },
  'secrets/doppler/cli-token': {
    flagged: [`token: dp.ct.${g.tok(CS.alnum, 43)}`, `{"token":"dp.ct.${g.tok(CS.alnum, 43)}"}`],
    clean: [`dp.ct.${g.tok(CS.alnum, 20)}`, `dp.ct.<token>`, `dp.ct.${g.tok(CS.alnum, 50)}`],
  },
  'secrets/doppler/scim-token': {
    flagged: [`SCIM_TOKEN=dp.scim.${g.tok(CS.alnum, 43)}`, `bearer: "dp.scim.${g.tok(CS.alnum, 43)}"`],
    clean: [`dp.scim.${g.tok(CS.alnum, 20)}`, `dp.scim.<token>`, `dp.scim.${g.tok(CS.alnum, 50)}`],
  },
  'secrets/doppler/audit-token': {
    flagged: [`AUDIT_TOKEN=dp.audit.${g.tok(CS.alnum, 43)}`, `token = 'dp.audit.${g.tok(CS.alnum, 43)}'`],
    clean: [`dp.audit.${g.tok(CS.alnum, 20)}`, `dp.audit.<token>`, `dp.audit.${g.tok(CS.alnum, 50)}`],
  },
};
