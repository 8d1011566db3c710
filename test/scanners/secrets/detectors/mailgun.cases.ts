import type { FamilyCases } from '../detector-cases.js';
import { HEX, ctx, gen } from '../token-gen.js';

const g = gen('mailgun');
const legacy = `key-${g.str(HEX, 32)}`;
const modern = `${g.str(HEX, 32)}-${g.str(HEX, 8)}-${g.str(HEX, 8)}`;
const signing = g.str(HEX, 32);

export const cases: FamilyCases = {
  'secrets/mailgun/legacy-api-key': {
    flagged: [ctx.env('MAILGUN_API_KEY', legacy), `mailgun:\n  api_key: "${legacy}"\n`],
    clean: [`MAILGUN_PUBLIC_KEY=pub${legacy}`, ctx.env('MAILGUN_API_KEY', `key-${g.str(HEX, 31)}`), ctx.env('MAILGUN_API_KEY', 'key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), `cache-key-${g.str(HEX, 32)}`],
  },
  'secrets/mailgun/api-key': {
    flagged: [ctx.env('MAILGUN_API_KEY', modern), `const mg = mailgun.client({ username: 'api', key: '${modern}' });`],
    clean: [ctx.env('MAILGUN_API_KEY', `${g.str(HEX, 32)}-${g.str(HEX, 8)}`), `# mailgun\nid=${g.uuid()}`, ctx.env('MAILGUN_API_KEY', '<private-api-key>')],
  },
  'secrets/mailgun/webhook-signing-key': {
    flagged: [ctx.env('MAILGUN_WEBHOOK_SIGNING_KEY', signing), ctx.json('mailgunSigningKey', signing)],
    clean: [ctx.env('MAILGUN_WEBHOOK_SIGNING_KEY', g.str(HEX, 30)), ctx.env('MAILGUN_SIGNING_KEY', '<signing-key>'), ctx.env('WEBHOOK_SIGNING_KEY', signing)],
  },
};
