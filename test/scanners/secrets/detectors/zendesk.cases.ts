import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('zendesk');
const token = g.str(ALNUM, 40);

export const cases: FamilyCases = {
  'secrets/zendesk/api-token': {
    flagged: [ctx.env('ZENDESK_API_TOKEN', token), `zendesk:\n  subdomain: acme\n  token: ${token}\n`],
    clean: [ctx.env('ZENDESK_API_TOKEN', g.str(ALNUM, 39)), ctx.env('ZENDESK_API_TOKEN', '<api-token>'), ctx.env('API_TOKEN', token)],
  },
};
