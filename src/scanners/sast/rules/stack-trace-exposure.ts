/**
 * An error's stack trace sent to the client: `res.status(500).send(err.stack)` in an Express error
 * handler, `res.json({ error: e.message, stack: e.stack })` in a catch clause, `ctx.body = err.stack`,
 * a Lambda/Azure answer `{ statusCode: 500, body: err.stack }`, a Nest `new HttpException({ stack })`.
 * The trace names the server's files, folders, modules and versions, which helps an attacker aim.
 * Read as a reviewer does:
 * - the error is a name that holds one (`err`, `e`, `error`, `ex`, `dbError`…): a parser's or a
 *   machine's `.stack` (`state.stack`, `this.stack`) is not an error;
 * - the trace reaches a response: an argument of `res`/`reply`/`ctx`'s send/json/end/write/render
 *   (through `res.status(…)`), a `body`/`ctx.body`/`context.res` write, a response object with a
 *   `statusCode`, an exception class the framework turns into the answer, or a variable of the same
 *   function that one of those then sends;
 * - clean: the development-only side of an `if`/`?:`/`&&`/`||` around the trace or its send, as
 *   Express's generator and finalhandler do. The test must read configuration (`process.env.X`,
 *   `app.get('env')`, a flag like `config.debug`/`isDev`, a const initialised from those), and the
 *   side must be the one that runs in development (`=== 'development'`/`!== 'production'`/`isDev`
 *   true, `isProd` false). A test reading the request (`req.query.debug`, a header) is the caller's
 *   choice, never a guard. Also clean: the error's `message` alone (usually written for the user),
 *   and what only tests the trace (`!!err.stack`, `typeof e.stack`, a comparison).
 * Logs (`console.error(err.stack)`) are not responses.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, factsOf, hitAt, isFunction, isProcessEnv, keyName, lastName } from './ast-facts.js';
import { walk } from '../parse/walk.js';

/** Names that hold an error object. */
const ERROR_NAME = /^(?:e|ex|er|err|errs|error|exc|exception|reason|failure|\w*(?:Err|Error|Exception))$/;
/** Response methods whose arguments reach the client. */
const SEND = new Set(['send', 'json', 'jsonp', 'end', 'write', 'render', 'html', 'sendString', 'body', 'response']);
/** Receivers that are the response: Express/Node `res`, Fastify `reply`, Hapi `h`, Koa `ctx`. */
const RESPONSE = /^(?:res|resp|response|reply|rep|ctx|context|h|httpResponse|serverResponse)$/;
/** Members written to answer: `ctx.body = …`, `context.res = …`, `this.body = …`. */
const BODY_FIELDS = new Set(['body', 'res', 'response']);
/** Constructors whose argument the framework sends: Nest exceptions, fetch/Next responses. */
const RESPONSE_CTOR = /(?:Exception|^Response|^NextResponse|^HttpError)$/;
/** Methods whose result still holds the trace's text. */
const KEEPS = new Set(['split', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'trim', 'toString', 'join', 'concat', 'map', 'filter']);
/** Flags true in development (`isDev`, `debug`, `showStack`) and in production (`isProd`). */
const DEV_FLAG = /^_*(?:is_?)?(?:dev|develop|development|debug|debugging|verbose|local)(?:_?mode)?_*$|^(?:show|expose|include|send)_?(?:stack|trace|errors?|details)s?$/i;
const PROD_FLAG = /^_*(?:is_?)?(?:prod|production)(?:_?(?:mode|env))?_*$/i;
/** Environment names compared with: development-like and production-like. */
const DEV_VALUE = /^(?:dev|development|local|test)$/i;
const PROD_VALUE = /^(?:prod|production|staging)$/i;
/** Members that hold the environment's name (`app.settings.env`, `config.nodeEnv`). */
const ENV_MEMBER = /^(?:env|node_?env|environment)$/i;
/** Request data: a test reading it is the caller's choice, not a development-only guard. */
const REQUEST_ROOT = /^(?:req|request|ctx|context|event|socket)$/;
const REQUEST_PART = new Set(['query', 'headers', 'body', 'params', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'hostname', 'ip', 'request', 'req']);
/** Depth of a test's reading (`!`, `&&`, a const's initialiser) at most. */
const MAX_TEST = 6;
/** Parent steps from the trace to its sink at most. */
const MAX_UP = 24;
/** Uses of a variable that holds the trace, looked at per function. */
const MAX_USES = 40;

