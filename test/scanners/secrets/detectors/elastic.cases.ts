import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('elastic');
const enc = Buffer.from(`${g.str(B64URL, 20)}:${g.str(B64URL, 22)}`).toString('base64');

export const cases: FamilyCases = {
  'secrets/elastic/api-key': {
    flagged: [ctx.env('ELASTIC_API_KEY', enc), `curl -H "Authorization: ApiKey ${enc}" https://es.corp.test:9200/_cat/indices`],
    clean: [
      ctx.env('ELASTIC_API_KEY', Buffer.from(`${g.str(B64URL, 20)}-${g.str(B64URL, 22)}`).toString('base64')),
      ctx.env('ELASTIC_API_KEY', '<encoded-api-key>'),
      ctx.env('API_KEY', enc),
    ],
  },
};
