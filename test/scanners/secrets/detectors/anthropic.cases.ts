import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('anthropic');
const api = `sk-ant-api03-${g.str(B64URL, 93)}AA`;
const admin = `sk-ant-admin01-${g.str(B64URL, 93)}AA`;
const oat = `sk-ant-oat01-${g.str(B64URL, 93)}AA`;

export const cases: FamilyCases = {
  'secrets/anthropic/api-key': {
    flagged: [ctx.env('ANTHROPIC_API_KEY', api), `client = anthropic.Anthropic(api_key="${api}")`],
    clean: [`sk-ant-api03-${g.str(B64URL, 92)}AA`, `sk-ant-api03-${g.str(B64URL, 93)}AB`, ctx.env('ANTHROPIC_API_KEY', 'sk-ant-api03-...'), `sk-ant-api02-${g.str(B64URL, 93)}AA`],
  },
  'secrets/anthropic/admin-key': {
    flagged: [ctx.env('ANTHROPIC_ADMIN_KEY', admin), ctx.header(admin)],
    clean: [`sk-ant-admin01-${g.str(B64URL, 50)}AA`, 'sk-ant-admin01-<admin-key>', api],
  },
  'secrets/anthropic/oauth-token': {
    flagged: [ctx.env('CLAUDE_CODE_OAUTH_TOKEN', oat), ctx.json('accessToken', oat)],
    clean: [`sk-ant-oat01-${g.str(B64URL, 40)}`, 'sk-ant-oat01-<token>', `sk-ant-oat01-${'x'.repeat(100)}`],
  },
};
