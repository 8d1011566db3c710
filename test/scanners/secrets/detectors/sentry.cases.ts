import type { FamilyCases } from '../detector-cases.js';
import { B64, HEX, ctx, gen } from '../token-gen.js';

const g = gen('sentry');
const payload = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64').replace(/=+$/, '');
const org = `sntrys_${payload({ iat: 1717000000.5, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' })}_${g.str(B64, 43)}`;
const user = `sntryu_${g.str(HEX, 64)}`;
const legacy = g.str(HEX, 64);
const dsn = `https://${g.str(HEX, 32)}:${g.str(HEX, 32)}@o4507.ingest.sentry.io/4507123`;

export const cases: FamilyCases = {
  'secrets/sentry/org-auth-token': {
    flagged: [ctx.env('SENTRY_AUTH_TOKEN', org), `[auth]\ntoken=${org}\n`],
    clean: [
      `sntrys_${payload({ url: 'https://sentry.io', org: 'acme' })}_${g.str(B64, 43)}`,
      `sntrys_${payload({ iat: 1, org: 'acme' })}_${g.str(B64, 20)}`,
      'sntrys_<org-token>',
    ],
  },
  'secrets/sentry/user-auth-token': {
    flagged: [ctx.env('SENTRY_AUTH_TOKEN', user), ctx.header(user)],
    clean: [`sntryu_${g.str(HEX, 63)}`, `sntryu_${g.str(HEX, 64)}f0`, 'sntryu_YOUR_TOKEN_HERE'],
  },
  'secrets/sentry/legacy-auth-token': {
    flagged: [ctx.env('SENTRY_AUTH_TOKEN', legacy), `[defaults]\nurl=https://sentry.io/\n[auth]\n# sentry-cli\ntoken=${legacy}\n`],
    clean: [ctx.env('SENTRY_AUTH_TOKEN', g.str(HEX, 60)), ctx.env('SENTRY_AUTH_TOKEN', '<auth-token>'), ctx.env('GITHUB_TOKEN', legacy)],
  },
  'secrets/sentry/dsn-secret-key': {
    flagged: [ctx.env('SENTRY_DSN', dsn), `Sentry.init({ dsn: "${dsn.replace('o4507.ingest.sentry.io', 'sentry.corp.test:9000')}" });`],
    clean: [
      ctx.env('SENTRY_DSN', `https://${g.str(HEX, 32)}@o4507.ingest.sentry.io/4507123`),
      ctx.env('SENTRY_DSN', 'https://<key>:<secret>@sentry.io/<project>'),
      ctx.env('SENTRY_DSN', `https://${g.str(HEX, 32)}:${g.str(HEX, 20)}@sentry.io/1`),
    ],
  },
};
