import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, HEX, LOWER_ALNUM, UPPER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('newrelic');
const nrak = `NRAK-${g.str(UPPER_ALNUM, 27)}`;
const nraa = `NRAA-${g.str(HEX, 27)}`;
const nrii = `NRII-${g.str(B64URL, 32)}`;
const nriq = `NRIQ-${g.str(B64URL, 32)}`;
const license = `eu01xx${g.str(LOWER_ALNUM, 30)}NRAL`;
const nrjs = `NRJS-${g.str(HEX, 19)}`;

export const cases: FamilyCases = {
  'secrets/newrelic/user-api-key': {
    flagged: [ctx.env('NEW_RELIC_API_KEY', nrak), ctx.json('apiKey', nrak)],
    clean: [`NRAK-${g.str(UPPER_ALNUM, 26)}`, `NRAK-${g.str(ALNUM, 27).toLowerCase()}`, 'NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX'],
  },
  'secrets/newrelic/admin-api-key': {
    flagged: [ctx.env('NEW_RELIC_ADMIN_KEY', nraa), ctx.yaml('admin_key', nraa)],
    clean: [`NRAA-${g.str(HEX, 26)}`, `NRAA-${g.str(UPPER_ALNUM, 27)}`, 'NRAA-<admin-key>'],
  },
  'secrets/newrelic/insights-insert-key': {
    flagged: [ctx.env('NEW_RELIC_INSERT_KEY', nrii), ctx.code('insertKey', nrii)],
    clean: [`NRII-${g.str(B64URL, 31)}`, 'NRII-<insert-key>', `NRII-${g.str(B64URL, 40)}`],
  },
  'secrets/newrelic/insights-query-key': {
    flagged: [ctx.env('NEW_RELIC_QUERY_KEY', nriq), ctx.json('queryKey', nriq)],
    clean: [`NRIQ-${g.str(B64URL, 30)}`, 'NRIQ-<query-key>', `NRIQ-${g.str(B64URL, 33)}`],
  },
  'secrets/newrelic/license-key': {
    flagged: [ctx.env('NEW_RELIC_LICENSE_KEY', license), `license_key: ${g.str(HEX, 36)}NRAL\n`],
    clean: [`${g.str(HEX, 35)}NRAL`, `${g.str(HEX, 36)}NRAX`, 'license_key: <license-key>NRAL', `NRAL${g.str(HEX, 36)}`],
  },
  'secrets/newrelic/browser-api-key': {
    flagged: [`NREUM.loader_config={licenseKey:"${nrjs}"}`, ctx.env('NEW_RELIC_BROWSER_KEY', nrjs)],
    clean: [`NRJS-${g.str(HEX, 18)}`, `NRJS-${g.str(HEX, 20)}`, 'NRJS-<browser-key>'],
  },
};
