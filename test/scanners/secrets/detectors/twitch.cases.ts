import type { FamilyCases } from '../detector-cases.js';
import { LOWER_ALNUM, ctx, gen } from '../token-gen.js';

const g = gen('twitch');
const secret = g.str(LOWER_ALNUM, 30);
const chat = g.str(LOWER_ALNUM, 30);

export const cases: FamilyCases = {
  'secrets/twitch/client-secret': {
    flagged: [ctx.env('TWITCH_CLIENT_SECRET', secret), ctx.json('twitchClientSecret', secret)],
    clean: [ctx.env('TWITCH_CLIENT_SECRET', g.str(LOWER_ALNUM, 29)), ctx.env('TWITCH_CLIENT_ID', secret), ctx.env('TWITCH_CLIENT_SECRET', '<client-secret>')],
  },
  'secrets/twitch/chat-oauth-token': {
    flagged: [`# twitch bot\nPASS=oauth:${chat}\n`, `const opts = { identity: { username: 'bot', password: 'oauth:${chat}' } }; // twitch`],
    clean: [`# twitch\nPASS=oauth:${g.str(LOWER_ALNUM, 29)}`, `PASS=oauth:${chat}`, '# twitch\nPASS=oauth:<token>'],
  },
};
