import type { FamilyCases } from '../detector-cases.js';
import { CS, synth } from '../synthetic-tokens.js';

const g = synth(0xc4def);
const saBody = g.bytes(600).toString('base64').replace(/(.{64})/g, '$1\\n');

export const cases: FamilyCases = {
  'secrets/gcp/service-account-key': {
    flagged: [
      `{\n  "type": "service_account",\n  "project_id": "billing-prod-381",\n  "private_key_id": "${g.tok(CS.hex, 40)}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${saBody}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "deployer@billing-prod-381.iam.gserviceaccount.com"\n}`,
      `{"type":"service_account","project_id":"p","private_key":"-----BEGIN PRIVATE KEY-----\\n${saBody}-----END PRIVATE KEY-----\\n"}`,
    ],
    clean: [
      `{"type": "authorized_user", "private_key": "-----BEGIN PRIVATE KEY-----\\n${saBody}\\n-----END PRIVATE KEY-----\\n"}`,
      `{"type": "service_account", "project_id": "p", "private_key": ""}`,
      `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}`,
    ],
  },
  'secrets/gcp/api-key': {
    flagged: [`GOOGLE_API_KEY=AIza${g.tok(CS.b64url, 35)}`, `const firebaseConfig = { apiKey: "AIza${g.tok(CS.b64url, 35)}" };`],
    clean: [`AIza${g.tok(CS.b64url, 34)}`, `AIza${g.tok(CS.alnum, 36)}`, `AIzaXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`],
  },
  'secrets/gcp/oauth-client-secret': {
    flagged: [`GOOGLE_CLIENT_SECRET=GOCSPX-${g.tok(CS.b64url, 28)}`, `{"web": {"client_secret": "GOCSPX-${g.tok(CS.b64url, 28)}"}}`],
    clean: [`GOCSPX-${g.tok(CS.b64url, 27)}`, `GOCSPX-${g.tok(CS.alnum, 29)}`, `GOCSPX-<client-secret>`],
  },
  'secrets/gcp/oauth-refresh-token': {
    flagged: [`"refresh_token": "1//0${g.tok(CS.b64url, 100)}"`, `GOOGLE_REFRESH_TOKEN=1//0${g.tok(CS.b64url, 60)}`],
    clean: [`1//0${g.tok(CS.alnum, 20)}`, `https://example.org/1//0${'x'.repeat(60)}`, `1//0<refresh-token>`],
  },
  'secrets/gcp/oauth-access-token': {
    flagged: [`Authorization: Bearer ya29.${g.tok(CS.b64url, 150)}`, `"access_token": "ya29.a0${g.tok(CS.b64url, 120)}"`],
    clean: [`ya29.${g.tok(CS.alnum, 20)}`, `ya29.<access-token>`, `ya29.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`],
  },
};
