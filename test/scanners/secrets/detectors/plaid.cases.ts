import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('plaid');
const prod = `access-production-${g.uuid()}`;
const dev = `access-development-${g.uuid()}`;
const secret = g.str(HEX, 30);

export const cases: FamilyCases = {
  'secrets/plaid/access-token': {
    flagged: [ctx.env('PLAID_ACCESS_TOKEN', prod), ctx.json('access_token', dev)],
    clean: [`access-sandbox-${g.uuid()}`, `access-production-${g.uuid().slice(0, 30)}`, 'access-production-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', `public-production-${g.uuid()}`],
  },
  'secrets/plaid/secret': {
    flagged: [ctx.env('PLAID_SECRET', secret), `plaid:\n  client_id: ${g.str(HEX, 24)}\n  secret: ${secret}\n`],
    clean: [ctx.env('PLAID_SECRET', g.str(HEX, 29)), ctx.env('PLAID_CLIENT_ID', g.str(HEX, 24)), ctx.env('PLAID_SECRET', '<plaid-secret>'), ctx.env('APP_SECRET', secret)],
  },
};
