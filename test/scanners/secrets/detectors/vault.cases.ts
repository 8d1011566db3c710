import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0x304921);

export const cases: FamilyCases = {
  'secrets/vault/service-token': {
    flagged: [`VAULT_TOKEN=hvs.${g.tok(CS.alnum, 24)}`, `token: "hvs.CAESI${g.tok(CS.b64url, 90)}"`],
    clean: [`hvs.${g.tok(CS.alnum, 20)}`, `hvs.<vault-token>`, `hvs.xxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/vault/batch-token': {
    flagged: [`VAULT_TOKEN=hvb.AAAAAQ${g.tok(CS.b64url, 130)}`, `{"client_token": "hvb.${g.tok(CS.b64url, 140)}"}`],
    clean: [`hvb.${g.tok(CS.alnum, 30)}`, `hvb.<batch-token>`, `hvbx${g.tok(CS.alnum, 130)}`],
  },
  'secrets/vault/recovery-token': {
    flagged: [`VAULT_TOKEN=hvr.${g.tok(CS.alnum, 24)}`, `recovery_token: hvr.${g.tok(CS.alnum, 40)}`],
    clean: [`hvr.${g.tok(CS.alnum, 10)}`, `hvr.<token>`, `hvr.xxxxxxxxxxxxxxxxxxxxxxxx`],
  },
  'secrets/vault/legacy-token': {
    flagged: [`export VAULT_TOKEN=s.${g.tok(CS.alnum, 24)}`, `curl -H "X-Vault-Token: s.${g.tok(CS.alnum, 24)}" https://vault.internal:8200/v1/secret/data/app`],
    clean: [`VAULT_TOKEN=s.${g.tok(CS.alnum, 23)}`, `VAULT_TOKEN=root`, `VAULT_ADDR=s.${g.tok(CS.alnum, 24)}`],
  },
};
