/**
 * An HTTP client that follows a redirect by pointing the same request options at the Location
 * header and sending them again (`opts.url = res.headers.location; return get(opts, cb)`), in a
 * function that never drops the Authorization or Cookie header: a redirect to another host hands
 * that host the caller's credentials (simple-get < 4.0.1, phin < 3.7.1, follow-redirects and
 * node-fetch had this shape). Reported at the call that re-sends the options.
 * Clean: a function that deletes or rewrites authorization/cookie headers (or compares the new host)
 * before re-sending, and redirects handed to a library that does (fetch, axios, got).
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type N, callsWithin, enclosingFunction, factsOf, hitAt, namesIn } from './ast-facts.js';

const URL_FIELDS = new Set(['url', 'href', 'uri']);
/** A function that mentions these handles credentials on redirect (strips them or checks the host). */
const STRIPS = /authorization|cookie|sameHost|isSameOrigin|\.host(?:name)?\s*!==?|!==?\s*\w+\.host(?:name)?\b/i;

export const redirectCredentialLeak: AstRule = {
  meta: {
    id: 'sast/js/redirect-credential-leak',
    title: 'Credentials re-sent to the host a redirect names',
    severity: 'medium',
    cwe: [200, 522],
    description:
      'On a 3xx answer the request options are pointed at the Location header and sent again unchanged, headers ' +
      'included. When the redirect goes to another host (a compromised or malicious server, an open redirect on the ' +
      'first one), that host receives the caller\'s Authorization and Cookie headers.',
    remediation:
      'Before following a redirect to a different host (or scheme), delete Authorization, Cookie and ' +
      'Proxy-Authorization from the options, as browsers and fetch do.',
    references: ['https://cwe.mitre.org/data/definitions/200.html', 'https://github.com/advisories/GHSA-wpg7-2c88-r8xv'],
  },
  check(file, api) {
    if (!/location/i.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    for (const a of f.assignments) {
      if (a.operator !== '=') continue;
      const left = unwrap(a.left as N);
      if (left.type !== 'MemberExpression' || !URL_FIELDS.has(memberName(left) ?? '')) continue;
      const obj = unwrap(left.object as N);
      if (obj.type !== 'Identifier') continue;
      const names = namesIn(a.right as N, 60);
      const lit = /['"`]location['"`]/i.test(file.source.slice((a.right as N).start, (a.right as N).end));
      if (!names.includes('headers') || !(names.includes('location') || lit)) continue;
      const fn = enclosingFunction(a, f);
      if (!fn || STRIPS.test(file.source.slice(fn.start, fn.end))) continue;
      const again = callsWithin(fn, f).find((c) => c.node.start > a.end
        && (c.node.arguments as N[]).some((x) => { const u = unwrap(x); return u.type === 'Identifier' && u.name === obj.name; }));
      if (again) out.push(hitAt(again.node, `the request options '${obj.name}' are sent again to the redirect's Location with their headers: another host receives the Authorization and Cookie headers; drop them when the host changes`));
    }
    return out;
  },
};
