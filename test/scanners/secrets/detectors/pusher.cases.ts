import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('pusher');
const secret = g.str(HEX, 20);

export const cases: FamilyCases = {
  'secrets/pusher/app-secret': {
    flagged: [ctx.env('PUSHER_APP_SECRET', secret), `pusher:\n  app_id: "1234"\n  secret: "${secret}"\n`],
    clean: [ctx.env('PUSHER_APP_SECRET', g.str(HEX, 19)), ctx.env('PUSHER_APP_KEY', g.str(HEX, 20)), ctx.env('PUSHER_APP_SECRET', '<app-secret>')],
  },
};
