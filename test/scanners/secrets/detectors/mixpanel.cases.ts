import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('mixpanel');
const s = g.str(HEX, 32);

export const cases: FamilyCases = {
  'secrets/mixpanel/api-secret': {
    flagged: [ctx.env('MIXPANEL_API_SECRET', s), ctx.json('mixpanelSecret', s)],
    clean: [ctx.env('MIXPANEL_TOKEN', s), ctx.env('MIXPANEL_API_SECRET', g.str(HEX, 31)), ctx.env('MIXPANEL_API_SECRET', '<api-secret>')],
  },
};