export type Verdict = { kind: 'sink'; at: N } | { kind: 'guarded' } | { kind: 'none' } | { kind: 'held'; name: string; scope: N };

/** Is the callee a response call (`res.json`, `res.status(500).send`, `reply.code(500).send`)? */
function responseCall(call: N): boolean {
  const c = unwrap(call.callee as N);
  if (c.type !== 'MemberExpression') return false;
  if (!SEND.has(memberName(c) ?? '')) return false;
  // Walk down `res.status(500).type('html').send`: the root is the response.
  let o = unwrap(c.object as N);
  for (let i = 0; i < 6 && o.type === 'CallExpression'; i++) {
    const cc = unwrap(o.callee as N);
    if (cc.type !== 'MemberExpression') return false;
    o = unwrap(cc.object as N);
  }
  const root = lastName(o);
  return root !== undefined && RESPONSE.test(root);
}

/** Which outcome of a test runs only in development: when it is true, when it is false. */
interface DevSide { whenTrue: boolean; whenFalse: boolean }
const NEITHER: DevSide = { whenTrue: false, whenFalse: false };

/** A flag read by its name: `isDev`/`debug` are true in development, `isProd` false. */
function flagSide(name: string | undefined): DevSide {
  if (name === undefined) return NEITHER;
  return { whenTrue: DEV_FLAG.test(name), whenFalse: PROD_FLAG.test(name) };
}

/** Does this member chain read the request (`req.query.debug`, `req.headers['x-debug']`, `ctx.request.body.dev`)? */
function requestData(n: N): boolean {
  let o = unwrap(n);
  for (let i = 0; i < 8; i++) {
    if (o.type === 'MemberExpression') {
      if (REQUEST_PART.has(memberName(o) ?? '')) return true;
      o = unwrap(o.object as N);
    } else if (o.type === 'CallExpression') {
      o = unwrap(o.callee as N);
    } else break;
  }
  return o.type === 'Identifier' && REQUEST_ROOT.test(o.name);
}

/** `app.get('env')` (also `req.app.get('env')`: the application's setting, not request data). */
function appEnv(n: N): boolean {
  if (n.type !== 'CallExpression' || (n.arguments as N[]).length !== 1) return false;
  const c = unwrap(n.callee as N);
  const a = unwrap((n.arguments as N[])[0]!);
  return c.type === 'MemberExpression' && memberName(c) === 'get' && a.type === 'Literal' && a.value === 'env';
}

/** The function (or the file) a node belongs to. */
function scopeOf(n: N, f: FileFacts): N | undefined {
  let p = f.parent.get(n);
  for (let i = 0; p && i < 200 && !isFunction(p); i++) p = f.parent.get(p);
  return p ?? undefined;
}

/**
 * What a name in a test is bound to, nearest scope first: a never-reassigned variable's initialiser,
 * `opaque` for a parameter or a name not declared by a plain declarator (an import, a
 * `const { NODE_ENV } = process.env`, a global), `unknown` otherwise.
 */
function bindingOf(id: N, f: FileFacts): N | 'opaque' | 'unknown' {
  const name = id.name as string;
  const ds = f.decls.get(name) ?? [];
  for (let a = scopeOf(id, f), i = 0; i < 50; a = a ? scopeOf(a, f) : undefined, i++) {
    const here = ds.filter((d) => scopeOf(d, f) === a);
    if (here.length > 0) return here.length === 1 && here[0]!.init && !f.reassigned.has(name) ? (here[0]!.init as N) : 'unknown';
    if (!a) return 'opaque';
    const params = (a.params as N[] | undefined) ?? [];
    if (params.some((q) => ((q.type === 'AssignmentPattern' ? q.left : q) as N).name === name)) return 'opaque';
  }
  return 'unknown';
}

