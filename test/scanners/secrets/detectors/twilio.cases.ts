import type { FamilyCases } from '../detector-cases.js';
import { ALNUM, HEX, ctx, gen } from '../token-gen.js';

const g = gen('twilio');
const sid = `AC${g.str(HEX, 32)}`;
const token = g.str(HEX, 32);
const keySid = `SK${g.str(HEX, 32)}`;
const keySecret = g.str(ALNUM, 32);

export const cases: FamilyCases = {
  'secrets/twilio/auth-token': {
    flagged: [
      `TWILIO_ACCOUNT_SID=${sid}\nTWILIO_AUTH_TOKEN=${token}\n`,
      `from twilio.rest import Client\nclient = Client("${sid}", "${token}")\n`,
      `twilio:\n  authToken: '${token}'\n`,
    ],
    clean: [
      ctx.env('TWILIO_AUTH_TOKEN', g.str(HEX, 31)),
      ctx.env('TWILIO_AUTH_TOKEN', '<your-auth-token>'),
      `twilio docs\nclient = Client("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "your_auth_token")`,
      ctx.env('AUTH_TOKEN', token),
    ],
  },
  'secrets/twilio/api-key-secret': {
    flagged: [`TWILIO_API_KEY=${keySid}\nTWILIO_API_SECRET=${keySecret}\n`, `// twilio\nconst client = twilio("${keySid}", "${keySecret}", { accountSid });`],
    clean: [ctx.env('TWILIO_API_SECRET', g.str(ALNUM, 31)), ctx.env('TWILIO_API_SECRET', 'your_api_secret'), `twilio("SK${g.str(HEX, 31)}", "${keySecret}")`],
  },
};
