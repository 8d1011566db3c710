import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('mailjet');
const secret = g.str(HEX, 32);

export const cases: FamilyCases = {
  'secrets/mailjet/secret-key': {
    flagged: [ctx.env('MAILJET_API_SECRET', secret), `mailjet = Client(auth=(api_key, api_secret))\nMAILJET_SECRET_KEY = "${secret}"`],
    clean: [ctx.env('MAILJET_API_SECRET', g.str(HEX, 33)), ctx.env('MAILJET_API_KEY', g.str(HEX, 32)), ctx.env('MAILJET_API_SECRET', '<secret>')],
  },
};
