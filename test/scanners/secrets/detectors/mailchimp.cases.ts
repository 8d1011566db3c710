import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('mailchimp');
const key = `${g.str(HEX, 32)}-us12`;

export const cases: FamilyCases = {
  'secrets/mailchimp/api-key': {
    flagged: [ctx.env('MAILCHIMP_API_KEY', key), ctx.json('apiKey', `${g.str(HEX, 32)}-us6`)],
    clean: [`${g.str(HEX, 31)}-us12`, `${g.str(HEX, 32)}-eu1`, ctx.env('MAILCHIMP_API_KEY', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-us1'), `<html lang="en-us1">`],
  },
};
