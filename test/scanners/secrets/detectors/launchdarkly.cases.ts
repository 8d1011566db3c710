import type { FamilyCases } from '../detector-cases.js';
import { ctx, gen } from '../token-gen.js';

const g = gen('launchdarkly');
const sdk = `sdk-${g.uuid()}`;
const api = `api-${g.uuid()}`;

export const cases: FamilyCases = {
  'secrets/launchdarkly/sdk-key': {
    flagged: [ctx.env('LAUNCHDARKLY_SDK_KEY', sdk), `ldclient.set_config(Config("${sdk}"))`],
    clean: [`sdk-${g.uuid().slice(0, 35)}`, 'sdk-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', `mob-${g.uuid()}`, `my-sdk-${g.uuid()}`],
  },
  'secrets/launchdarkly/access-token': {
    flagged: [ctx.env('LAUNCHDARKLY_ACCESS_TOKEN', api), `# launchdarkly\ncurl -H "Authorization: ${api}" https://app.launchdarkly.com/api/v2/flags/default`],
    clean: [`LD_TOKEN=${api}`, `# launchdarkly\nTOKEN=api-${g.uuid().slice(0, 30)}`, '# launchdarkly\nTOKEN=api-<token>'],
  },
};
