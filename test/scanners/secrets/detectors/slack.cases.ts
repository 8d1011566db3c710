import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, DIGITS, HEX, UPPER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('slack');
const id = (n = 12) => `${1 + Math.floor(g.next() * 8)}${g.str(DIGITS, n - 1)}`;
const bot = `xoxb-${id()}-${id(13)}-${g.str(ALNUM, 24)}`;
const user = `xoxp-${id()}-${id()}-${id(13)}-${g.str(HEX, 32)}`;
const workspace = `xoxa-2-${id()}-${id()}-${id(13)}-${g.str(HEX, 64)}`;
const refresh = `xoxe-1-${g.str(ALNUM, 140)}`;
const refreshOld = `xoxr-${id()}-${id()}-${id(13)}-${g.str(HEX, 32)}`;
const session = `xoxc-${id()}-${id()}-${id(13)}-${g.str(HEX, 64)}`;
const config = `xoxe.xoxp-1-${g.str(ALNUM, 166)}`;
const app = `xapp-1-A${g.str(UPPER_ALNUM, 10)}-${id(13)}-${g.str(HEX, 64)}`;
const team = `T${g.str(UPPER_ALNUM, 10)}`;
const hook = `https://hooks.slack.com/services/${team}/B${g.str(UPPER_ALNUM, 10)}/${g.str(ALNUM, 24)}`;
const flow = `https://hooks.slack.com/triggers/${team}/A${g.str(UPPER_ALNUM, 10)}/${id(18)}/${g.str(HEX, 32)}`;

export const cases: FamilyCases = {
  'secrets/slack/bot-token': {
    flagged: [ctx.env('SLACK_BOT_TOKEN', bot), ctx.yaml('token', bot), `xoxb-${id()}-${g.str(ALNUM, 24)}`],
    clean: [
      `xoxb-${id()}-${id(13)}-${g.str(ALNUM, 23)}`,
      'SLACK_BOT_TOKEN=xoxb-your-bot-token',
      `xoxb-${id()}-${id(13)}-${'x'.repeat(24)}`,
      `${bot}Q`,
    ],
  },
  'secrets/slack/user-token': {
    flagged: [ctx.env('SLACK_USER_TOKEN', user), ctx.json('token', user)],
    clean: [`xoxp-${id()}-${id()}-${id(13)}-${g.str(HEX, 31)}`, 'xoxp-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', `xoxp-${id()}-${g.str(HEX, 32)}`],
  },
  'secrets/slack/workspace-token': {
    flagged: [ctx.env('SLACK_TOKEN', workspace), ctx.code('token', `xoxa-${id()}-${id()}-${id(13)}-${g.str(HEX, 32)}`)],
    clean: [`xoxa-2-${id()}-${g.str(HEX, 64)}`, 'xoxa-<workspace-token>', `xoxa-2-${id()}-${id()}-${id(13)}-${g.str(HEX, 20)}`],
  },
  'secrets/slack/refresh-token': {
    flagged: [ctx.env('SLACK_REFRESH_TOKEN', refresh), ctx.json('refresh_token', refreshOld)],
    clean: [`xoxe-1-${g.str(ALNUM, 60)}`, 'xoxe-1-<refresh-token>', `xoxr-${g.str(HEX, 32)}`],
  },
  'secrets/slack/session-token': {
    flagged: [ctx.env('SLACK_XOXC', session), `token=${`xoxs-${id()}-${id()}-${id(13)}-${g.str(HEX, 64)}`}&channel=C1`],
    clean: [`xoxc-${id()}-${id()}-${id(13)}-${g.str(HEX, 63)}`, 'xoxc-...', `xoxc-${g.str(HEX, 64)}`],
  },
  'secrets/slack/config-token': {
    flagged: [ctx.env('SLACK_CONFIG_TOKEN', config), ctx.yaml('config_token', `xoxe.xoxb-1-${g.str(ALNUM, 150)}`)],
    clean: [`xoxe.xoxp-1-${g.str(ALNUM, 60)}`, 'xoxe.xoxp-1-<config-token>', `xoxe.xoxa-1-${g.str(ALNUM, 166)}`],
  },
  'secrets/slack/app-token': {
    flagged: [ctx.env('SLACK_APP_TOKEN', app), `app = App(token=bot_token, app_token="${app}")`],
    clean: [`xapp-1-A${g.str(UPPER_ALNUM, 10)}-${id(13)}-${g.str(HEX, 63)}`, 'xapp-1-XXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', `xapp-${g.str(HEX, 64)}`],
  },
  'secrets/slack/incoming-webhook': {
    flagged: [ctx.env('SLACK_WEBHOOK_URL', hook), `curl -X POST -d '{"text":"deployed"}' ${hook}`],
    clean: [
      'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
      `https://hooks.slack.com/services/${team}/B${g.str(UPPER_ALNUM, 10)}/${g.str(ALNUM, 12)}`,
      'https://hooks.slack.com/services/<team>/<channel>/<token>',
      `https://hooks.slack.com/services/${team.toLowerCase()}/b${g.str(HEX, 10)}/${g.str(ALNUM, 24)}`,
    ],
  },
  'secrets/slack/workflow-webhook': {
    flagged: [ctx.env('SLACK_WORKFLOW_URL', flow), ctx.json('webhook', flow.replace('/triggers/', '/workflows/'))],
    clean: [`https://hooks.slack.com/triggers/${team}/A${g.str(UPPER_ALNUM, 10)}/${id(18)}/${g.str(HEX, 20)}`, 'https://hooks.slack.com/triggers/TXXXXXXXX/AXXXXXXXX/000000000000000000/xxxxxxxx', hook],
  },
};
