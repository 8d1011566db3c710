import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('auth0');
const s = g.str(B64URL, 64);

export const cases: FamilyCases = {
  'secrets/auth0/client-secret': {
    flagged: [ctx.env('AUTH0_CLIENT_SECRET', s), `auth0:\n  domain: corp.auth0.com\n  client_id: ${g.str(ALNUM, 32)}\n  client_secret: ${s}\n`],
    clean: [ctx.env('AUTH0_CLIENT_SECRET', g.str(B64URL, 63)), ctx.env('AUTH0_CLIENT_SECRET', '<client-secret>'), ctx.env('CLIENT_SECRET', s)],
  },
};
