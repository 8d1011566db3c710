import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xb0b34b);
const uuid = g.uuid;

export const cases: FamilyCases = {
  'secrets/scaleway/access-key': {
    flagged: [`SCW_ACCESS_KEY=SCW${g.tok(CS.upperAlnum, 17)}`, `access_key: "SCW${g.tok(CS.upperAlnum, 17)}"`],
    clean: [`SCW${g.tok(CS.upperAlnum, 16)}`, `SCW${g.tok(CS.upperAlnum, 18)}`, `SCWXXXXXXXXXXXXXXXXX`],
  },
  'secrets/scaleway/secret-key': {
    flagged: [`SCW_SECRET_KEY=${uuid()}`, `scaleway_secret_key: "${uuid()}"`],
    clean: [`SCW_DEFAULT_PROJECT_ID=${uuid()}`, `SCW_SECRET_KEY=\${SCW_SECRET_KEY}`, `SCW_SECRET_KEY=${uuid().slice(0, 30)}`],
  },
};
