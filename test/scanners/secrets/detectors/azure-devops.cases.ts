import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xa0202f);

export const cases: FamilyCases = {
  'secrets/azure-devops/pat': {
    flagged: [`AZURE_DEVOPS_EXT_PAT=${g.tok(CS.alnum, 76)}AZDO${g.tok(CS.alnum, 4)}`, `"pat": "${g.tok(CS.alnum, 52)}JQQJ99${g.tok(CS.alnum, 18)}AZDO${g.tok(CS.alnum, 4)}"`],
    clean: [`${g.tok(CS.alnum, 75)}AZDO${g.tok(CS.alnum, 4)}`, `${g.tok(CS.alnum, 76)}AZDX${g.tok(CS.alnum, 4)}`, `${g.tok(CS.alnum, 77)}AZDO${g.tok(CS.alnum, 4)}`],
  },
  'secrets/azure-devops/legacy-pat': {
    flagged: [`AZURE_DEVOPS_PAT=${g.tok(CS.lowerBase32, 52)}`, `ado_token: "${g.tok(CS.lowerBase32, 52)}"`],
    clean: [`AZURE_DEVOPS_PAT=${g.tok(CS.lowerBase32, 51)}`, `AZURE_DEVOPS_PAT=${g.tok(CS.lowerAlnum.replace(/[2-7]/g, ''), 52)}`, `SOME_OTHER_VALUE=${g.tok(CS.lowerBase32, 52)}`],
  },
};
