import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('okta');
const t = `00${g.str(B64URL, 40)}`;

export const cases: FamilyCases = {
  'secrets/okta/api-token': {
    flagged: [ctx.env('OKTA_API_TOKEN', t), `curl -H "Authorization: SSWS ${t}" https://corp.okta.com/api/v1/users`],
    clean: [ctx.env('OKTA_API_TOKEN', `00${g.str(B64URL, 39)}`), ctx.env('OKTA_API_TOKEN', `01${g.str(B64URL, 40)}`), ctx.env('OKTA_API_TOKEN', '<api-token>'), ctx.env('API_TOKEN', t)],
  },
};
