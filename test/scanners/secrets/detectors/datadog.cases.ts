import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('datadog');
const api = g.str(HEX, 32);
const app = g.str(HEX, 40);

export const cases: FamilyCases = {
  'secrets/datadog/api-key': {
    flagged: [ctx.env('DD_API_KEY', api), `datadog:\n  apiKey: "${api}"\n`, ctx.env('DATADOG_API_KEY', api)],
    clean: [ctx.env('DD_API_KEY', g.str(HEX, 31)), ctx.env('ADD_API_KEY', api), ctx.env('DD_API_KEY', '<DATADOG_API_KEY>'), ctx.env('DD_API_KEY', g.str(HEX, 40))],
  },
  'secrets/datadog/application-key': {
    flagged: [ctx.env('DD_APP_KEY', app), ctx.json('datadogApplicationKey', app)],
    clean: [ctx.env('DD_APP_KEY', g.str(HEX, 32)), ctx.env('DD_APP_KEY', '<app-key>'), ctx.env('APP_KEY', app)],
  },
};
