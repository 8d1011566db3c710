import type { FamilyCases } from '../detector-cases.js';
import { B64URL, DIGITS, ctx, gen } from '../token-gen.js';

const g = gen('discord');
const botId = `1${g.str(DIGITS, 17)}`;
const first = Buffer.from(botId).toString('base64').replace(/=+$/, '');
const token = `${first}.${g.str(B64URL, 6)}.${g.str(B64URL, 38)}`;
const notSnowflake = `${Buffer.from('abcxyzqrstuvwmnopq').toString('base64').replace(/=+$/, '')}.${g.str(B64URL, 6)}.${g.str(B64URL, 38)}`;
const hook = `https://discord.com/api/webhooks/${botId}/${g.str(B64URL, 68)}`;

export const cases: FamilyCases = {
  'secrets/discord/bot-token': {
    flagged: [ctx.env('DISCORD_BOT_TOKEN', token), `const discord = require('discord.js');\nclient.login('${token}');`],
    clean: [
      `# discord\nTOKEN=${notSnowflake}`,
      `# discord\nTOKEN=${first}.${g.str(B64URL, 5)}.${g.str(B64URL, 38)}`,
      ctx.env('DISCORD_BOT_TOKEN', '<your-bot-token>'),
      `TOKEN=${token}`, // Discord not named in the file
    ],
  },
  'secrets/discord/webhook-url': {
    flagged: [ctx.env('DISCORD_WEBHOOK', hook), ctx.json('url', hook.replace('discord.com', 'discordapp.com'))],
    clean: [
      `https://discord.com/api/webhooks/${botId}/${g.str(B64URL, 30)}`,
      'https://discord.com/api/webhooks/<id>/<token>',
      `https://discord.com/api/webhooks/${g.str(DIGITS, 10)}/${g.str(B64URL, 68)}`,
    ],
  },
};
