/**
 * CORS that lets any site read credentialed responses: `credentials: true` together with an
 * origin of `true`, `'*'`, a callback that approves every origin, or the request's own Origin
 * header reflected back (in cors options or in hand-written Access-Control-* headers) without an
 * allow-list check in the same function.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import {
  type FileFacts, type N, boolValue, callsNamed, constString, enclosingFunction, factsOf, hitAt, isFunction, keyName, namesIn,
  propNode, propValue, propsKeyed, resolve, stringValue,
} from './ast-facts.js';
import { walk } from '../parse/walk.js';

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

/** `req.headers.origin`, `req.get('origin')`, `req.header('Origin')`, or a variable holding one. */
function reflectsOrigin(node: N | undefined, f: FileFacts, depth = 0): boolean {
  const n = resolve(node, f);
  if (depth > 8) return false;
  if (!n) return false;
  if (n.type === 'MemberExpression') return memberName(n)?.toLowerCase() === 'origin';
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    const m = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
    return !!m && ['get', 'header', 'getheader', 'headers.get'].includes(m.toLowerCase()) && stringValue(n.arguments[0] as N)?.toLowerCase() === 'origin';
  }
  if (n.type === 'LogicalExpression') return reflectsOrigin(n.left, f, depth + 1);
  return false;
}

/** `(origin, cb) => cb(null, true)` with no condition: every origin approved. */
function approvesAll(node: N | undefined): boolean {
  const fn = node ? unwrap(node) : undefined;
  if (!fn || !isFunction(fn) || fn.params.length < 2) return false;
  const cb = fn.params[1] as N;
  if (cb.type !== 'Identifier') return false;
  let body = fn.body as N;
  if (body.type === 'BlockStatement') {
    const stmts = body.body as N[];
    if (stmts.length !== 1) return false;
    const s0 = stmts[0]!;
    const inner = (s0.type === 'ExpressionStatement' ? s0.expression : s0.type === 'ReturnStatement' ? s0.argument : undefined) as N | undefined;
    if (!inner) return false;
    body = inner;
  }
  const call = unwrap(body);
  if (call.type !== 'CallExpression' || unwrap(call.callee).type !== 'Identifier' || unwrap(call.callee).name !== cb.name) return false;
  const [err, ok] = call.arguments as N[];
  if (!err || !ok || !(unwrap(err).type === 'Literal' && unwrap(err).value === null)) return false;
  const o = unwrap(ok);
  return boolValue(o) === true || (o.type === 'Identifier' && fn.params[0]?.type === 'Identifier' && o.name === (fn.params[0] as N).name);
}

function wildcardOrigin(node: N | undefined, f: FileFacts): string | undefined {
  if (!node) return undefined;
  const v = unwrap(node);
  if (boolValue(v) === true) return 'origin: true reflects every origin';
  if (constString(v, f) === '*') return "origin '*'";
  if (v.type === 'Literal' && (v as N).regex && ((v as N).regex.pattern === '.*' || (v as N).regex.pattern === '^.*$')) return 'origin /.*/ matches every origin';
  if (approvesAll(v)) return 'the origin callback approves every origin';
  if (reflectsOrigin(v, f)) return 'the request Origin is reflected';
  return undefined;
}

/** Does the function test the Origin anywhere (an allow-list check)? */
function checksOrigin(fn: N | undefined): boolean {
  if (!fn) return false;
  let found = false;
  walk(fn.body as N, (child) => {
    if (found) return false;
    const c = child as N;
    const test = c.type === 'IfStatement' || c.type === 'ConditionalExpression' ? c.test : c.type === 'SwitchStatement' ? c.discriminant : undefined;
    if (test && namesIn(test, 60).some((n) => /origin/i.test(n))) found = true;
    return true;
  });
  return found;
}

const HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append', 'setHeaders']);

