import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('tailscale');
const t = `tskey-auth-k${g.str(ALNUM, 10)}CNTRL-${g.str(ALNUM, 33)}`;

export const cases: FamilyCases = {
  'secrets/tailscale/api-key': {
    flagged: [ctx.env('TS_AUTHKEY', t), `tailscale up --authkey=${t.replace('auth', 'client')}`],
    clean: [`tskey-auth-k${g.str(ALNUM, 10)}CNTRL-${g.str(ALNUM, 10)}`, 'TS_AUTHKEY=tskey-auth-<key>', `tskey-other-k${g.str(ALNUM, 10)}-${g.str(ALNUM, 33)}`],
  },
};
