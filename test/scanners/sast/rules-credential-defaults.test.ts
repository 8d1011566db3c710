import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { hardcodedCredentials } from '../../../src/scanners/sast/rules/hardcoded-credentials.js';

function lines(source: string): number[] {
  const o = parseSource('a.js', source);
  if (!o.ok) throw new Error(o.message);
  return hardcodedCredentials.check(o.file, new ApiNames(o.file.program)).map((h) => o.file.lines.position(h.start).line).sort((a, b) => a - b);
}

/** Fallbacks to well-known defaults, and API_SECRET, are not excused as an outbound key's stand-in (written by us). */
describe('sast/js/hardcoded-credentials: well-known defaults and API_SECRET', () => {
  it('an outbound secret falling back to changeme / admin / secret is reported; a word-phrase stand-in is not', () => {
    expect(lines(`const settings = {
  githubSecret: process.env.GITHUB_CLIENT_SECRET || 'changeme',
  mailSecret: process.env.SENDGRID_SECRET ?? 'Change_Me',
  searchSecret: process.env.ALGOLIA_CLIENT_SECRET || 'admin',
  stripeSecret: process.env.STRIPE_SECRET || 'secret',
  slackToken: process.env.SLACK_API_KEY || 'set-in-production',
  stripeKey: process.env.STRIPE_SECRET ?? 'not-configured',
};
module.exports = settings;
`)).toEqual([2, 3, 4, 5]);
  });

  it('API_SECRET is the app own key: its stand-in is reported; API_KEY and API_CLIENT_SECRET stay outbound', () => {
    expect(lines(`const cfg = {
  apiSecret: process.env.API_SECRET || 'set-in-production',
  apiKey: process.env.PARTNER_API_KEY || 'set-in-production',
  clientSecret: process.env.API_CLIENT_SECRET || 'set-in-production',
};
module.exports = cfg;
`)).toEqual([2]);
  });
});