/** Is this the environment's name read from configuration (`process.env.NODE_ENV`, `app.get('env')`, a const of those)? */
function envName(v: N, f: FileFacts, depth: number): boolean {
  const n = unwrap(v);
  if (depth > MAX_TEST) return false;
  if (appEnv(n)) return true;
  if (n.type === 'MemberExpression') return isProcessEnv(n.object as N) || (ENV_MEMBER.test(memberName(n) ?? '') && !requestData(n));
  // `opts.env || process.env.NODE_ENV || 'development'` (finalhandler).
  if (n.type === 'LogicalExpression' && n.operator !== '&&') return envName(n.left as N, f, depth + 1) || envName(n.right as N, f, depth + 1);
  if (n.type === 'Identifier') {
    // A const is read through its initialiser (`const env = {}` is no environment); a parameter or a
    // destructured `const { NODE_ENV } = process.env` by its name.
    const b = bindingOf(n, f);
    return b === 'opaque' ? ENV_MEMBER.test(n.name) : b !== 'unknown' && envName(b, f, depth + 1);
  }
  return false;
}

/** Which outcome of a branch's test runs only in development; a test on request data or on anything else is neither. */
function devSide(test: N, f: FileFacts, depth = 0): DevSide {
  const n = unwrap(test);
  if (depth > MAX_TEST) return NEITHER;
  switch (n.type) {
    case 'UnaryExpression': {
      if (n.operator !== '!') return NEITHER;
      const s = devSide(n.argument as N, f, depth + 1);
      return { whenTrue: s.whenFalse, whenFalse: s.whenTrue };
    }
    case 'LogicalExpression': {
      const a = devSide(n.left as N, f, depth + 1);
      const b = devSide(n.right as N, f, depth + 1);
      // `a && b` true means both are; `a || b` false means both are.
      if (n.operator === '&&') return { whenTrue: a.whenTrue || b.whenTrue, whenFalse: a.whenFalse && b.whenFalse };
      if (n.operator === '||') return { whenTrue: a.whenTrue && b.whenTrue, whenFalse: a.whenFalse || b.whenFalse };
      return NEITHER;
    }
    case 'BinaryExpression': {
      const eq = n.operator === '===' || n.operator === '==';
      if (!eq && n.operator !== '!==' && n.operator !== '!=') return NEITHER;
      const l = unwrap(n.left as N);
      const r = unwrap(n.right as N);
      const [value, lit] = l.type === 'Literal' ? [r, l] : [l, r];
      if (lit.type !== 'Literal' || typeof lit.value !== 'string' || !envName(value, f, depth + 1)) return NEITHER;
      const dev = DEV_VALUE.test(lit.value);
      if (!dev && !PROD_VALUE.test(lit.value)) return NEITHER;
      // `=== 'development'` and `!== 'production'` hold in development.
      return dev === eq ? { whenTrue: true, whenFalse: false } : { whenTrue: false, whenFalse: true };
    }
    case 'Identifier': {
      // A const is read through its initialiser (`const isProd = process.env.NODE_ENV !== 'development'`,
      // `const debug = req.query.debug`); a parameter or an import through its name.
      const b = bindingOf(n, f);
      return b === 'opaque' ? flagSide(n.name) : b === 'unknown' ? NEITHER : devSide(b, f, depth + 1);
    }
    case 'MemberExpression':
      // `process.env.DEBUG`, `config.debug`, `app.locals.isDev`; never the request's.
      if (requestData(n)) return NEITHER;
      return flagSide(memberName(n));
    default:
      return NEITHER;
  }
}

