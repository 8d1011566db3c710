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
 * - clean: a development-only branch (an `if`/`?:`/`&&` whose test reads NODE_ENV, `env`,
 *   `development`/`production`, `isDev`, `debug`), as Express's generator and finalhandler do, and
 *   the error's `message` alone (usually written for the user; a fixed text is no exposure).
 * Logs (`console.error(err.stack)`) are not responses.
 */
import type { AstHit, AstRule } from './types.js';
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, factsOf, hitAt, isFunction, keyName, lastName } from './ast-facts.js';
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
/** A test that makes the branch development-only. */
const DEV_TEST = /NODE_ENV|\benv\b|develop|production|\bprod\b|isDev|\bdev\b|debug|verbose|isProd|showStack|exposeStack|expose/i;
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

/** Does the test of a branch read the environment (so the branch is development-only)? */
function devTest(test: N, source: string): boolean {
  return DEV_TEST.test(source.slice(test.start, Math.min(test.end, test.start + 300)));
}

/** Climbs from the trace (or any value a rule follows) to what receives it: a response, a guard, a holder or nothing. */
export function judge(node: N, f: FileFacts, source: string): Verdict {
  let cur = node;
  for (let i = 0; i < MAX_UP; i++) {
    const p = f.parent.get(cur);
    if (!p) return { kind: 'none' };
    switch (p.type) {
      case 'ConditionalExpression':
        if (p.test !== cur && devTest(p.test as N, source)) return { kind: 'guarded' };
        if (p.test === cur) return { kind: 'none' };
        break;
      case 'LogicalExpression':
        if (p.operator === '&&' && p.right === cur && devTest(p.left as N, source)) return { kind: 'guarded' };
        break;
      case 'IfStatement':
        if (p.test !== cur && devTest(p.test as N, source)) return { kind: 'guarded' };
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
        if (responseCall(p)) return { kind: 'sink', at: node };
        // Serialising or formatting keeps the trace in the text; any other call (a logger, a
        // tracer's setTag, a sanitiser) is not a response.
        if (!['stringify', 'String', 'format', 'inspect', 'concat', 'join'].includes(lastName(p.callee as N) ?? '')) return { kind: 'none' };
        break;
      case 'NewExpression':
        return RESPONSE_CTOR.test(lastName(p.callee as N) ?? '') ? { kind: 'sink', at: node } : { kind: 'none' };
      case 'ObjectExpression':
        // A serverless answer: `{ statusCode: 500, body: … }`.
        if ((p.properties as N[]).some((q) => q.type === 'Property' && keyName(q) === 'statusCode')) return { kind: 'sink', at: node };
        break;
      case 'AssignmentExpression': {
        if (p.right !== cur) return { kind: 'none' };
        const left = unwrap(p.left as N);
        if (left.type === 'MemberExpression' && BODY_FIELDS.has(memberName(left) ?? '')) {
          const root = lastName(unwrap(left.object as N));
          if (left.object.type === 'ThisExpression' || (root !== undefined && RESPONSE.test(root))) return { kind: 'sink', at: node };
        }
        if (left.type === 'Identifier') return heldIn(left.name, p, f);
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
    if (!file.source.includes('.stack')) return [];
    const f = factsOf(file, api);
    const out: AstHit[] = [];
    const seen = new Set<number>();
    const report = (n: N): void => {
      if (seen.has(n.start)) return;
      seen.add(n.start);
      out.push(hitAt(n, message));
    };
    const message = 'the error\'s stack trace is sent to the client: it shows server paths, modules and code; log it and send a generic message';
    for (const t of traces(file.program as N)) {
      const v = judge(t, f, file.source);
      if (v.kind === 'sink') report(v.at);
      if (v.kind !== 'held') continue;
      // `const stack = e.stack; … res.json({ stack })`: the holder's uses after it, in its function.
      let uses = 0;
      walk(v.scope.body as N, (child) => {
        const n = child as N;
        if (uses > MAX_USES) return false;
        if (n.type === 'Identifier' && n.name === v.name && n.start > t.end && !namingOnly(n, f)) {
          uses++;
          const u = judge(n, f, file.source);
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
