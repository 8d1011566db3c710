import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, HEXU, ctx, gen } from '../token-gen.js';

const g = gen('atlassian');
const token = `ATATT3xFfGF0${g.str(B64URL, 170)}=${g.str(HEXU, 8)}`;
const legacy = g.str(ALNUM, 24);

export const cases: FamilyCases = {
  'secrets/atlassian/api-token': {
    flagged: [ctx.env('JIRA_API_TOKEN', token), `curl -u me@corp.test:${token} https://corp.atlassian.net/rest/api/3/myself`],
    clean: [`ATATT3${g.str(B64URL, 60)}`, 'ATATT3<your-api-token>', `ATATT3${'x'.repeat(180)}`],
  },
  'secrets/atlassian/legacy-api-token': {
    flagged: [ctx.env('JIRA_API_TOKEN', legacy), `confluence:\n  url: https://corp.atlassian.net/wiki\n  token: ${legacy}\n`],
    clean: [ctx.env('JIRA_API_TOKEN', g.str(ALNUM, 23)), ctx.env('JIRA_API_TOKEN', 'JiraApiTokenGoesHereNow'), ctx.env('API_TOKEN', legacy)],
  },
};