/** Is `child` on the development-only side of `p` (an `if`, a `?:`, the right of `&&`/`||`)? */
function devOnly(child: N, p: N, f: FileFacts): boolean {
  switch (p.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      if (p.test === child) return false;
      return p.consequent === child ? devSide(p.test as N, f).whenTrue : devSide(p.test as N, f).whenFalse;
    case 'LogicalExpression':
      if (p.right !== child) return false;
      return p.operator === '&&' ? devSide(p.left as N, f).whenTrue : p.operator === '||' ? devSide(p.left as N, f).whenFalse : false;
    default:
      return false;
  }
}

/** A response that receives the trace, unless a development-only branch of its function holds it (`if (isDev) res.send(e.stack)`). */
function sinkOrGuarded(sink: N, node: N, f: FileFacts): Verdict {
  let cur = sink;
  for (let i = 0; i < MAX_UP * 4; i++) {
    const p = f.parent.get(cur);
    if (!p || isFunction(p)) break;
    if (devOnly(cur, p, f)) return { kind: 'guarded' };
    cur = p;
  }
  return { kind: 'sink', at: node };
}

/** Climbs from the trace (or any value a rule follows) to what receives it: a response, a guard, a holder or nothing. */
export function judge(node: N, f: FileFacts): Verdict {
  let cur = node;
  for (let i = 0; i < MAX_UP; i++) {
    const p = f.parent.get(cur);
    if (!p) return { kind: 'none' };
    if (devOnly(cur, p, f)) return { kind: 'guarded' };
    switch (p.type) {
      case 'ConditionalExpression':
      case 'IfStatement':
        if (p.test === cur) return { kind: 'none' };
        break;
      case 'UnaryExpression':
        // `!!err.stack`, `typeof e.stack`: a boolean or a type name, no trace text.
        return { kind: 'none' };
      case 'BinaryExpression':
        // Only `+` keeps the text; a comparison gives a boolean.
        if (p.operator !== '+') return { kind: 'none' };
        break;
      case 'MemberExpression': {
        // `e.stack.split('\n').slice(0, 5)`: text methods keep (part of) the trace; `.length` does not.
        const g = f.parent.get(p);
        if (p.object !== cur || !g || g.type !== 'CallExpression' || g.callee !== p || !KEEPS.has(memberName(p) ?? '')) return { kind: 'none' };
        cur = g;
        continue;
      }
      case 'CallExpression':
        if (p.callee === cur) return { kind: 'none' };
        if (responseCall(p)) return sinkOrGuarded(p, node, f);
        // Serialising or formatting keeps the trace in the text; any other call (a logger, a
        // tracer's setTag, a sanitiser) is not a response.
        if (!['stringify', 'String', 'format', 'inspect', 'concat', 'join'].includes(lastName(p.callee as N) ?? '')) return { kind: 'none' };
        break;
      case 'NewExpression':
        return RESPONSE_CTOR.test(lastName(p.callee as N) ?? '') ? sinkOrGuarded(p, node, f) : { kind: 'none' };
      case 'ObjectExpression':
        // A serverless answer: `{ statusCode: 500, body: … }`.
        if ((p.properties as N[]).some((q) => q.type === 'Property' && keyName(q) === 'statusCode')) return sinkOrGuarded(p, node, f);
        break;
      case 'AssignmentExpression': {
        if (p.right !== cur) return { kind: 'none' };
        const left = unwrap(p.left as N);
        if (left.type === 'MemberExpression' && BODY_FIELDS.has(memberName(left) ?? '')) {
          const root = lastName(unwrap(left.object as N));
          if (left.object.type === 'ThisExpression' || (root !== undefined && RESPONSE.test(root))) return sinkOrGuarded(p, node, f);
        }
        if (left.type === 'Identifier') return heldIn(left.name, p, f);
        // `response.stack = error.stack; reply.send(response)`: the object the field is written on holds the trace,
        // unless the write is itself development-only (`if (isDev) body.stack = err.stack`).
        const holder = left.type === 'MemberExpression' ? unwrap(left.object as N) : undefined;
        if (holder?.type === 'Identifier' && !left.computed) {
          const g = sinkOrGuarded(p, node, f);
          return g.kind === 'guarded' ? g : heldIn(holder.name as string, p, f);
        }
        return { kind: 'none' };
      }
      case 'VariableDeclarator':
        return p.init === cur && p.id.type === 'Identifier' ? heldIn(p.id.name as string, p, f) : { kind: 'none' };
      case 'ReturnStatement':
      case 'ThrowStatement':
      case 'ExpressionStatement':
      case 'BlockStatement':
      case 'Program':
        return { kind: 'none' };
      default:
        if (isFunction(p)) return { kind: 'none' };
    }
    cur = p;
  }
  return { kind: 'none' };
}

