/**
 * An HTTP client that follows a redirect by pointing the same request options at the Location
 * header and sending them again (`opts.url = res.headers.location; return get(opts, cb)`), in a
 * function that never drops the Authorization or Cookie header: a redirect to another host hands
 * that host the caller's credentials (simple-get < 4.0.1, phin < 3.7.1, follow-redirects and
 * node-fetch had this shape). Reported at the call that re-sends the options.
 * Clean: a function that deletes the authorization/cookie headers or sets them to undefined/null
 * (merely reading set-cookie or setting Authorization is not it), or compares the new host, and redirects handed to a library that does (fetch, axios, got).
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsWithin, enclosingFunction, factsOf, hitAt, namesIn } from './ast-facts.js';
import { walk } from '../parse/walk.js';

const URL_FIELDS = new Set(['url', 'href', 'uri']);
/** A host comparison guarding the re-send. */
const HOST_CHECK = /sameHost|isSameOrigin|\.(?:host(?:name)?|origin)\s*[!=]==?|[!=]==?\s*[\w.]+\.(?:host(?:name)?|origin)\b/i;
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie)$/i;

/** Does the function delete the credential headers, or set them to undefined / null / ''? */
function strips(fn: N, f: FileFacts): boolean {
  let found = false;
  walk(fn.body as N, (child) => {
    const x = child as N;
    if (x.type === 'UnaryExpression' && x.operator === 'delete' && CREDENTIAL_HEADER.test(memberName(unwrap(x.argument as N)) ?? '')) found = true;
    if (x.type === 'AssignmentExpression' && x.operator === '=' && CREDENTIAL_HEADER.test(memberName(unwrap(x.left as N)) ?? '')) {
      const r = unwrap(x.right as N);
      if ((r.type === 'Identifier' && r.name === 'undefined') || (r.type === 'Literal' && (r.value === null || r.value === ''))) found = true;
    }
    return !found;
  });
  return found || callsWithin(fn, f).some((c) => ['removeHeader', 'delete', 'omit'].includes(c.name ?? '')
    && (c.node.arguments as N[]).some((a) => CREDENTIAL_HEADER.test(String(unwrap(a).value ?? ''))));
}

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
      if (!fn || HOST_CHECK.test(file.source.slice(fn.start, fn.end)) || strips(fn, f)) continue;
      const again = callsWithin(fn, f).find((c) => c.node.start > a.end
        && (c.node.arguments as N[]).some((x) => { const u = unwrap(x); return u.type === 'Identifier' && u.name === obj.name; }));
      if (again) out.push(hitAt(again.node, `the request options '${obj.name}' are sent again to the redirect's Location with their headers: another host receives the Authorization and Cookie headers; drop them when the host changes`));
    }
    return out;
  },
};
