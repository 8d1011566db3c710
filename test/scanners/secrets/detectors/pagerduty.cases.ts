import type { FamilyCases } from '../detector-cases.js';
import { B64URL, ctx, gen } from '../token-gen.js';

const g = gen('pagerduty');
const mixed = (): string => {
  for (;;) {
    const s = `u+${g.str(B64URL, 18)}`;
    if (/[A-Z]/.test(s) && /[a-z]/.test(s)) return s;
  }
};
const k = mixed();

export const cases: FamilyCases = {
  'secrets/pagerduty/api-key': {
    flagged: [ctx.env('PAGERDUTY_API_KEY', k), `pagerduty:\n  token: "${mixed()}"\n`],
    clean: [ctx.env('PAGERDUTY_API_KEY', mixed().slice(0, 19)), ctx.env('PAGERDUTY_API_KEY', '<your-api-key>'), ctx.env('PAGERDUTY_TOKEN', 'PagerDutyTokenGoesIn'), ctx.env('API_KEY', k)],
  },
};
