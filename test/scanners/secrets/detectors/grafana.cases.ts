import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('grafana');
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64');
const glc = `glc_${b64({ o: '812345', n: 'ci-writer', k: g.str(ALNUM, 24), m: { r: 'prod-us-east-0' } })}`;
const glsa = `glsa_${g.str(ALNUM, 32)}_${g.str(HEX, 8)}`;
const legacy = b64({ k: g.str(ALNUM, 32), n: 'deploy', id: 1 });

export const cases: FamilyCases = {
  'secrets/grafana/cloud-access-policy-token': {
    flagged: [ctx.env('GRAFANA_CLOUD_TOKEN', glc), ctx.yaml('password', glc)],
    clean: [`glc_${b64({ name: 'x', value: g.str(ALNUM, 24) })}`, 'glc_<token>', `glc_${g.str(ALNUM, 60)}`],
  },
  'secrets/grafana/service-account-token': {
    flagged: [ctx.env('GRAFANA_TOKEN', glsa), ctx.header(glsa)],
    clean: [`glsa_${g.str(ALNUM, 31)}_${g.str(HEX, 8)}`, `glsa_${g.str(ALNUM, 32)}_${g.str(HEX, 7)}`, 'glsa_<token>'],
  },
  'secrets/grafana/legacy-api-key': {
    flagged: [ctx.env('GRAFANA_API_KEY', legacy), ctx.header(legacy)],
    clean: [b64({ k: g.str(ALNUM, 32), x: 'deploy' }), 'eyJrIjoi<api-key>', `eyJrIjoi${g.str(ALNUM, 20)}`],
  },
};
