import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xb54080);

export const cases: FamilyCases = {
  'secrets/cloudflare/api-token': {
    flagged: [`CLOUDFLARE_API_TOKEN=${g.tok(CS.b64url, 40)}`, `cf_api_token: "${g.tok(CS.alnum, 40)}"`],
    clean: [`CLOUDFLARE_API_TOKEN=${g.tok(CS.alnum, 39)}`, `CLOUDFLARE_ZONE_ID=${g.tok(CS.alnum, 40)}`, `CLOUDFLARE_API_TOKEN=<api-token>`],
  },
  'secrets/cloudflare/global-api-key': {
    flagged: [`CLOUDFLARE_API_KEY=${g.tok(CS.hex, 37)}`, `cf_auth_key = "${g.tok(CS.hex, 37)}"`],
    clean: [`CLOUDFLARE_API_KEY=${g.tok(CS.hex, 36)}`, `CLOUDFLARE_ACCOUNT=${g.tok(CS.hex, 37)}`, `CLOUDFLARE_API_KEY=${g.tok(CS.alnum.slice(20), 37)}`],
  },
  'secrets/cloudflare/origin-ca-key': {
    flagged: [`CF_ORIGIN_CA_KEY=v1.0-${g.tok(CS.hex, 24)}-${g.tok(CS.hex, 146)}`, `origin_ca_key = "v1.0-${g.tok(CS.hex, 24)}-${g.tok(CS.hex, 146)}"`],
    clean: [`v1.0-${g.tok(CS.hex, 24)}-${g.tok(CS.hex, 100)}`, `v1.0-${g.tok(CS.hex, 20)}-${g.tok(CS.hex, 146)}`, `v1.0-<origin-ca-key>`],
  },
};
