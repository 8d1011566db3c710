/**
 * An HTTP client that follows a redirect and sends the caller's credentials to the host the
 * Location header names. Three shapes, all in a function that handles the redirect:
 * - the same request options pointed at the Location header and sent again
 *   (`opts.url = res.headers.location; return get(opts, cb)`: simple-get < 4.0.1, phin < 3.7.1),
 *   reported at the call that re-sends them;
 * - the next request's headers copied from the previous request's (`headers: new
 *   Headers(request.headers)`: node-fetch < 2.6.7), reported at the copy;
 * - only one of Authorization and Cookie dropped (`removeMatchingHeaders(/^authorization$/i, …)`:
 *   follow-redirects < 1.14.7 still sent the Cookie), reported at the drop.
 * Clean: a function that drops both Authorization and Cookie (delete, set to undefined/null/'',
 * removeHeader/omit, a remover given a regex or a loop over a list naming them), or that compares
 * the new host and drops neither (it refuses to follow), and redirects handed to a library that
 * does (fetch, axios, got).
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, callsWithin, enclosingFunction, factsOf, hitAt, lastName, namesIn } from './ast-facts.js';
import { walk } from '../parse/walk.js';

const URL_FIELDS = new Set(['url', 'href', 'uri']);
/** A host comparison guarding the re-send. */
const HOST_CHECK = /sameHost|isSameOrigin|\.(?:host(?:name)?|origin)\s*[!=]==?|[!=]==?\s*[\w.]+\.(?:host(?:name)?|origin)\b/i;
const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|cookie)$/i;
/** Calls that drop the headers they are given: removeHeader, delete, omit, a project's removeMatchingHeaders. */
const DROPPER = /^(?:removeHeader|delete|omit|unset)$|remove|strip|drop|clear/i;
/** A regex literal a dropper is given, tried on the header names only when it is this short. */
const MAX_REGEX = 200;
/** A Location header read: `headers.get('Location')`, `res.headers.location`, `headers['location']`. */
const LOCATION_READ = /\.location\b|\[\s*['"`]location['"`]\s*\]|\.get\(\s*['"`]location['"`]\s*\)/i;

/** Which credential headers a name, literal or regex literal covers. */
function covered(node: N | undefined, out: Set<string>): void {
  if (!node) return;
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'string') {
    if (CREDENTIAL_HEADER.test(n.value)) out.add(n.value.toLowerCase() === 'cookie' ? 'cookie' : 'authorization');
    return;
  }
  const re = n.type === 'Literal' ? (n as N).regex as { pattern: string; flags: string } | undefined : undefined;
  if (!re || re.pattern.length > MAX_REGEX) return;
  let r: RegExp;
  try {
    r = new RegExp(re.pattern, re.flags.replace(/[gy]/g, ''));
  } catch {
    return;
  }
  // Fixed short inputs: the pattern cannot run long on them.
  if (r.test('authorization') || r.test('Authorization')) out.add('authorization');
  if (r.test('cookie') || r.test('Cookie')) out.add('cookie');
}

/** The literals of `for (const name of ['authorization', 'cookie'])` when `id` is its loop variable. */
function loopList(id: N, f: FileFacts): N[] {
  for (let p = f.parent.get(id), i = 0; p && i < 30; p = f.parent.get(p), i++) {
    if (p.type !== 'ForOfStatement') continue;
    const left = p.left.type === 'VariableDeclaration' ? p.left.declarations[0]?.id : p.left;
    const right = unwrap(p.right as N);
    if (left?.type === 'Identifier' && left.name === id.name && right.type === 'ArrayExpression') return (right.elements as (N | null)[]).filter((e): e is N => !!e);
  }
  return [];
}

/** The credential headers a dropper call names in its arguments (literals, regexes, a for-of loop variable). */
function droppedByCall(call: N, f: FileFacts): Set<string> {
  const one = new Set<string>();
  for (const a of call.arguments as N[]) {
    const u = unwrap(a);
    if (u.type === 'Identifier') for (const e of loopList(u, f)) covered(e, one);
    else covered(u, one);
  }
  return one;
}

interface Drops {
  headers: Set<string>;
  /** Where each drop is written. */
  at: N[];
}

/** The credential headers the function drops, and where. */
function drops(fn: N, f: FileFacts): Drops {
  const d: Drops = { headers: new Set(), at: [] };
  const note = (node: N, names: Set<string>): void => {
    if (names.size === 0) return;
    for (const h of names) d.headers.add(h);
    d.at.push(node);
  };
  walk(fn.body as N, (child) => {
    const x = child as N;
    const one = new Set<string>();
    if (x.type === 'UnaryExpression' && x.operator === 'delete') {
      const m = memberName(unwrap(x.argument as N));
      if (m !== undefined) covered({ type: 'Literal', value: m } as N, one);
      note(x, one);
    }
    if (x.type === 'AssignmentExpression' && x.operator === '=') {
      const m = memberName(unwrap(x.left as N));
      const r = unwrap(x.right as N);
      if (m !== undefined && ((r.type === 'Identifier' && r.name === 'undefined') || (r.type === 'Literal' && (r.value === null || r.value === '')))) {
        covered({ type: 'Literal', value: m } as N, one);
        note(x, one);
      }
    }
    return true;
  });
  for (const c of callsWithin(fn, f)) {
    if (!DROPPER.test(c.name ?? '')) continue;
    const one = droppedByCall(c.node, f);
    note(c.node, one);
  }
  return d;
}

