import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, B64URL, ctx, gen } from '../token-gen.js';

const g = gen('openai');
const body = () => `${g.str(B64URL, 74)}T3BlbkFJ${g.str(B64URL, 74)}`;
const proj = `sk-proj-${body()}`;
const svc = `sk-svcacct-${body()}`;
const admin = `sk-admin-${body()}`;
const legacy = `sk-${g.str(ALNUM, 20)}T3BlbkFJ${g.str(ALNUM, 20)}`;

export const cases: FamilyCases = {
  'secrets/openai/project-api-key': {
    flagged: [ctx.env('OPENAI_API_KEY', proj), `client = OpenAI(api_key="${proj}")`],
    clean: [`sk-proj-${g.str(ALNUM, 30)}`, ctx.env('OPENAI_API_KEY', 'sk-proj-...'), ctx.env('OPENAI_API_KEY', `sk-proj-${'x'.repeat(60)}`), `task-proj-${body()}`],
  },
  'secrets/openai/service-account-key': {
    flagged: [ctx.env('OPENAI_API_KEY', svc), ctx.json('openaiKey', svc)],
    clean: [`sk-svcacct-${g.str(ALNUM, 20)}`, 'sk-svcacct-<service-account-key>', `sk-svcacct-${'A'.repeat(80)}`],
  },
  'secrets/openai/admin-key': {
    flagged: [ctx.env('OPENAI_ADMIN_KEY', admin), ctx.header(admin)],
    clean: [`sk-admin-${g.str(ALNUM, 30)}`, 'sk-admin-<admin-key>', `risk-admin-${body()}`],
  },
  'secrets/openai/user-api-key': {
    flagged: [ctx.env('OPENAI_API_KEY', legacy), `openai.api_key = '${legacy}'`],
    clean: [`sk-${g.str(ALNUM, 19)}T3BlbkFJ${g.str(ALNUM, 20)}`, `sk-${g.str(ALNUM, 48)}`, `sk-${g.str(ALNUM, 20)}T3BlbkFJ${g.str(ALNUM, 20)}${g.str(ALNUM, 5)}`],
  },
};
