import type { FamilyCases } from '../detector-cases.js';
import { ctx, gen } from '../token-gen.js';

const g = gen('postmark');
const token = g.uuid();

export const cases: FamilyCases = {
  'secrets/postmark/api-token': {
    flagged: [ctx.env('POSTMARK_SERVER_TOKEN', token), `curl -H "X-Postmark-Server-Token: ${token}" https://api.postmarkapp.com/email`],
    clean: [
      ctx.env('POSTMARK_SERVER_TOKEN', token.slice(0, 35)),
      'X-Postmark-Server-Token: POSTMARK_API_TEST',
      ctx.env('POSTMARK_SERVER_TOKEN', '00000000-0000-0000-0000-000000000000'),
      ctx.env('SERVER_TOKEN', token),
    ],
  },
};
