import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('gocardless');
const live = `live_${g.str(B64URL, 40)}`;
const sandbox = `sandbox_${g.str(B64URL, 40)}`;

export const cases: FamilyCases = {
  'secrets/gocardless/live-access-token': {
    flagged: [ctx.env('GOCARDLESS_ACCESS_TOKEN', live), `client = gocardless_pro.Client(access_token="${live}", environment="live")`],
    clean: [ctx.env('GOCARDLESS_ACCESS_TOKEN', `live_${g.str(B64URL, 39)}`), ctx.env('GOCARDLESS_ACCESS_TOKEN', 'live_<access-token>'), ctx.env('OTHER_TOKEN', live)],
  },
  'secrets/gocardless/sandbox-access-token': {
    flagged: [ctx.env('GOCARDLESS_ACCESS_TOKEN', sandbox), ctx.json('gocardlessToken', sandbox)],
    clean: [ctx.env('GOCARDLESS_ACCESS_TOKEN', `sandbox_${g.str(B64URL, 41)}`), ctx.env('GOCARDLESS_TOKEN', 'sandbox_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), ctx.env('SANDBOX_TOKEN', sandbox)],
  },
};
