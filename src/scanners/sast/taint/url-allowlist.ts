/**
 * Allow-lists checked through a callback over the list (`if (!ALLOWED.some((p) => url.startsWith(p + '/'))) return`):
 * what the callback compares each entry with, and whether the comparison confines it.
 *
 * - `list.some((p) => x === p)` (or `.find`): x is one of the entries, like `list.includes(x)`.
 * - `list.some((p) => x.startsWith(p + '/'))` (`${p}/` too): x starts with an entry and a '/',
 *   so an entry `https://api.example.com` fixes the server: clean for SSRF and open redirect.
 * - `list.some((p) => x.startsWith(p))`: only when every entry is written out and ends where a host
 *   ends (`'https://api.example.com/'`). An entry without the '/' lets `https://api.example.com.evil.net`
 *   through, so such a check stays a finding.
 */
import { memberName, unwrap } from '../ir/api-names.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import type { State } from './state.js';
import { evalExpr } from './transfer.js';
import { FIXED_ORIGIN, operatorOnly } from './url-base.js';

type N = AnyNode & Record<string, any>;

/** What a list-callback guard tells about a value: `member` (equal to an entry) or `origin` (starts with an entry that fixes the server). */
export interface ListCheck {
  target: N;
  how: 'member' | 'origin';
}

const LIST_METHODS = new Set(['some', 'find']);
/** Most file nodes walked to find the list's declaration. */
const MAX_DECL_SCAN = 200_000;


/** `list.some(cb)` / `list.find(cb)` true: what it checks, if it is an allow-list check. */
export function listCallCheck(A: Analyzer, method: string, list: N, cb: N, st: State, d: number): ListCheck | undefined {
  if (!LIST_METHODS.has(method)) return undefined;
  const fn = unwrap(cb);
  if ((fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || fn.params.length < 1) return undefined;
  const param = fn.params[0] as N;
  if (param.type !== 'Identifier') return undefined;
  const body = returned(fn.body as N);
  if (!body) return undefined;
  // The list itself must not be input (`req.query.hosts.some(…)` allows anything); the environment's is configuration.
  if (!operatorOnly(evalExpr(A, list, st, d + 1))) return undefined;
  const p = param.name as string;
  if (body.type === 'BinaryExpression' && (body.operator === '===' || body.operator === '==')) {
    const l = unwrap(body.left);
    const r = unwrap(body.right);
    const other = isName(l, p) ? r : isName(r, p) ? l : undefined;
    return other && !mentions(other, p) ? { target: other, how: 'member' } : undefined;
  }
  if (body.type !== 'CallExpression' || body.arguments.length !== 1) return undefined;
  const callee = unwrap(body.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'startsWith') return undefined;
  const target = unwrap(callee.object);
  if (mentions(target, p)) return undefined;
  const suffix = entrySuffix(unwrap(body.arguments[0] as N), p);
  if (suffix === undefined) return undefined;
  const entries = literalEntries(A, unwrap(list));
  // A list written out: every entry, with what is appended, must fix the server.
  if (entries) return entries.every((e) => FIXED_ORIGIN.test(e + suffix)) ? { target, how: 'origin' } : undefined;
  // A list from configuration: only an appended '/' marks where the host ends.
  return suffix === '/' ? { target, how: 'origin' } : undefined;
}

/** The expression a callback returns: an expression body, or a block of one `return`. */
function returned(body: N): N | undefined {
  if (body.type !== 'BlockStatement') return unwrap(body);
  const only = body.body.length === 1 ? (body.body[0] as N) : undefined;
  return only?.type === 'ReturnStatement' && only.argument ? unwrap(only.argument as N) : undefined;
}

function isName(n: N, name: string): boolean {
  return n.type === 'Identifier' && n.name === name;
}

/** `p` → '', `p + '/'` or `${p}/` → '/'; undefined for anything else. */
function entrySuffix(arg: N, p: string): string | undefined {
  if (isName(arg, p)) return '';
  if (arg.type === 'BinaryExpression' && arg.operator === '+' && isName(unwrap(arg.left), p)) {
    const r = unwrap(arg.right);
    return r.type === 'Literal' && r.value === '/' ? '/' : undefined;
  }
  if (arg.type === 'TemplateLiteral' && arg.expressions.length === 1 && isName(unwrap(arg.expressions[0] as N), p)) {
    const [q0, q1] = arg.quasis as N[];
    return q0?.value?.cooked === '' && q1?.value?.cooked === '/' ? '/' : undefined;
  }
  return undefined;
}

/** Whether `n` reads the name `p` anywhere (then it is not a value checked against the entries). */
function mentions(n: N, p: string): boolean {
  let found = false;
  walk(n as AnyNode, (x) => {
    if (found) return false;
    if ((x as N).type === 'Identifier' && (x as N).name === p) found = true;
    return !found;
  });
  return found;
}

/**
 * The strings of a list written out: an array literal of string literals, inline or as the
 * initialiser of a `const` declared once in the file (`Object.freeze([...])` and `as const` too).
 */
function literalEntries(A: Analyzer, list: N): string[] | undefined {
  let x = list;
  if (x.type === 'Identifier') {
    const init = fileConstInit(A, x.name);
    if (!init) return undefined;
    x = unwrap(init);
  }
  if (x.type === 'CallExpression' && x.arguments.length === 1 && unwrap(x.callee).type === 'MemberExpression' && memberName(unwrap(x.callee)) === 'freeze') x = unwrap(x.arguments[0] as N);
  if (x.type !== 'ArrayExpression' || x.elements.length === 0) return undefined;
  const out: string[] = [];
  for (const e of x.elements as (N | null)[]) {
    const v = e ? unwrap(e) : undefined;
    if (v?.type === 'Literal' && typeof v.value === 'string') out.push(v.value);
    else if (v?.type === 'TemplateLiteral' && v.expressions.length === 0) out.push(String(v.quasis[0]?.value?.cooked ?? ''));
    else return undefined;
  }
  return out;
}

/** The initialiser of a `const name = …` when it is the file's only declaration of the name. */
function fileConstInit(A: Analyzer, name: string): N | undefined {
  let init: N | undefined;
  let count = 0;
  let seen = 0;
  walk(A.file.program as unknown as AnyNode, (node) => {
    if (++seen > MAX_DECL_SCAN || count > 1) return false;
    const m = node as N;
    if (m.type !== 'VariableDeclaration') return true;
    for (const dcl of m.declarations as N[]) {
      if (dcl.id?.type !== 'Identifier' || dcl.id.name !== name) continue;
      count++;
      init = m.kind === 'const' ? dcl.init ?? undefined : undefined;
    }
    return true;
  });
  return seen <= MAX_DECL_SCAN && count === 1 ? init : undefined;
}
