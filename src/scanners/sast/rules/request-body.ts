/**
 * The request body as the AST rules recognise it (mass-assignment, cleartext-password): the
 * expression itself (`req.body`, `request.body`, `ctx.request.body`, hapi's `req.payload`) and the
 * variables destructured from it (`const { role } = req.body`), found in the function that uses them.
 */
import { memberName, unwrap } from '../ir/api-names.js';
import { type FileFacts, type N, enclosingFunction, keyName } from './ast-facts.js';

const REQUEST = /^(?:req|request)$/;

/** `req.body`, `request.body`, `ctx.request.body`, `req.payload`: the whole body of the request. */
export function isRequestBody(node: N): boolean {
  const n = unwrap(node);
  if (n.type !== 'MemberExpression') return false;
  const m = memberName(n);
  const o = unwrap(n.object as N);
  if (m === 'body') {
    if (o.type === 'Identifier') return REQUEST.test(o.name as string);
    // ctx.request.body, event.request.body
    return o.type === 'MemberExpression' && memberName(o) === 'request';
  }
  return m === 'payload' && o.type === 'Identifier' && REQUEST.test(o.name as string);
}

/**
 * The key under which the variable `n` was destructured from a body (`const { password: pw } = req.body`
 * gives 'password' for pw), when that declaration is in a function enclosing `n` (a variable of the same
 * name in another function is another variable); `isBody` says what counts as a body (a variable holding it).
 */
export function keyFromBody(n: N, f: FileFacts, isBody: (init: N) => boolean = isRequestBody): string | undefined {
  if (n.type !== 'Identifier') return undefined;
  for (const d of f.declarators) {
    if (d.id.type !== 'ObjectPattern' || !d.init || !isBody(d.init as N)) continue;
    const fn = enclosingFunction(d, f);
    if (fn && (n.start < fn.start || n.end > fn.end)) continue;
    for (const p of d.id.properties as N[]) {
      if (p.type !== 'Property') continue;
      const v = unwrap(p.value as N);
      const target = v.type === 'AssignmentPattern' ? unwrap(v.left as N) : v;
      if (target.type === 'Identifier' && target.name === n.name) return keyName(p) ?? '';
    }
  }
  return undefined;
}
