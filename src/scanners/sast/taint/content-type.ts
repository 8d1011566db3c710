/**
 * Response content types: a call the models list as a content-type setter (`res.type('json')`,
 * `res.set('Content-Type', 'text/html')`, `res.writeHead(200, { 'Content-Type': … })`) marks the
 * response value (value.ts F_CT_HTML / F_CT_OTHER), so its body sinks can tell a page from JSON.
 */
import { memberName } from '../ir/api-names.js';
import type { ContentTypeSpec } from '../models/types.js';
import type { SegIndex } from '../models/compile.js';
import type { AnyNode } from '../parse/walk.js';
import { F_CT_HTML, F_CT_OTHER, UNKNOWN, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/**
 * Types a browser renders as a document or runs as script: HTML and its `html`/`.htm` shorthands,
 * XML and SVG (which run script), JavaScript (a JSONP reply runs on the including page).
 */
const ACTIVE_TYPE = /htm|xml|svg|javascript|ecmascript|^\.?js$/i;
const CONTENT_TYPE = /^content-type$/i;

function classify(v: Value | undefined): number {
  if (typeof v?.lit !== 'string') return 0;
  const t = v.lit.trim();
  if (t === '') return 0;
  return ACTIVE_TYPE.test(t) ? F_CT_HTML : F_CT_OTHER;
}

/** The Content-Type entry of a headers object value, by any spelling of the name. */
function headerField(v: Value | undefined): Value | undefined {
  if (!v?.fields) return undefined;
  for (const [k, fv] of v.fields) if (CONTENT_TYPE.test(k)) return fv;
  return undefined;
}

/**
 * The content-type flag a setter call gives its response: F_CT_HTML, F_CT_OTHER, 0 for a type the
 * code computes (unknown), undefined when the call sets no content type (another header).
 */
export function contentTypeFlag(specs: ContentTypeSpec[], args: Value[]): number | undefined {
  let flag: number | undefined;
  const see = (v: Value | undefined): void => {
    if (v !== undefined) flag = (flag ?? 0) | classify(v);
  };
  for (const s of specs) {
    if (s.arg !== undefined && args[s.arg] !== undefined) see(args[s.arg]);
    if (s.header !== undefined) {
      const name = args[s.header];
      if (typeof name?.lit === 'string') {
        if (CONTENT_TYPE.test(name.lit)) see(args[s.header + 1] ?? {});
      } else see(headerField(name));
    }
    for (const i of s.headers ?? []) see(headerField(args[i]));
    for (const i of s.init ?? []) see(headerField(args[i]?.fields?.get('headers')));
  }
  // Both (an odd call): the page wins.
  return flag !== undefined && (flag & F_CT_HTML) !== 0 ? F_CT_HTML : flag;
}

/** `a.b.c` / `this.a.b`: reading it again has no effects. */
function staticChain(n: N): boolean {
  let x = n;
  for (let i = 0; i < 8; i++) {
    if (x.type === 'Identifier' || x.type === 'ThisExpression') return true;
    if (x.type !== 'MemberExpression' || x.computed) return false;
    x = x.object;
  }
  return false;
}

/**
 * The expression a chained call starts from: `res` in `res.status(200).type('json')`. Response
 * methods that set headers return the response, so the content type holds for it afterwards.
 */
export function chainRoot(n: N): N | undefined {
  let x = n;
  for (let i = 0; i < 8; i++) {
    while (x.type === 'ParenthesizedExpression' || x.type === 'TSNonNullExpression' || x.type === 'TSAsExpression') x = x.expression;
    if (x.type === 'Identifier' || (x.type === 'MemberExpression' && staticChain(x))) return x;
    if (x.type !== 'CallExpression' || x.callee.type !== 'MemberExpression') return undefined;
    x = x.callee.object;
  }
  return undefined;
}

/** A call → the call made on its result (`h.response(x)` → `….type('application/json')`), noted as calls are evaluated (outer first). */
const chainedBy = new WeakMap<AnyNode, N>();

/** Notes that the call `outer` is made on the result of its callee's object, when that is a call. */
export function noteChain(outer: N, callee: N): void {
  let o = callee.object as N;
  while (o.type === 'ParenthesizedExpression' || o.type === 'TSNonNullExpression' || o.type === 'TSAsExpression') o = o.expression;
  if (o.type === 'CallExpression') chainedBy.set(o, outer);
}

/**
 * The content type a response built by the call `n` (API path `segs`) is given by calls chained on
 * it afterwards: hapi's `h.response(x).code(201).type('application/json')` or `.header('Content-Type', …)`
 * (the toolkit's methods return the response). Each chained method is matched as if called on `n`'s
 * result; only literal arguments are read. undefined when none sets a type.
 */
export function chainedType(contentTypes: SegIndex<ContentTypeSpec>, n: AnyNode, segs: string[]): number | undefined {
  let flag: number | undefined;
  let o = chainedBy.get(n);
  for (let i = 0; o && i < 8; i++, o = chainedBy.get(o)) {
    const c = o.callee as N;
    const m = c?.type === 'MemberExpression' ? memberName(c) : undefined;
    if (m === undefined) continue;
    const specs = contentTypes.match([...segs, '()', m]);
    if (specs.length === 0) continue;
    const args = (o.arguments as N[]).map((a): Value => (a.type === 'Literal' && typeof a.value === 'string' ? { lit: a.value } : UNKNOWN));
    const f = contentTypeFlag(specs, args);
    if (f !== undefined) flag = f;
  }
  return flag;
}
