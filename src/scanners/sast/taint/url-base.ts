/**
 * URL bases the request does not control. `${API_BASE}/users/${id}`, `config.apiUrl + '/users/' + id`,
 * `` `${process.env.BACKEND_URL}/x/${id}` ``: when the scheme and host come from such a base and a
 * '/' follows it, the tainted rest is only a path, so the URL cannot be sent to another server
 * (SSRF) or send the user elsewhere (open redirect).
 *
 * Trusted here: a literal, an environment variable, an imported constant or config member, a
 * module-level `const` (or a member of one), a member of an object named like configuration
 * (`config`, `settings`, `appConfig.urls`), `configService.get('X')`, and a local `const` or a
 * `readonly` class field set from one of these. Not a parameter of a non-handler function: its caller may
 * pass the request's own data (a summary only sees a parameter, so such a base stays untrusted).
 *
 * `new URL(path, base)`: a tainted absolute `path` replaces the base, so the base fixes nothing;
 * only a literal path start such as '/users/' does (transfer.ts FIXED_ORIGIN), and a lone '/' does
 * not ('/' + '/evil.com' is protocol-relative).
 */
import { memberName, unwrap } from '../ir/api-names.js';
import { isFunctionNode, patternNames } from '../ir/scope.js';
import type { SourceLabel } from '../models/types.js';
import { walk, type AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import type { State } from './state.js';
import { F_CLEAN_SCALAR, F_FIXED_ORIGIN, allFlows, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

/** Labels the operator controls (not the request, not a caller's argument). */
const OPERATOR_LABELS: ReadonlySet<SourceLabel> = new Set(['env', 'argv']);
/** A path segment naming configuration: `config`, `appConfig`, `configService`, `settings`, `env`. */
const CONFIG_NAME = /^(?:conf|cfg|env|environment|constants|consts)$|config|settings/i;
const CONFIG_GETTERS = new Set(['get', 'getOrThrow']);
/** How many `const a = b` hops are followed back to a trusted start. */
const MAX_HOPS = 3;
/** Most nodes of a function walked to find a local's declaration. */
const MAX_DECL_SCAN = 20_000;
/** Placeholder text for a trusted base of unknown text: at the start it stands for `scheme://host`. */
const BASE_TEXT = 'https://base.invalid';
const PART_TEXT = 'part';


/** Only operator-controlled taint (or none): no request data and no caller's argument. */
export function operatorOnly(v: Value): boolean {
  for (const f of allFlows(v)) if (f.label === null || !OPERATOR_LABELS.has(f.label)) return false;
  return true;
}

/** A literal start that fixes where a URL goes: a local path (`/x`, not `//`) or `http(s)://host/`. */
// A lone '/' is not enough: '/' + '/evil.com' is protocol-relative, and a WHATWG URL reads '\\' as '/'.
export const FIXED_ORIGIN = /^(\/(?![\/\\]|$)|https?:\/\/[^/?#\\]+[/?#\\])/i;
/** Text that can end a host: without one of these nothing before a tainted part fixes the origin. */
const HOST_END = /[/?#\\]/;
/** Text that starts a URL's query or fragment. */
const QUERY_MARK = /[?#]/;

/** Parts kept before the first tainted one; a URL's start is never built from more. */
const MAX_PARTS = 16;
const OPEN = 0;
const FIXED = 1;
const LOST = 2;

/**
 * The start of a string being built (template or `+` chain), fed part by part, telling whether
 * everything before a part fixes the origin. The parts before the first tainted one are kept and
 * judged only when one comes (or at the end, for the result's F_FIXED_ORIGIN flag), so plain string
 * building costs nothing more.
 */
export class UrlPrefix {
  private readonly pending: (string | [AnyNode, Value])[] = [];
  private state = OPEN;
  /** Some text so far could end a host ('/', '?', '#', '\\', or a value built from a fixed start). */
  private hostEnd = false;
  /**
   * Literal text so far held a '?' or '#': every later part is in the query or the fragment, where
   * it cannot change the scheme, host or path (`base + '?next=' + x`, `` `${u}#${tab}` ``).
   */
  query = false;

  constructor(private readonly A: Analyzer, private readonly st: State) {}

  /** Literal text. */
  text(s: string): void {
    if (s === '') return;
    if (QUERY_MARK.test(s)) this.query = true;
    if (this.state !== OPEN) return;
    if (this.pending.length >= MAX_PARTS) { this.state = LOST; return; }
    this.pending.push(s);
    if (HOST_END.test(s)) this.hostEnd = true;
    // A literal start decides at once (`'https://api.example.com/' + …`), as it always has.
    if (this.pending.every((p) => typeof p === 'string') && FIXED_ORIGIN.test(this.pending.join(''))) this.state = FIXED;
  }

  /** A computed part; true when the text before it fixes the origin (so its flows are clean for SSRF and open redirect). */
  part(node: AnyNode, v: Value): boolean {
    const literal = typeof v.lit === 'string' && allFlows(v).length === 0;
    if (this.state !== OPEN) {
      if (literal) this.text(v.lit as string); // only to notice a '?' or '#'
      return this.state === FIXED;
    }
    if (literal) {
      this.text(v.lit as string);
      return false;
    }
    const fixedStart = ((v.flags ?? 0) & F_FIXED_ORIGIN) !== 0 && this.pending.length === 0;
    if ((operatorOnly(v) || fixedStart) && this.pending.length < MAX_PARTS) {
      this.pending.push([node, v]);
      if (fixedStart) this.hostEnd = true;
      return false;
    }
    this.state = this.resolve() ? FIXED : LOST;
    return this.state === FIXED;
  }

  /** The whole string starts with a fixed origin (`last`: the text after the last part). */
  done(last: string): boolean {
    this.text(last);
    if (this.state === OPEN) this.state = this.resolve() ? FIXED : LOST;
    return this.state === FIXED;
  }

  private resolve(): boolean {
    if (!this.hostEnd) return false;
    let pre = '';
    for (const p of this.pending) {
      const next = typeof p === 'string' ? pre + p : extendPrefix(this.A, pre, p[0], p[1], this.st);
      if (next === undefined) return false;
      pre = next;
      if (FIXED_ORIGIN.test(pre)) return true;
    }
    return false;
  }
}

/**
 * The text known so far extended by one untainted part of a URL, or undefined when the part is
 * not known to be out of the request's reach. A trusted base of unknown text reads as a
 * placeholder: at the start `scheme://host`, later a host-like word.
 */
function extendPrefix(A: Analyzer, pre: string, node: AnyNode, v: Value, st: State): string | undefined {
  // Built earlier from a fixed start (`const u = BASE + '/users/'`): a fixed start itself.
  if (((v.flags ?? 0) & F_FIXED_ORIGIN) !== 0 && pre === '') return BASE_TEXT + '/';
  if (!operatorOnly(v)) return undefined;
  if (typeof v.lit === 'string') return pre + v.lit;
  // A number or boolean (a port) cannot carry '/', '@' or a host.
  if (((v.flags ?? 0) & F_CLEAN_SCALAR) !== 0 && pre !== '') return pre + PART_TEXT;
  if (!trustedBase(A, node as N, v, st, 0)) return undefined;
  return pre === '' ? BASE_TEXT : pre + PART_TEXT;
}

/** Whether `node` (value `v`, already known operator-only) is configuration rather than data. */
function trustedBase(A: Analyzer, node: N, v: Value, st: State, hops: number): boolean {
  const x = unwrap(node);
  if (typeof v.lit === 'string') return true;
  if (v.api !== undefined && (v.api.startsWith('process.env.') || v.api === 'process.env')) return true;
  // An imported constant or a member of an imported module (`import { API } from './config'`).
  if (v.imp && !v.imp.inst && x.type !== 'CallExpression') return true;
  if (isImportMetaEnv(x)) return true;
  if (x.type === 'LogicalExpression' && (x.operator === '||' || x.operator === '??')) {
    return trustedBase(A, x.left, {}, st, hops) && trustedBase(A, x.right, {}, st, hops);
  }
  if (x.type === 'ConditionalExpression') return trustedBase(A, x.consequent, {}, st, hops) && trustedBase(A, x.alternate, {}, st, hops);
  if (x.type === 'Literal') return typeof x.value === 'string';
  if (x.type === 'TemplateLiteral') return x.expressions.length === 0;
  // `config.get('API_URL')`, `this.configService.getOrThrow('X')`.
  if (x.type === 'CallExpression') {
    const callee = unwrap(x.callee);
    if (callee.type !== 'MemberExpression' || !CONFIG_GETTERS.has(memberName(callee) ?? '')) return false;
    const a0 = x.arguments[0] as N | undefined;
    return !!a0 && unwrap(a0).type === 'Literal' && pathNames(unwrap(callee.object)).some((s) => CONFIG_NAME.test(s));
  }
  const names = pathNames(x);
  if (names.length === 0) return false;
  const root = names[0]!;
  if (root === 'this') {
    if (names.length < 2) return false;
    if (names.slice(1).some((s) => CONFIG_NAME.test(s))) return true;
    const init = names.length === 2 && hops < MAX_HOPS ? readonlyInit(st, names[1]!) : undefined;
    return !!init && trustedBase(A, init, {}, st, hops + 1);
  }
  const decl = declaringState(root, st);
  // A parameter of a non-handler function may be the caller's request data.
  if (decl && isParam(decl, root)) return false;
  if (names.some((s) => CONFIG_NAME.test(s))) return true;
  if (!decl) return false;
  if (decl.frame.scope.node.type === 'Program') return moduleConst(A, root);
  if (hops >= MAX_HOPS || names.length > 1) return false;
  const init = localConstInit(decl.frame.scope.node as N, root);
  return !!init && trustedBase(A, init, {}, st, hops + 1);
}

/** `import.meta.env.X` (Vite and friends). */
function isImportMetaEnv(x: N): boolean {
  let o = x;
  while (o.type === 'MemberExpression') {
    const inner = unwrap(o.object);
    if (inner.type === 'MetaProperty' && memberName(o) === 'env') return true;
    o = inner;
  }
  return false;
}

/** `a.b.c` as ['a', 'b', 'c'] (`this` as 'this'); empty when not a static member path. */
function pathNames(n: N): string[] {
  const out: string[] = [];
  let x = n;
  for (let i = 0; i < 8; i++) {
    if (x.type === 'Identifier') { out.push(x.name); return out.reverse(); }
    if (x.type === 'ThisExpression') { out.push('this'); return out.reverse(); }
    if (x.type !== 'MemberExpression') return [];
    const m = memberName(x);
    if (m === undefined) return [];
    out.push(m);
    x = unwrap(x.object);
  }
  return [];
}

/** The State of the function (or module) that declares `name`, as readVar resolves it. */
function declaringState(name: string, st: State): State | undefined {
  for (let s: State | null = st; s; s = s.frame.closure) if (s.frame.scope.declared.has(name)) return s;
  return undefined;
}

function isParam(s: State, name: string): boolean {
  const fn = s.frame.scope.node as N;
  if (!isFunctionNode(fn)) return false;
  for (const p of (fn.params ?? []) as AnyNode[]) if (patternNames(p).includes(name)) return true;
  return false;
}

/** A module-level `const` or import binding (exported or not). */
function moduleConst(A: Analyzer, name: string): boolean {
  for (const stmt of (A.file.program as N).body as N[]) {
    const s = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration as N : stmt;
    if (s.type === 'ImportDeclaration') {
      if ((s.specifiers as N[]).some((sp) => sp.local?.name === name)) return true;
    } else if (s.type === 'VariableDeclaration' && s.kind === 'const') {
      for (const d of s.declarations as N[]) if (patternNames(d.id).includes(name)) return true;
    }
  }
  return false;
}

/** The initialiser of a local `const name = …` declared once in `fn` (not in nested functions). */
function localConstInit(fn: N, name: string): N | undefined {
  let init: N | undefined;
  let count = 0;
  let seen = 0;
  walk(fn as AnyNode, (node) => {
    if (++seen > MAX_DECL_SCAN) return false;
    const m = node as N;
    if (m !== fn && isFunctionNode(m)) return false;
    if (m.type !== 'VariableDeclaration') return true;
    for (const d of m.declarations as N[]) {
      if (!patternNames(d.id).includes(name)) continue;
      count++;
      // A `let`/`var`, a destructured or initialiser-less `const` (`for (const x of …)`): unknown.
      init = m.kind === 'const' && d.id.type === 'Identifier' ? d.init ?? undefined : undefined;
    }
    return true;
  });
  return seen <= MAX_DECL_SCAN && count === 1 ? init : undefined;
}

/**
 * The initialiser of a `readonly` field of the running method's class (`private readonly baseUrl =
 * …`). A readonly field set from a constructor parameter is the caller's value, so it needs one.
 */
function readonlyInit(st: State, name: string): N | undefined {
  const cls = st.frame.cls as N | undefined;
  for (const m of (cls?.body?.body ?? []) as N[]) {
    if (m.type === 'PropertyDefinition' && m.readonly && !m.static && !m.computed && m.key?.type === 'Identifier' && m.key.name === name) return m.value ?? undefined;
  }
  return undefined;
}
