import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('brevo');
const api = `xkeysib-${g.str(HEX, 64)}-${g.str(ALNUM, 16)}`;
const smtp = `xsmtpsib-${g.str(HEX, 64)}-${g.str(ALNUM, 16)}`;

export const cases: FamilyCases = {
  'secrets/brevo/api-key': {
    flagged: [ctx.env('BREVO_API_KEY', api), ctx.json('apiKey', api)],
    clean: [`xkeysib-${g.str(HEX, 63)}-${g.str(ALNUM, 16)}`, `xkeysib-${g.str(HEX, 64)}`, 'xkeysib-<api-key>'],
  },
  'secrets/brevo/smtp-key': {
    flagged: [ctx.env('SMTP_PASSWORD', smtp), ctx.yaml('smtp_key', smtp)],
    clean: [`xsmtpsib-${g.str(HEX, 64)}-${g.str(ALNUM, 15)}`, 'xsmtpsib-<smtp-key>', api],
  },
};