export const permissiveCors: AstRule = {
  meta: {
    id: 'sast/js/permissive-cors',
    title: 'CORS allows any origin with credentials',
    severity: 'high',
    cwe: [942, 346],
    description:
      'The server answers credentialed cross-origin requests for any origin (origin: true, a callback approving every ' +
      'origin, or the request\'s Origin reflected) with Access-Control-Allow-Credentials: true, so any web site a user ' +
      'visits can call the API with their cookies and read the responses.',
    remediation:
      'Allow a fixed list of trusted origins (origin: [\'https://app.example.com\']) or check the Origin against an ' +
      'allow-list before echoing it; keep credentials off for public APIs.',
    references: ['https://cwe.mitre.org/data/definitions/942.html', 'https://github.com/expressjs/cors#configuration-options'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    const parentsSeen = new Set<N>();
    const credentialKeys = [...f.propsByKey.keys()].filter((k) => k === 'credentials' || k.toLowerCase() === ACAC);
    for (const p of propsKeyed(f, ...credentialKeys)) {
      const obj = f.parent.get(p)!;
      if (parentsSeen.has(obj)) continue;
      const k = keyName(p);
      if (k === 'credentials' || k?.toLowerCase() === ACAC) parentsSeen.add(obj);
      else continue;
      // cors()/fastify-cors/apollo options: { origin, credentials: true }
      if (boolValue(propValue(obj, 'credentials')) === true) {
        const why = wildcardOrigin(propValue(obj, 'origin'), f);
        if (why && !checksOrigin(enclosingFunction(obj, f))) out.push(hitAt(propNode(obj, 'origin')!, `${why} while credentials are allowed: any site can make authenticated requests and read the answers`));
      }
      // writeHead(200, { 'Access-Control-Allow-Origin': …, 'Access-Control-Allow-Credentials': 'true' })
      const acacProp = (obj.properties as N[]).find((x) => x.type === 'Property' && keyName(x)?.toLowerCase() === ACAC);
      const acaoProp = (obj.properties as N[]).find((x) => x.type === 'Property' && keyName(x)?.toLowerCase() === ACAO);
      if (acacProp && acaoProp && (boolValue(acacProp.value) === true || constString(acacProp.value, f) === 'true')) {
        const o = acaoProp.value as N;
        const why = constString(o, f) === '*' ? "'*'" : reflectsOrigin(o, f) ? 'the reflected request Origin' : undefined;
        if (why && !checksOrigin(enclosingFunction(obj, f))) out.push(hitAt(acaoProp, `Access-Control-Allow-Origin is ${why} with Allow-Credentials: true`));
      }
    }
    // res.setHeader('Access-Control-Allow-Origin', req.headers.origin) + Allow-Credentials in the same function.
    const byFunction = new Map<N | undefined, { acao: N[]; credentials: boolean; acaoNames: Set<string>; acac: boolean }>();
    for (const c of callsNamed(f, ...HEADER_SETTERS)) {
      const [h, v] = c.node.arguments as N[];
      const header = constString(h, f)?.toLowerCase();
      if (header !== ACAO && header !== ACAC) continue;
      const fn = enclosingFunction(c.node, f);
      const entry = byFunction.get(fn) ?? { acao: [], credentials: false, acaoNames: new Set<string>(), acac: false };
      byFunction.set(fn, entry);
      if (header === ACAC) {
        entry.acac = true;
        entry.credentials ||= boolValue(v) === true || constString(v, f) === 'true';
      } else if (constString(v, f) === '*' || reflectsOrigin(v, f)) entry.acao.push(c.node);
      else if (v && unwrap(v).type === 'Identifier') entry.acaoNames.add(unwrap(v).name as string);
    }
    // A CORS middleware's default: `origin = options.origin || requestOrigin`, later the Allow-Origin
    // value next to an Allow-Credentials header. Unconfigured, it trusts every site (@koa/cors < 5).
    const pairs: [N, N | null | undefined, N][] = [];
    for (const a of f.assignments) if (a.operator === '=') pairs.push([a.left as N, a.right as N, a]);
    for (const d of f.declarators) pairs.push([d.id as N, d.init as N | null | undefined, d]);
    for (const [target, value, at] of pairs) {
      const left = unwrap(target);
      const right = value ? unwrap(value) : undefined;
      if (left.type !== 'Identifier' || right?.type !== 'LogicalExpression' || (right.operator !== '||' && right.operator !== '??')) continue;
      const configured = unwrap(right.left as N);
      if (configured.type !== 'MemberExpression' || memberName(configured)?.toLowerCase() !== 'origin' || !reflectsOrigin(right.right as N, f)) continue;
      const e = byFunction.get(enclosingFunction(at, f));
      if (e?.acac && e.acaoNames.has(left.name as string)) {
        out.push(hitAt(at, 'the allowed origin defaults to the request\'s own Origin: unless configured, every site is trusted, with credentials when they are enabled'));
      }
    }
    for (const [fn, e] of byFunction) {
      if (!e.credentials || checksOrigin(fn)) continue;
      for (const node of e.acao) {
        const v = (node.arguments as N[])[1];
        const why = constString(v, f) === '*' ? "'*'" : 'the request\'s own Origin';
        out.push(hitAt(node, `Access-Control-Allow-Origin is ${why} while Allow-Credentials is true: any site can read authenticated responses`));
      }
    }
    return out;
  },
};