/** A variable that holds the trace: judged at its uses in the enclosing function. */
function heldIn(name: string, at: N, f: FileFacts): Verdict {
  let p = f.parent.get(at);
  for (let i = 0; p && i < 200 && !isFunction(p); i++) p = f.parent.get(p);
  return p ? { kind: 'held', name, scope: p } : { kind: 'none' };
}

/** Is this identifier a property name (`{ stack: x }`, `o.stack`) rather than a read of the variable? */
function namingOnly(n: N, f: FileFacts): boolean {
  const p = f.parent.get(n);
  if (!p) return false;
  if (p.type === 'Property') return p.key === n && !p.shorthand && !p.computed;
  return p.type === 'MemberExpression' && p.property === n && !p.computed;
}

/** Names a caught error or an error-first callback's error goes by. */
const CAUGHT_NAME = /^(?:err|error|\w*(?:Err|Error))$/;

/** Is `id` the error a `catch` clause, a `.catch(cb)` callback or an error-first callback received (nearest binding of its name)? */
function caughtError(id: N, f: FileFacts): boolean {
  const name = id.name as string;
  let p = f.parent.get(id);
  for (let i = 0; p && i < 200; i++, p = f.parent.get(p)) {
    if (p.type === 'CatchClause') {
      const param = p.param as N | null;
      if (param?.type === 'Identifier' && param.name === name) return true;
    } else if (isFunction(p)) {
      const params = (p.params as N[] | undefined) ?? [];
      const at = params.findIndex((q) => q.type === 'Identifier' && q.name === name);
      if (at === 0) {
        // `.catch((e) => …)` names it anything; other callbacks must call it an error.
        const call = f.parent.get(p);
        const viaCatch = call?.type === 'CallExpression' && memberName(unwrap(call.callee as N)) === 'catch';
        return viaCatch ? ERROR_NAME.test(name) : CAUGHT_NAME.test(name);
      }
      if (at > 0) return false;
    }
  }
  return false;
}

/**
 * `res.status(500).send(err)`, `res.json({ error: err })`: the whole caught error sent. Database
 * drivers' errors carry the failed query and the table, column and constraint names, HTTP clients'
 * their request's URL, headers and stack, and they are serialised with all of it.
 */
function wholeErrorSink(id: N, f: FileFacts): Verdict {
  let cur = id;
  for (let i = 0; i < 6; i++) {
    const p = f.parent.get(cur);
    if (!p) break;
    if (/^TS(?:As|NonNull|Satisfies|TypeAssertion)Expression$|^ParenthesizedExpression$/.test(p.type as string)) { cur = p; continue; }
    if (p.type === 'Property' && p.value === cur && !p.computed) { cur = p; continue; }
    if (p.type === 'ObjectExpression' || p.type === 'ArrayExpression') { cur = p; continue; }
    if (p.type === 'CallExpression' && p.callee !== cur && responseCall(p) && WHOLE_ERROR_ROOT.test(responseRoot(p) ?? '')) return sinkOrGuarded(p, id, f);
    break;
  }
  return { kind: 'none' };
}

/**
 * Node/Express responses, which serialise an error object with all its fields. Fastify's
 * `reply.send(err)` and Hapi's `h` hand the error to the framework's error handler instead, which
 * answers with the status and message only.
 */
const WHOLE_ERROR_ROOT = /^(?:res|resp|response|httpResponse|serverResponse)$/;

