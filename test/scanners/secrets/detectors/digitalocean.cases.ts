import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xfa14a);

export const cases: FamilyCases = {
  'secrets/digitalocean/personal-access-token': {
    flagged: [`DIGITALOCEAN_TOKEN=dop_v1_${g.tok(CS.hex, 64)}`, `do_token = "dop_v1_${g.tok(CS.hex, 64)}"`],
    clean: [`dop_v1_${g.tok(CS.hex, 63)}`, `dop_v1_${g.tok(CS.alnum.slice(20), 64)}`, `dop_v2_${g.tok(CS.hex, 64)}`],
  },
  'secrets/digitalocean/oauth-token': {
    flagged: [`"access_token": "doo_v1_${g.tok(CS.hex, 64)}"`, `TOKEN=doo_v1_${g.tok(CS.hex, 64)}`],
    clean: [`doo_v1_${g.tok(CS.hex, 60)}`, `doo_v1_<token>`, `doo_v1_${'0'.repeat(64)}`],
  },
  'secrets/digitalocean/refresh-token': {
    flagged: [`"refresh_token": "dor_v1_${g.tok(CS.hex, 64)}"`, `REFRESH=dor_v1_${g.tok(CS.hex, 64)}`],
    clean: [`dor_v1_${g.tok(CS.hex, 65)}`, `dor_v1_<token>`, `xdor_v1_${g.tok(CS.hex, 64)}`],
  },
};