/** The functions around a drop of a credential header (a dropper call naming one, a delete, a blanking write). */
function droppingFunctions(root: N, f: FileFacts): Set<N> {
  const out = new Set<N>();
  const add = (n: N): void => {
    const fn = enclosingFunction(n, f);
    if (fn) out.add(fn);
  };
  for (const c of f.calls) {
    if (!DROPPER.test(c.name ?? '')) continue;
    const one = droppedByCall(c.node, f);
    if (one.size > 0) add(c.node);
  }
  walk(root, (child) => {
    const x = child as N;
    const target = x.type === 'UnaryExpression' && x.operator === 'delete' ? x.argument
      : x.type === 'AssignmentExpression' && x.operator === '=' ? x.left : undefined;
    if (target && CREDENTIAL_HEADER.test(memberName(unwrap(target as N)) ?? '')) add(x);
    return true;
  });
  return out;
}

/** Both Authorization and Cookie dropped. */
const dropsBoth = (d: Drops): boolean => d.headers.has('authorization') && d.headers.has('cookie');

/** `new Headers(x.headers)`, `x.headers`, `{ ...x.headers }`, `Object.assign({}, x.headers)` of a request (not a response). */
function copiedHeaders(value: N): string | undefined {
  let v = unwrap(value);
  if ((v.type === 'NewExpression' && lastName(v.callee as N) === 'Headers') || (v.type === 'CallExpression' && lastName(v.callee as N) === 'assign')) {
    const args = (v.arguments as N[]).map((a) => unwrap(a)).filter((a) => a.type !== 'ObjectExpression' || (a.properties as N[]).length > 0);
    if (args.length !== 1) return undefined;
    v = args[0]!;
  } else if (v.type === 'ObjectExpression') {
    const props = v.properties as N[];
    if (props.length !== 1 || props[0]!.type !== 'SpreadElement') return undefined;
    v = unwrap(props[0]!.argument as N);
  }
  if (v.type !== 'MemberExpression' || memberName(v) !== 'headers') return undefined;
  const owner = lastName(unwrap(v.object as N));
  if (owner === undefined || /^(?:res|resp|response|reply|incoming|message|msg)$/i.test(owner)) return undefined;
  return owner;
}

export const redirectCredentialLeak: AstRule = {
  meta: {
    id: 'sast/js/redirect-credential-leak',
    title: 'Credentials re-sent to the host a redirect names',
    severity: 'medium',
    cwe: [200, 522],
    description:
      'On a 3xx answer the next request is sent to the Location header with the previous request\'s headers, or with ' +
      'only one of Authorization and Cookie removed. When the redirect goes to another host (a compromised or malicious ' +
      'server, an open redirect on the first one), that host receives the caller\'s Authorization or Cookie header.',
    remediation:
      'Before following a redirect to a different host (or scheme), delete Authorization, Cookie and ' +
      'Proxy-Authorization from the options, as browsers and fetch do.',
    references: ['https://cwe.mitre.org/data/definitions/200.html', 'https://github.com/advisories/GHSA-wpg7-2c88-r8xv'],
  },
  check(file, api) {
    if (!/location/i.test(file.source)) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    const judged = new Map<N, Drops>();
    const dropsOf = (fn: N): Drops => {
      let d = judged.get(fn);
      if (!d) judged.set(fn, (d = drops(fn, f)));
      return d;
    };
    // 1. The same options pointed at the Location and sent again.
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
      if (!fn) continue;
      const d = dropsOf(fn);
      if (dropsBoth(d) || (d.headers.size === 0 && HOST_CHECK.test(file.source.slice(fn.start, fn.end)))) continue;
      const again = callsWithin(fn, f).find((c) => c.node.start > a.end
        && (c.node.arguments as N[]).some((x) => { const u = unwrap(x); return u.type === 'Identifier' && u.name === obj.name; }));
      if (again) out.push(hitAt(again.node, `the request options '${obj.name}' are sent again to the redirect's Location with their headers: another host receives the Authorization and Cookie headers; drop them when the host changes`));
    }
    // 2. The next request's headers copied from the previous one, in a function that reads the Location.
    for (const p of f.propsByKey.get('headers') ?? []) {
      const owner = copiedHeaders(p.value as N);
      if (!owner) continue;
      const fn = enclosingFunction(p, f);
      if (!fn) continue;
      const text = file.source.slice(fn.start, fn.end);
      if (!/redirect/i.test(text) || !LOCATION_READ.test(text) || dropsBoth(dropsOf(fn))) continue;
      out.push(hitAt(p, `the redirected request copies every header of '${owner}', Authorization and Cookie included, whatever host the Location names; drop them when the host changes`));
    }
    // 3. Only one of the two credential headers dropped on a redirect: the functions that drop one.
    if (/redirect/i.test(file.source) && /authorization|cookie/i.test(file.source)) {
      for (const fn of droppingFunctions(file.program as N, f)) {
        const d = dropsOf(fn);
        if (d.headers.size !== 1) continue;
        const text = file.source.slice(fn.start, fn.end);
        if (!/redirect/i.test(text) || !/location/i.test(text)) continue;
        const left = d.headers.has('cookie') ? 'Authorization' : 'Cookie';
        for (const at of d.at) out.push(hitAt(at, `a redirect drops only one credential header: the ${left} header still goes to the new host; drop Authorization and Cookie together`));
      }
    }
    return out;
  },
};