/** The receiver a response call is made on (`res` of `res.status(500).json(…)`). */
function responseRoot(call: N): string | undefined {
  let o = unwrap(unwrap(call.callee as N).object as N);
  for (let i = 0; i < 6 && o.type === 'CallExpression'; i++) o = unwrap(unwrap(o.callee as N).object as N);
  return o.type === 'Identifier' ? (o.name as string) : undefined;
}

/** Error-named identifiers among a response call's arguments, bare or as values of object/array literals (two levels). */
function errorValues(f: FileFacts): N[] {
  const out: N[] = [];
  const visit = (n: N, depth: number): void => {
    const u = unwrap(n);
    if (u.type === 'Identifier') {
      if (ERROR_NAME.test(u.name)) out.push(u);
    } else if (depth < 2 && u.type === 'ObjectExpression') {
      for (const q of u.properties as N[]) if (q.type === 'Property' && !q.computed) visit(q.value as N, depth + 1);
    } else if (depth < 2 && u.type === 'ArrayExpression') {
      for (const e of u.elements as (N | null)[]) if (e) visit(e, depth + 1);
    }
  };
  for (const c of f.calls) {
    if (c.node.type !== 'CallExpression' || !responseCall(c.node)) continue;
    for (const a of c.node.arguments as N[]) visit(a, 0);
  }
  return out;
}

/** The `.stack` reads of error names in the file. */
function traces(root: N): N[] {
  const out: N[] = [];
  walk(root, (child) => {
    const n = child as N;
    if (n.type === 'MemberExpression' && memberName(n) === 'stack') {
      const o = unwrap(n.object as N);
      if (o.type === 'Identifier' && ERROR_NAME.test(o.name)) out.push(n);
    }
    return true;
  });
  return out;
}

export const stackTraceExposure: AstRule = {
  meta: {
    id: 'sast/js/stack-trace-exposure',
    title: 'Stack trace sent to the client',
    severity: 'low',
    cwe: [209, 497],
    description:
      'An error\'s stack trace is sent in the response. It names the server\'s files and folders, the modules and ' +
      'their versions and the code path that failed, which tells an attacker where and how to aim, and it often ' +
      'carries parts of the failed query or input.',
    remediation:
      'Log the stack on the server and send a generic message (with a correlation id) to the client; send the trace ' +
      'only in a development-only branch (NODE_ENV !== \'production\').',
    references: ['https://cwe.mitre.org/data/definitions/209.html', 'https://owasp.org/www-community/Improper_Error_Handling'],
  },
  check(file, api) {
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    const seen = new Set<number>();
    const report = (n: N): void => {
      if (seen.has(n.start)) return;
      seen.add(n.start);
      out.push(hitAt(n, message));
    };
    const message = 'the error\'s stack trace is sent to the client: it shows server paths, modules and code; log it and send a generic message';
    for (const id of errorValues(f)) {
      if (!caughtError(id, f)) continue;
      const v = wholeErrorSink(id, f);
      if (v.kind === 'sink' && !seen.has(id.start)) {
        seen.add(id.start);
        out.push(hitAt(id, 'the whole error object is sent to the client: driver and HTTP-client errors carry the query, table and column names, the request\'s URL and headers, and the stack; log it and send a generic message'));
      }
    }
    if (!file.source.includes('.stack')) return out;
    for (const t of traces(file.program as N)) {
      const v = judge(t, f);
      if (v.kind === 'sink') report(v.at);
      if (v.kind !== 'held') continue;
      // `const stack = e.stack; … res.json({ stack })`: the holder's uses after it, in its function.
      let uses = 0;
      walk(v.scope.body as N, (child) => {
        const n = child as N;
        if (uses > MAX_USES) return false;
        if (n.type === 'Identifier' && n.name === v.name && n.start > t.end && !namingOnly(n, f)) {
          uses++;
          const u = judge(n, f);
          if (u.kind === 'sink') {
            report(n);
            return false;
          }
        }
        return true;
      });
    }
    return out;
  },
};
