/**
 * The whole of `process.env` sent to the client (`res.json({ env: process.env })`, a debug
 * route): every secret the process was started with (database URLs, API keys, signing secrets)
 * goes out at once. One variable read by name (`process.env.PORT`) is not this; a
 * development-only branch is clean, as for stack traces.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type N, factsOf, hitAt } from './ast-facts.js';
import { walk } from '../parse/walk.js';
import { judge } from './stack-trace-exposure.js';

export const environmentExposure: AstRule = {
  meta: {
    id: 'sast/js/environment-exposure',
    title: 'All environment variables sent to the client',
    severity: 'high',
    cwe: [200, 526],
    description:
      'The whole process.env object is sent in a response. It holds every secret the process was started with ' +
      '(database URLs with passwords, API keys, signing secrets), so one request reads them all.',
    remediation: 'Remove the route, or send only the few non-secret values the client needs, named one by one.',
    references: ['https://cwe.mitre.org/data/definitions/526.html'],
  },
  check(file, api) {
    if (!file.source.includes('process.env')) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    walk(file.program as N, (child) => {
      const n = child as N;
      if (n.type !== 'MemberExpression' || memberName(n) !== 'env') return true;
      const o = unwrap(n.object as N);
      if (o.type !== 'Identifier' || o.name !== 'process') return true;
      // process.env.X / process.env[x] reads one variable.
      const p = f.parent.get(n);
      if (p && p.type === 'MemberExpression' && p.object === n) return false;
      const v = judge(n, f);
      if (v.kind === 'sink') out.push(hitAt(n, 'every environment variable (secrets included) is sent to the client; send only the values it needs'));
      return false;
    });
    return out;
  },
};
