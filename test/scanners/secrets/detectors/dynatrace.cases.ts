import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, UPPER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('dynatrace');
const api = `dt0c01.${g.str(UPPER_ALNUM, 24)}.${g.str(UPPER_ALNUM, 64)}`;
const plat = `dt0s16.${g.str(UPPER_ALNUM, 24)}.${g.str(UPPER_ALNUM, 64)}`;

export const cases: FamilyCases = {
  'secrets/dynatrace/api-token': {
    flagged: [ctx.env('DT_API_TOKEN', api), `curl -H "Authorization: Api-Token ${api}" https://abc.live.dynatrace.com/api/v2/metrics`],
    clean: [`dt0c01.${g.str(UPPER_ALNUM, 24)}.${g.str(UPPER_ALNUM, 63)}`, `dt0c01.${g.str(ALNUM, 24)}.${g.str(ALNUM, 64)}`, 'DT_API_TOKEN=dt0c01.<token>'],
  },
  'secrets/dynatrace/platform-token': {
    flagged: [ctx.env('DT_PLATFORM_TOKEN', plat), ctx.env('DT_CLIENT_SECRET', plat.replace('dt0s16', 'dt0s02'))],
    clean: [`dt0s16.${g.str(UPPER_ALNUM, 23)}.${g.str(UPPER_ALNUM, 64)}`, 'DT_CLIENT_SECRET=dt0s02.<secret>', `dt0s2.${g.str(UPPER_ALNUM, 24)}.${g.str(UPPER_ALNUM, 64)}`],
  },
};
