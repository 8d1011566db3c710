/**
 * Expressions: the value each expression computes from the values of its parts, and the effects
 * of assignments (environment writes, field writes, assignment sinks, exports, `this.x`).
 */
import { memberName, moduleApiName, splitApi } from '../ir/api-names.js';
import { patternNames } from '../ir/scope.js';
import type { AnyNode } from '../parse/walk.js';
import { applySummary, evalCall, refSanitizerMask, runCallback, sinkFlows } from './calls.js';
import { classMember, storeField } from './classes.js';
import { Analyzer, MAX_EXPR_DEPTH, customSink, paramSrc, plainField } from './context.js';
import { ownEntry } from './summary.js';
import { refine } from './guards.js';
import { FIXED_ORIGIN, UrlPrefix } from './url-base.js';
import { dropRef, envSet, fork, setJoinedEnv, setRef, type State } from './state.js';
import { ALL_KINDS_MASK, kindsMask } from '../models/compile.js';
import { isRuleTarget, runRenderRule } from './markup-returns.js';
import {
  CLEAN, F_ARRAY_LIT, F_CLEAN_SCALAR, F_DEREF, F_FIXED_ORIGIN, F_NULL_PROTO, F_ROOTED, F_SENDER_CHECKED, cleanFlows, confineDotless, UNKNOWN, allFlows, join, markBuilt, mergeFlows, taintOnly, textKinds, flowsText,
  withField, withFlows, flowsWithStep, makeValue, valueOf, type Flow, type Value, type ImportRef,
} from './value.js';

type N = AnyNode & Record<string, any>;

const MAX_API_LEN = 160;
const NO_SPECS: never[] = [];
/** A member name that is one path segment as it stands (splitApi would not cut or merge it). */
const SIMPLE_NAME = /^[^.(){}]+$/;
/** A base path without braces (which would keep splitApi from cutting at the dot before the name). */
const SIMPLE_BASE = /^[^{}]*$/;
const globalCache = new Map<string, Value>();
const GLOBAL_OBJECTS = new Set(['window', 'globalThis', 'self', 'global']);

function globalValue(name: string): Value {
  if (name === 'undefined' || name === 'NaN' || name === 'Infinity') return CLEAN;
  let v = globalCache.get(name);
  if (!v) {
    v = Object.freeze(makeValue(undefined, GLOBAL_OBJECTS.has(name) ? '' : name));
    globalCache.set(name, v);
  }
  return v;
}

export function readVar(A: Analyzer, name: string, st: State): Value {
  for (let s: State | null = st; s; s = s.frame.closure) {
    // A guard in an enclosing function holds where the closure was created (and runs).
    const r = s.ref.size > 0 ? s.ref.get(name) : undefined;
    if (r) return r;
    const v = s.env.get(name);
    if (v !== undefined) return v;
    if (s.frame.scope.declared.has(name)) {
      const b = A.api.binding(name);
      return b ? makeValue(undefined, b) : UNKNOWN;
    }
  }
  return globalValue(name);
}

export function writeVar(name: string, v: Value, st: State): void {
  dropRef(st, name);
  if (st.frame.scope.declared.has(name)) {
    envSet(st, name, v);
    return;
  }
  for (let s: State | null = st.frame.closure; s; s = s.frame.closure) {
    if (s.frame.scope.declared.has(name)) {
      // A closure's write may or may not happen (a callback, a branch of it): the enclosing
      // variable keeps both values; this run sees the new one until its paths join.
      envSet(s, name, join(s.env.get(name), v));
      setRef(st, name, v);
      return;
    }
  }
  envSet(st, name, v);
}

/** `a.b.c` rooted at an identifier: the refinement key, or undefined. */
export function staticKey(node: N): string | undefined {
  const parts: string[] = [];
  let n = node;
  for (let i = 0; i < 8; i++) {
    if (n.type === 'Identifier') {
      parts.push(n.name);
      return parts.reverse().join('.');
    }
    if (n.type !== 'MemberExpression') return undefined;
    const name = memberName(n);
    if (name === undefined) return undefined;
    parts.push(name);
    n = n.object;
  }
  return undefined;
}

function memberImp(imp: ImportRef, name: string): ImportRef {
  if (imp.name === undefined) return { spec: imp.spec, name };
  if (imp.inst) return { spec: imp.spec, name: `${imp.name}#${name}` };
  // A default import of a CommonJS module: its members are the module's exports.
  if (imp.name === 'default') return { spec: imp.spec, name };
  return { spec: imp.spec, name: `${imp.name}.${name}` };
}

/** Reading `obj.name` (name undefined: a computed key the engine cannot know). */
export function readMember(A: Analyzer, obj: Value, name: string | undefined, node: AnyNode): Value {
  if (name === 'length') return CLEAN;
  const fv = name !== undefined ? obj.fields?.get(name) : undefined;
  let r: Value;
  if (fv) r = fv;
  else if (name === undefined) r = obj.fields ? taintOnly(allFlows(obj)) : obj.flows ? makeValue(obj.flows) : UNKNOWN;
  else r = obj.flows ? makeValue(obj.flows) : UNKNOWN;
  if (name === undefined) return r;
  r = plainField(A, name, r);
  // A parsed URL's pathname always starts with '/'.
  if (name === 'pathname' && r.flows) r = { ...r, flags: (r.flags ?? 0) | F_ROOTED };
  if (obj.api !== undefined && !fv && obj.api.length < MAX_API_LEN) {
    // A module's `default` is the module (TypeScript's CommonJS interop: `import * as axios …;
    // axios.default.get(u)`), as in ir/api-names.ts; not for a role or a call's result.
    const path = obj.api === '' ? name : name === 'default' && isModuleRoot(obj.api) ? obj.api : `${obj.api}.${name}`;
    r = r === UNKNOWN ? makeValue(undefined, path) : { ...r, api: path };
    const sr = A.models.sourcesRead;
    // `name` is the path's last segment unless it or a one-part role needs the full split's rules.
    const last = SIMPLE_NAME.test(name) && SIMPLE_BASE.test(obj.api) && !(obj.api.charCodeAt(0) === 64 /* @ */ && !obj.api.includes('.')) ? name : undefined;
    const srcs = sr.mayMatchLast(path, last) ? sr.match(splitApi(path)) : NO_SPECS;
    for (const s of srcs) {
      // guards.ts `sameOriginCheck`: only the expected sender's messages reach here.
      if (s.label === 'message' && ((obj.flags ?? 0) & F_SENDER_CHECKED) !== 0) continue;
      if (s.browserOnly && A.serverCode) continue;
      r = withFlows(r, mergeFlows(r.flows ?? [], [A.sourceFlow(node, s.label, s.description, s.text)]));
    }
    // The request's own origin (`ctx.request.origin`): a redirect there stays on this site.
    if (name === 'origin' && obj.api.startsWith('@')) {
      const cf = cleanFlows(r.flows ?? [], REDIRECT_ONLY, ALL_KINDS_MASK);
      r = { ...r, flows: cf.length > 0 ? cf : undefined, flags: (r.flags ?? 0) | F_FIXED_ORIGIN };
    }
  }
  if (obj.imp) {
    let imp = memberImp(obj.imp, name);
    const ex = A.ctx.importedExports(imp.spec);
    // A static method of the module's default-exported class (`import Storage from …` or
    // `require(…)` of `module.exports = class`): first for a default import, else after the named export.
    if (!obj.imp.inst && (obj.imp.name === 'default' || (obj.imp.name === undefined && !ownEntry(ex?.functions, name)))) {
      if (ownEntry(ex?.functions, `default.${name}`)) imp = { spec: imp.spec, name: `default.${name}` };
    }
    const api = imp.name !== undefined ? ownEntry(ex?.values, imp.name) : undefined;
    r = { ...r, imp, ...(api !== undefined ? { api } : {}) };
  }
  if (obj.inst) {
    const m = classMember(A, obj.inst, name, false);
    if (m) r = join(r === UNKNOWN ? undefined : r, m);
  } else if (obj.cls) {
    const m = classMember(A, obj.cls, name, true);
    if (m) r = join(r === UNKNOWN ? undefined : r, m);
  }
  return r;
}

/** `axios`, `node:fs`, `@aws-sdk/client-s3`: a module's own name, not a member, call or role path. */
function isModuleRoot(api: string): boolean {
  if (api === '' || api.includes('(')) return false;
  return api.charCodeAt(0) === 64 /* @ */ ? api.includes('/') && !api.includes('.') : !api.includes('.');
}

/**
 * The field holding what every element of an array is known to be (taint/dtos.ts: a validated
 * `Item[]`'s checked element fields); not a name a program's `.x` can read.
 */
export const ELEMENT_FIELD = '[]';

/** The value of an element of an array-like value (unknown index). */
export function elemOf(v: Value): Value {
  if (v.fields) return v.fields.get(ELEMENT_FIELD) ?? taintOnly(allFlows(v));
  return v.flows ? makeValue(v.flows) : UNKNOWN;
}

function isDeclaredAnywhere(name: string, st: State): boolean {
  for (let s: State | null = st; s; s = s.frame.closure) if (s.frame.scope.declared.has(name)) return true;
  return false;
}

export function evalExpr(A: Analyzer, node: AnyNode, st: State, d: number): Value {
  const n = node as N;
  if (!A.spend(n)) return UNKNOWN;
  if (d > MAX_EXPR_DEPTH) {
    A.truncate(n, `expression nests deeper than ${MAX_EXPR_DEPTH} levels; not analysed further`);
    return UNKNOWN;
  }
  // The depth cap counts AST levels, not stack frames (cold code has bigger frames, workers smaller
  // stacks): every STACK_GUARD levels a stack overflow below is caught and the value left unknown.
  if (d > 0 && d % STACK_GUARD === 0) {
    try {
      return evalGuarded(A, n, st, d);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      A.truncate(n, `expression nests deeper than the stack allows (over ${d} levels); not analysed further`);
      return UNKNOWN;
    }
  }
  return evalGuarded(A, n, st, d);
}

const STACK_GUARD = 100;

function evalGuarded(A: Analyzer, n: N, st: State, d: number): Value {
  const hooks = A.ctx.hooks;
  if (hooks) {
    const src = hooks.source?.(n, A.file);
    if (src) {
      const v = evalInner(A, n, st, d);
      return withFlows(v, mergeFlows(v.flows ?? [], [A.sourceFlow(n, src.label, src.description)]));
    }
    if (hooks.sanitizer?.(n, A.file)) {
      const v = evalInner(A, n, st, d);
      return v.api !== undefined ? makeValue(undefined, v.api) : CLEAN;
    }
  }
  return evalInner(A, n, st, d);
}

function evalInner(A: Analyzer, n: N, st: State, d: number): Value {
  switch (n.type) {
    case 'Identifier':
      return refinedFields(readVar(A, n.name, st), n.name, st);
    case 'Literal':
      if (n.regex) return makeValue(undefined, undefined, null, F_CLEAN_SCALAR);
      if (typeof n.value === 'string') return makeValue(undefined, undefined, n.value);
      return makeValue(undefined, undefined, typeof n.value === 'number' || typeof n.value === 'boolean' ? n.value : null, F_CLEAN_SCALAR);
    case 'TemplateLiteral':
      return evalTemplate(A, n, st, d);
    case 'TaggedTemplateExpression': {
      const tag = evalExpr(A, n.tag, st, d + 1);
      // A tag receives the parts separately (sql`…${x}`): not text built by concatenation.
      let flows: Flow[] = [];
      for (const e of n.quasi.expressions as N[]) flows = mergeFlows(flows, allFlows(evalExpr(A, e, st, d + 1)));
      // An escaping tag (ldapEscape.filter`(uid=${x})`) escapes each part.
      const mask = flows.length > 0 ? refSanitizerMask(A, tag) : 0;
      if ((mask & ALL_KINDS_MASK) === ALL_KINDS_MASK) return CLEAN;
      return taintOnly(mask === 0 ? flows : cleanFlows(flows, mask, ALL_KINDS_MASK));
    }
    case 'BinaryExpression':
      return evalBinary(A, n, st, d);
    case 'LogicalExpression':
      return evalLogical(A, n, st, d);
    case 'ConditionalExpression': {
      evalExpr(A, n.test, st, d + 1);
      const t = fork(st);
      refine(A, n.test, true, t, d + 1);
      const vt = evalExpr(A, n.consequent, t, d + 1);
      const e = fork(st);
      refine(A, n.test, false, e, d + 1);
      const ve = evalExpr(A, n.alternate, e, d + 1);
      setJoinedEnv(st, t.env, e.env);
      return join(vt, ve);
    }
    case 'AssignmentExpression':
      return evalAssign(A, n, st, d);
    case 'UpdateExpression':
      if (n.argument.type === 'Identifier') writeVar(n.argument.name, CLEAN, st);
      else evalExpr(A, n.argument, st, d + 1);
      return CLEAN;
    case 'UnaryExpression':
      evalExpr(A, n.argument, st, d + 1);
      return CLEAN;
    case 'MemberExpression':
      return evalMember(A, n, st, d);
    case 'ChainExpression':
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'TSInstantiationExpression':
      return evalExpr(A, n.expression, st, d + 1);
    case 'AwaitExpression':
    case 'SpreadElement':
      return evalExpr(A, n.argument, st, d + 1);
    case 'YieldExpression':
      return n.argument ? evalExpr(A, n.argument, st, d + 1) : UNKNOWN;
    case 'CallExpression':
    case 'NewExpression':
      return evalCall(A, n, st, d);
    case 'ImportExpression': {
      const s = n.source;
      if (s.type === 'Literal' && typeof s.value === 'string') {
        A.imports.add(s.value);
        return valueOf({ api: moduleApiName(s.value), imp: { spec: s.value } });
      }
      evalExpr(A, s, st, d + 1);
      return UNKNOWN;
    }
    case 'SequenceExpression': {
      let v: Value = UNKNOWN;
      for (const e of n.expressions as N[]) v = evalExpr(A, e, st, d + 1);
      return v;
    }
    case 'ArrayExpression':
      return evalArray(A, n, st, d);
    case 'ObjectExpression':
      return evalObject(A, n, st, d);
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      A.declState.set(n, st);
      return valueOf({ fns: [{ node: n, closure: st, cls: st.frame.cls }] });
    case 'ClassExpression':
    case 'ClassDeclaration':
      A.declState.set(n, st);
      initFields(A, n, st, d);
      return valueOf({ cls: n });
    case 'ThisExpression':
      return st.frame.thisVal ?? (st.frame.cls ? valueOf({ inst: st.frame.cls }) : UNKNOWN);
    case 'JSXElement':
    case 'JSXFragment':
      evalJsx(A, n, st, d);
      return UNKNOWN;
    default:
      return UNKNOWN;
  }
}

const fieldsDone = new WeakSet<AnyNode>();

/**
 * Instance fields a method can read before any constructor run the engine sees: initializers
 * (`repo = new Repo()`), constructor parameter properties (`constructor(private repo = new Repo())`,
 * `constructor(private repo: Repo)`) and typed fields (`@Inject() repo: Repo`) — an instance of the
 * named local or imported class, so `this.repo.find(x)` reaches `Repo#find`.
 */
function initFields(A: Analyzer, cls: N, st: State, d: number): void {
  if (fieldsDone.has(cls)) return;
  fieldsDone.add(cls);
  const body = (cls.body?.body ?? []) as N[];
  for (const m of body) {
    if (m.static) continue;
    if (m.type === 'PropertyDefinition' && !m.computed && m.key?.type === 'Identifier') {
      const v = m.value as N | null;
      if (v && (v.type === 'ArrowFunctionExpression' || v.type === 'FunctionExpression')) continue;
      const fv = v ? evalExpr(A, v, st, d + 1) : typedInstance(A, m.typeAnnotation, st);
      if (fv && fv !== UNKNOWN) storeField(A, cls, m.key.name, fv);
    } else if (m.type === 'MethodDefinition' && m.kind === 'constructor') {
      for (const p of (m.value?.params ?? []) as N[]) {
        if (p.type !== 'TSParameterProperty') continue;
        const q = p.parameter as N;
        const id = q.type === 'AssignmentPattern' ? q.left as N : q;
        if (id.type !== 'Identifier') continue;
        let fv = typedInstance(A, id.typeAnnotation, st);
        if (q.type === 'AssignmentPattern') fv = join(fv, evalExpr(A, q.right, st, d + 1));
        if (fv && fv !== UNKNOWN) storeField(A, cls, id.name, fv);
      }
    }
  }
}

/**
 * `x: Repo` where Repo is a local or imported class: an instance of it. A package's class injected
 * by a framework (`constructor(private route: ActivatedRoute)`, Angular and NestJS dependency
 * injection) is also its API instance, as if made with `new` (`@angular/router.ActivatedRoute()`).
 */
function typedInstance(A: Analyzer, ann: N | null | undefined, st: State): Value | undefined {
  const t = ann?.typeAnnotation as N | undefined;
  if (t?.type !== 'TSTypeReference' || t.typeName?.type !== 'Identifier') return undefined;
  const v = readVar(A, t.typeName.name, st);
  if (v.cls) return valueOf({ inst: v.cls });
  if (v.imp && !v.imp.inst) {
    const inst: Value = valueOf({ imp: { spec: v.imp.spec, name: v.imp.name ?? 'default', inst: true } });
    return v.api !== undefined && isPackageSpec(v.imp.spec) ? { ...inst, api: `${v.api}()` } : inst;
  }
  return undefined;
}

/** A package's specifier (`@angular/router`, `typeorm`), not a relative or absolute path. */
function isPackageSpec(spec: string): boolean {
  return !spec.startsWith('.') && !spec.startsWith('/');
}

function evalTemplate(A: Analyzer, n: N, st: State, d: number): Value {
  const exprs = n.expressions as N[];
  if (exprs.length === 0) return makeValue(undefined, undefined, n.quasis[0]?.value?.cooked ?? '');
  let flows: Flow[] = [];
  let only: Value | undefined;
  // Whether an untainted directory precedes: text with more than '/' and '.', or an untainted value.
  let dir = false;
  // Whether the text before a part fixes the origin (url-base.ts): the part is then clean for SSRF and open redirect.
  const origin = new UrlPrefix(A, st);
  let tainted = false;
  for (let i = 0; i < exprs.length; i++) {
    const q = String(n.quasis[i]?.value?.cooked ?? '');
    if (/[^/.]/.test(q)) dir = true;
    origin.text(q);
    const v = evalExpr(A, exprs[i]!, st, d + 1);
    only = v;
    let vf = allFlows(v);
    if (vf.length > 0) tainted = true;
    if (origin.part(exprs[i]!, v) || origin.query) vf = cleanFlows(vf, ORIGIN_SAFE, ALL_KINDS_MASK);
    flows = mergeFlows(flows, dir ? confineDotless(vf, PATH_MASK, ALL_KINDS_MASK) : vf);
    if (vf.length === 0 && v.lit === undefined) dir = true;
  }
  const text = (n.quasis as N[]).some((q) => (q.value?.raw ?? '') !== '');
  if (!text && exprs.length === 1 && only) return taintOnly(allFlows(only));
  const fx = origin.done(String(n.quasis[exprs.length]?.value?.cooked ?? ''));
  if (String(n.quasis[0]?.value?.cooked ?? '').startsWith('/') && tainted) {
    return makeValue(flows.length > 0 ? markBuilt(flows) : undefined, undefined, undefined, F_ROOTED | (fx ? F_FIXED_ORIGIN : 0));
  }
  if (fx) return makeValue(flows.length > 0 ? markBuilt(flows) : undefined, undefined, undefined, F_FIXED_ORIGIN);
  if (flows.length === 0) return UNKNOWN;
  let tk = flowsText(flows);
  for (const q of n.quasis as N[]) tk |= textKinds(String(q.value?.cooked ?? ''));
  return makeValue(markBuilt(flows, tk));
}

function isScalar(v: Value): boolean {
  return ((v.flags ?? 0) & F_CLEAN_SCALAR) !== 0;
}

const ORIGIN_SAFE = kindsMask(['open-redirect', 'ssrf']);
const PATH_MASK = kindsMask(['path-traversal']);
const REDIRECT_ONLY = kindsMask(['open-redirect']);

function fixedOrigin(v: Value): boolean {
  return ((v.flags ?? 0) & F_FIXED_ORIGIN) !== 0 || (typeof v.lit === 'string' && FIXED_ORIGIN.test(v.lit));
}

/**
 * An untainted left part that can serve as a directory: a literal with something besides '/' and
 * '.' (`'/' + x` is x itself when x is absolute; `'.' + x` can make '..'), or a computed value.
 */
function fixedDir(a: Value): boolean {
  if (typeof a.lit === 'string') return /[^/.]/.test(a.lit);
  return a.lit === undefined && !isScalar(a);
}

function plus(a: Value, b: Value): Value {
  const fa = allFlows(a);
  let fb = allFlows(b);
  const fixed = fixedOrigin(a);
  if (fa.length === 0 && fb.length === 0) {
    if (typeof a.lit === 'string' && typeof b.lit === 'string' && a.lit.length + b.lit.length < 200) return makeValue(undefined, undefined, a.lit + b.lit);
    if (isScalar(a) && isScalar(b)) return CLEAN;
    return fixed ? makeValue(undefined, undefined, undefined, F_FIXED_ORIGIN) : UNKNOWN;
  }
  // What follows a fixed origin cannot send the request or the user elsewhere.
  if (fixed) fb = cleanFlows(fb, ORIGIN_SAFE, ALL_KINDS_MASK);
  // A '..'-free part after an untainted directory stays under it, even if it starts with '/'.
  if (fa.length === 0 && fixedDir(a)) fb = confineDotless(fb, PATH_MASK, ALL_KINDS_MASK);
  // The whole string's literal words apply to every part of it (`'… WHERE a = ' + x + ' AND b = ' + y`).
  const tk = (typeof a.lit === 'string' ? textKinds(a.lit) : 0) | (typeof b.lit === 'string' ? textKinds(b.lit) : 0) | flowsText(fa) | flowsText(fb);
  const r: Value = makeValue(markBuilt(mergeFlows(fa, fb), tk));
  if (fixed) r.flags = F_FIXED_ORIGIN;
  if (typeof a.lit === 'string' ? a.lit.startsWith('/') : ((a.flags ?? 0) & F_ROOTED) !== 0) r.flags = (r.flags ?? 0) | F_ROOTED;
  return r;
}

/** Binary chains are walked iteratively along the left spine (`a + b + …` can be 50,000 deep). */
function evalBinary(A: Analyzer, n: N, st: State, d: number): Value {
  const spine: N[] = [];
  let cur: N = n;
  while (cur.type === 'BinaryExpression') {
    spine.push(cur);
    cur = cur.left;
  }
  let acc = evalExpr(A, cur, st, d + 1);
  // Whether the text before a part fixes the origin (url-base.ts): `plus` then cleans the part for
  // SSRF and open redirect.
  const origin = spine[spine.length - 1]?.operator === '+' ? new UrlPrefix(A, st) : undefined;
  origin?.part(cur, acc);
  let sum = true;
  for (let i = spine.length - 1; i >= 0; i--) {
    const b = spine[i]!;
    let r = evalExpr(A, b.right, st, d + 1);
    if (b.operator !== '+') sum = false;
    if (sum && origin?.part(b.right, r) && !fixedOrigin(acc)) acc = { ...acc, flags: (acc.flags ?? 0) | F_FIXED_ORIGIN };
    // After a literal '?' or '#' a part is only query or fragment text: it cannot move the URL elsewhere.
    else if (sum && origin?.query && b.operator === '+') r = withFlows(r, cleanFlows(allFlows(r), ORIGIN_SAFE, ALL_KINDS_MASK));
    if (b.operator === '+' && i > 0 && singleQuoted(acc, b.right, spine[i - 1]!.right)) {
      r = withFlows(r, cleanFlows(allFlows(r), COMMAND_MASK, ALL_KINDS_MASK));
    } else if (b.operator === '+' && opensQuote(i === spine.length - 1 ? cur : spine[i + 1]!.right)) {
      // A shell-quoted word put inside another pair of single quotes comes out unquoted.
      r = unclean(r, COMMAND_MASK);
    }
    acc = b.operator === '+' ? plus(acc, r) : CLEAN;
  }
  // `BASE + '/users/'`: a fixed start for whatever is appended to it later.
  if (sum && origin?.done('') && !fixedOrigin(acc)) acc = { ...acc, flags: (acc.flags ?? 0) | F_FIXED_ORIGIN };
  return acc;
}

const COMMAND_MASK = kindsMask(['command-injection']);

function opensQuote(n: N): boolean {
  const x = n.type === 'ParenthesizedExpression' ? n.expression : n;
  return x.type === 'Literal' && typeof x.value === 'string' && x.value.endsWith("'");
}

function unclean(v: Value, mask: number): Value {
  const fl = allFlows(v);
  if (fl.length === 0) return v;
  return makeValue(fl.map((f) => ({ ...f, clean: f.clean & ~mask, unclean: (f.unclean ?? 0) | mask })));
}
const SHELL_QUOTE_ESCAPES = new Set(["''", "'\\''", `'"'"'`]);

/**
 * `"… '" + s.replace(/'/g, "'\\''") + "' …"`: a shell word in single quotes whose own quotes are
 * escaped (every `'` rewritten) — the shell reads it as one literal argument.
 */
function singleQuoted(before: Value, mid: N, after: N): boolean {
  if (typeof before.lit !== 'string' || !before.lit.endsWith("'")) return false;
  if (after.type !== 'Literal' || typeof after.value !== 'string' || !after.value.startsWith("'")) return false;
  const c = mid.type === 'CallExpression' ? mid : undefined;
  const callee = c?.callee;
  if (callee?.type !== 'MemberExpression' || callee.computed) return false;
  const m = callee.property?.name;
  if (m !== 'replace' && m !== 'replaceAll') return false;
  const re = c!.arguments[0] as N | undefined;
  const rep = c!.arguments[1] as N | undefined;
  if (re?.type === 'Literal' && re.regex) {
    if (re.regex.pattern !== "'" || !String(re.regex.flags).includes('g')) return false;
  } else if (!(m === 'replaceAll' && re?.type === 'Literal' && re.value === "'")) return false;
  // Only rewrites that keep the word quoted: `''`, `'\\''`, `'"'"'` (a backslash inside '…' is literal).
  return rep?.type === 'Literal' && typeof rep.value === 'string' && SHELL_QUOTE_ESCAPES.has(rep.value);
}

function evalLogical(A: Analyzer, n: N, st: State, d: number): Value {
  const op = n.operator as string;
  const spine: N[] = [];
  let cur: N = n;
  while (cur.type === 'LogicalExpression' && cur.operator === op) {
    spine.push(cur);
    cur = cur.left;
  }
  let acc = evalExpr(A, cur, st, d + 1);
  // Later operands run only when the earlier ones allow it: refine a fork, merge its writes back.
  const branch = fork(st);
  let prev: N = cur;
  for (let i = spine.length - 1; i >= 0; i--) {
    if (op !== '??') refine(A, prev, op === '&&', branch, d + 1);
    const right = spine[i]!.right as N;
    const rv = evalExpr(A, right, branch, d + 1);
    acc = op === '&&' ? join(isScalar(acc) ? undefined : acc, rv) : join(acc, defaultsUnder(acc, rv));
    prev = right;
  }
  setJoinedEnv(st, st.env, branch.env);
  return acc;
}

/**
 * `c = c || doT.templateSettings`, `opts ?? DEFAULTS`: when the caller's value (tainted, its fields
 * unknown) is the one kept, `c.varname` is the caller's field, so each named field of the defaults
 * also carries the caller's taint; otherwise the join would read the defaults' literal only.
 */
function defaultsUnder(left: Value, right: Value): Value {
  if (!left.flows || left.flows.length === 0 || left.fields || !right.fields) return right;
  const lv = makeValue(left.flows);
  const fields = new Map<string, Value>();
  for (const [k, v] of right.fields) fields.set(k, join(v, lv));
  const r = valueOf(right);
  r.fields = fields;
  return r;
}

/**
 * A guard on a path one step under `key` (`FIELDS.includes(req.params.field)`) holds for the value
 * read as a whole, as its field: `const { field } = req.params` and `p = req.params; p.field` see it.
 * One step only: a field set on an API value would hide the sources read from it (`req.params`).
 */
function refinedFields(v: Value, key: string, st: State): Value {
  let out = v;
  let seen: Set<string> | undefined;
  const prefix = key + '.';
  for (let s: State | null = st; s; s = s.frame.closure) {
    if (s.ref.size === 0) continue;
    for (const [k, rv] of s.ref) {
      if (k.length <= prefix.length || !k.startsWith(prefix)) continue;
      const name = k.slice(prefix.length);
      // The innermost guard wins (an outer function's check, seen from a closure, comes later).
      if (name.includes('.') || seen?.has(name)) continue;
      (seen ??= new Set()).add(name);
      out = withField(out, name, rv);
    }
  }
  return out;
}

function evalMember(A: Analyzer, n: N, st: State, d: number): Value {
  let key: string | undefined;
  for (let s: State | null = st; s; s = s.frame.closure) {
    if (s.ref.size === 0) continue;
    key ??= staticKey(n);
    if (key === undefined) break;
    const r = s.ref.get(key);
    if (r) return r;
  }
  const v = evalMemberRead(A, n, st, d);
  return key !== undefined ? refinedFields(v, key, st) : v;
}

function evalMemberRead(A: Analyzer, n: N, st: State, d: number): Value {
  const obj = evalExpr(A, n.object, st, d + 1);
  if (n.property.type === 'PrivateIdentifier') return readMember(A, obj, '#' + n.property.name, n);
  if (!n.computed) return readMember(A, obj, n.property.name, n);
  const name = memberName(n);
  if (name !== undefined) return readMember(A, obj, name, n);
  const key = evalExpr(A, n.property, st, d + 1);
  if (typeof key.lit === 'number' || (typeof key.lit === 'string' && key.lit.length < 100)) return readMember(A, obj, String(key.lit), n);
  const r = readMember(A, obj, undefined, n);
  // Reading `o[k]` with an input key may yield Object.prototype (k = '__proto__') unless o has none.
  return key.flows && key.flows.length > 0 && !((obj.flags ?? 0) & F_NULL_PROTO) ? { ...r, flags: (r.flags ?? 0) | F_DEREF } : r;
}

function evalArray(A: Analyzer, n: N, st: State, d: number): Value {
  let flows: Flow[] = [];
  let fields: Map<string, Value> | undefined;
  let i = 0;
  for (const el of n.elements as (N | null)[]) {
    if (!el) { i++; continue; }
    const v = evalExpr(A, el, st, d + 1);
    flows = mergeFlows(flows, allFlows(v));
    if (el.type !== 'SpreadElement' && i < 32) (fields ??= new Map()).set(String(i), v);
    i++;
  }
  const r: Value = makeValue(undefined, undefined, undefined, F_ARRAY_LIT);
  if (flows.length > 0) r.flows = flows;
  if (fields) r.fields = fields;
  return r;
}

function propKey(A: Analyzer, p: N, st: State, d: number): string | undefined {
  const k = p.key as N;
  if (!p.computed) return k.type === 'Identifier' ? k.name : k.type === 'Literal' ? String(k.value) : undefined;
  if (k.type === 'Literal' && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  const kv = evalExpr(A, k, st, d + 1);
  return typeof kv.lit === 'string' ? kv.lit : undefined;
}

function evalObject(A: Analyzer, n: N, st: State, d: number): Value {
  let fields: Map<string, Value> | undefined;
  let flows: Flow[] = [];
  for (const p of n.properties as N[]) {
    if (p.type === 'SpreadElement') {
      const v = evalExpr(A, p.argument, st, d + 1);
      // `{ ...DEFAULTS, ...opts }`: a tainted object whose fields are unknown may override any field before it.
      if (fields && !v.fields && v.flows && v.flows.length > 0) {
        const over = makeValue(v.flows);
        for (const [k, fv] of fields) fields.set(k, join(fv, over));
      }
      if (v.fields) for (const [k, fv] of v.fields) (fields ??= new Map()).set(k, fv);
      if (v.flows) flows = mergeFlows(flows, v.flows);
      continue;
    }
    if (p.type !== 'Property' || p.kind === 'get' || p.kind === 'set') continue;
    const key = propKey(A, p, st, d);
    const v = evalExpr(A, p.value, st, d + 1);
    if (key === undefined) flows = mergeFlows(flows, allFlows(v));
    else if (!fields || fields.size < 32) (fields ??= new Map()).set(key, v);
  }
  const r: Value = makeValue(undefined);
  if (fields) r.fields = fields;
  if (flows.length > 0) r.flows = flows;
  return r;
}

function evalJsx(A: Analyzer, n: N, st: State, d: number): void {
  const open = n.openingElement as N | undefined;
  // A component defined in the file gets its attributes as the props object.
  const tag = open?.name as N | undefined;
  const tv = tag && tag.type === 'JSXIdentifier' && /^[A-Z]/.test(tag.name) ? readVar(A, tag.name, st) : undefined;
  // … and one imported from another file, through its summary (component-props.ts): a call with the props object.
  const imported = tv?.imp && !tv.fns ? ownEntry(A.ctx.importedExports(tv.imp.spec)?.functions, tv.imp.name ?? 'default') : undefined;
  const component = tv?.fns ?? (imported ? [] : undefined);
  let props: Map<string, Value> | undefined;
  let spread: Flow[] = [];
  for (const attr of (open?.attributes ?? []) as N[]) {
    if (attr.type === 'JSXSpreadAttribute') {
      const sv = evalExpr(A, attr.argument, st, d + 1);
      if (component) {
        if (sv.fields) for (const [k, fv] of sv.fields) (props ??= new Map()).set(k, fv);
        spread = mergeFlows(spread, sv.flows ?? []);
      }
      continue;
    }
    const c = attr.value as N | null;
    const name = attr.name?.type === 'JSXIdentifier' ? attr.name.name : undefined;
    if (c && c.type === 'Literal' && component && name) (props ??= new Map()).set(name, makeValue(undefined, undefined, c.value as string | number | boolean | null));
    if (!c || c.type !== 'JSXExpressionContainer' || c.expression.type === 'JSXEmptyExpression') continue;
    const v = evalExpr(A, c.expression, st, d + 1);
    if (component && name) (props ??= new Map()).set(name, v);
    const specs = name ? A.models.sinksJsx.get(name) : undefined;
    if (!specs) continue;
    for (const spec of specs) {
      const target = spec.property ? v.fields?.get(spec.property) ?? (v.fields ? undefined : v) : v;
      if (!target) continue;
      const step = A.step(attr, spec.description);
      for (const f of allFlows(target)) {
        A.reportFlow(st, { kind: spec.kind, sinkId: spec.id, labels: spec.labels, needsBuilt: spec.requiresConcatenation, description: spec.description }, f, step);
      }
    }
  }
  let children: Value | undefined;
  for (const c of (n.children ?? []) as N[]) {
    if (c.type === 'JSXExpressionContainer' && c.expression.type !== 'JSXEmptyExpression') children = join(children, evalExpr(A, c.expression, st, d + 1));
    else if (c.type === 'JSXElement' || c.type === 'JSXFragment') evalExpr(A, c, st, d + 1);
  }
  if (component) {
    if (children && (component.length > 0 || imported)) (props ??= new Map()).set('children', children);
    const pv: Value = makeValue(undefined);
    if (props) pv.fields = props;
    if (spread.length > 0) pv.flows = spread;
    for (const fn of component) runCallback(A, fn, [pv], st);
    if (imported) applySummary(A, imported, [pv], [], undefined, n, st, tag!.name);
  }
}

function stepped(A: Analyzer, v: Value, node: AnyNode, name: string): Value {
  if (!v.flows || v.flows.length === 0) return v;
  return { ...v, flows: flowsWithStep(v.flows, A.step(node, `assigned to ${name}`)) };
}

function evalAssign(A: Analyzer, n: N, st: State, d: number): Value {
  const op = n.operator as string;
  let v: Value;
  if (op === '=') v = evalExpr(A, n.right, st, d + 1);
  else if (op === '+=') v = plus(evalExpr(A, n.left, st, d + 1), evalExpr(A, n.right, st, d + 1));
  else if (op === '||=' || op === '&&=' || op === '??=') v = join(evalExpr(A, n.left, st, d + 1), evalExpr(A, n.right, st, d + 1));
  else {
    evalExpr(A, n.right, st, d + 1);
    v = CLEAN;
  }
  customAssignSink(A, n, v, st);
  if (n.left.type === 'Identifier') writeVar(n.left.name, stepped(A, v, n, n.left.name), st);
  else bindPattern(A, n.left, v, st, d + 1);
  if (op === '=' && n.left.type === 'MemberExpression' && isModuleExports(n.left, st)) {
    // At module level, or in a function made there (a UMD wrapper run once): read from its end state.
    if (st.frame.closure === null) noteExportAliases(A, n.right);
    else if (st.frame.closure.frame === A.moduleState.frame) noteExportAliases(A, n.right, st.frame.scope.node);
  }
  return v;
}

/** `module.exports = a.b = c = {}` at module level (or in `fn` made there): a.b and c name the exported object too. */
function noteExportAliases(A: Analyzer, r: N, fn?: AnyNode): void {
  for (let i = 0; i < 8; i++) {
    while (r.type === 'ParenthesizedExpression') r = r.expression;
    const t: N = r.type === 'AssignmentExpression' && r.operator === '=' ? r.left : r;
    if ((t.type === 'Identifier' && t.name !== 'exports') || (t.type === 'MemberExpression' && staticKey(t) !== undefined && !isModuleExports(t, A.moduleState))) {
      if (!A.exportAliases.includes(t)) A.exportAliases.push(t);
      if (fn) A.exportAliasIn.set(t, fn);
    }
    if (r.type !== 'AssignmentExpression' || r.operator !== '=') return;
    r = r.right;
  }
}

/** A user's pattern sink that is an assignment (`$EL.innerHTML = $X`, or focused on the target or value). */
function customAssignSink(A: Analyzer, n: N, v: Value, st: State): void {
  const sink = A.ctx.hooks?.sink;
  if (!sink) return;
  const h = (sink(n, A.file) ?? sink(n.right, A.file) ?? sink(n.left, A.file)) as { ruleId: string; description: string } | undefined;
  if (!h) return;
  const flows = allFlows(v);
  if (flows.length === 0) return;
  const step = A.step(n, h.description);
  for (const f of flows) A.reportFlow(st, customSink(h), f, step);
}

/** Binds a declaration or assignment pattern to a value. */
export function bindPattern(A: Analyzer, p: N, v: Value, st: State, d: number, declStep = false): void {
  if (d > MAX_EXPR_DEPTH) {
    A.truncate(p, 'pattern nests too deep');
    return;
  }
  switch (p.type) {
    case 'Identifier':
      writeVar(p.name, declStep ? stepped(A, v, p, p.name) : v, st);
      return;
    case 'ObjectPattern': {
      for (const prop of p.properties as N[]) {
        if (prop.type === 'RestElement') {
          bindPattern(A, prop.argument, v, st, d + 1, declStep);
          continue;
        }
        const key = propKey(A, prop, st, d);
        bindPattern(A, prop.value, readMember(A, v, key, prop), st, d + 1, declStep);
      }
      return;
    }
    case 'ArrayPattern': {
      let i = 0;
      for (const el of p.elements as (N | null)[]) {
        if (el) {
          if (el.type === 'RestElement') bindPattern(A, el.argument, v, st, d + 1, declStep);
          else bindPattern(A, el, v.fields?.get(String(i)) ?? elemOf(v), st, d + 1, declStep);
        }
        i++;
      }
      return;
    }
    case 'AssignmentPattern': {
      const dv = evalExpr(A, p.right, st, d + 1);
      bindPattern(A, p.left, v === UNKNOWN ? dv : join(v, dv), st, d + 1, declStep);
      return;
    }
    case 'RestElement':
      bindPattern(A, p.argument, v, st, d + 1, declStep);
      return;
    case 'TSParameterProperty':
      bindPattern(A, p.parameter, v, st, d + 1, declStep);
      if (st.frame.cls) for (const name of patternNames(p.parameter)) storeField(A, st.frame.cls, name, v);
      return;
    case 'MemberExpression':
      assignMember(A, p, v, st, d);
      return;
    default:
      if (p.expression) bindPattern(A, p.expression, v, st, d + 1, declStep);
  }
}

function isModuleExports(n: N, st: State): boolean {
  if (n.type === 'Identifier') return n.name === 'exports' && !isDeclaredAnywhere('exports', st);
  return n.type === 'MemberExpression' && !n.computed && n.property.name === 'exports' && n.object.type === 'Identifier'
    && n.object.name === 'module' && !isDeclaredAnywhere('module', st);
}

function assignMember(A: Analyzer, t: N, v: Value, st: State, d: number): void {
  // `md.renderer.rules.x = fn`: fn's returns are HTML (markup-returns.ts).
  if (v.fns && isRuleTarget(t)) runRenderRule(A, v, st);
  const objNode = t.object as N;
  const obj = evalExpr(A, objNode, st, d + 1);
  let name = t.property.type === 'PrivateIdentifier' ? '#' + t.property.name : memberName(t);
  let key: Value | undefined;
  if (name === undefined) {
    key = evalExpr(A, t.property, st, d + 1);
    if (typeof key.lit === 'string' || typeof key.lit === 'number') name = String(key.lit);
  }
  if (name !== undefined) {
    const sinks = A.models.sinksAssign;
    if (sinks.size > 0) {
      const apiPath = obj.api !== undefined && obj.api.length < MAX_API_LEN ? (obj.api === '' ? name : `${obj.api}.${name}`) : undefined;
      const specs = apiPath === undefined ? sinks.match(['?', name]) : sinks.mayMatchPath(apiPath) ? sinks.match(splitApi(apiPath)) : NO_SPECS;
      if (specs.length > 0) {
        for (const spec of specs) {
          // `ctx.body = { … }` is sent as JSON: only a tainted body as a whole is a page.
          const flows = sinkFlows(spec.kind, v, spec.bodyJson);
          const step = A.step(t, spec.description);
          for (const f of flows) {
            A.reportFlow(st, { kind: spec.kind, sinkId: spec.id, labels: spec.labels, needsBuilt: spec.requiresConcatenation, description: spec.description }, f, step);
          }
        }
      }
    }
    if (objNode.type === 'Identifier' && objNode.name === 'module' && name === 'exports' && !isDeclaredAnywhere('module', st)) {
      A.exportVals.set('default', v);
      if (v.fields) for (const [k, fv] of v.fields) A.exportVals.set(k, fv);
      return;
    }
    if (isModuleExports(objNode, st)) {
      A.exportVals.set(name, v);
      return;
    }
    // `F.prototype.m = function …` / `F.prototype = { m() {} }`: methods of constructor F.
    if (objNode.type === 'MemberExpression' && memberName(objNode) === 'prototype') {
      for (const ctor of evalExpr(A, objNode.object, st, d + 1).fns ?? []) addProtoMethod(A, ctor.node, name, v);
    } else if (name === 'prototype' && v.fields) {
      for (const ctor of obj.fns ?? []) for (const [k, fv] of v.fields) addProtoMethod(A, ctor.node, k, fv);
    }
    if (objNode.type === 'ThisExpression') {
      const cls = st.frame.cls;
      if (cls) storeField(A, cls, name, v);
      st.frame.thisVal = withField(st.frame.thisVal ?? (cls ? valueOf({ inst: cls }) : UNKNOWN), name, v);
      return;
    }
    writeBack(A, objNode, withField(obj, name, v), st, d, 0);
    return;
  }
  // A computed key the engine cannot know.
  checkPollution(A, t, obj, key!, objNode, st);
  const vf = allFlows(v);
  if (vf.length > 0) writeBack(A, objNode, withFlows(obj, mergeFlows(obj.flows ?? [], vf)), st, d, 0);
}

function addProtoMethod(A: Analyzer, ctor: AnyNode, name: string, v: Value): void {
  const fn = v.fns?.[0]?.node;
  if (!fn) return;
  let m = A.protoMethods.get(ctor);
  if (!m) A.protoMethods.set(ctor, (m = new Map()));
  m.set(name, fn);
  A.protoOwner.set(fn, ctor);
}

/** Writes an updated object value back to where it was read from (a name or a static member chain). */
export function writeBack(A: Analyzer, objNode: N, nv: Value, st: State, d: number, depth: number): void {
  if (objNode.type === 'Identifier') {
    writeVar(objNode.name, nv, st);
    return;
  }
  if (depth > 4 || objNode.type !== 'MemberExpression') return;
  const name = memberName(objNode);
  if (name === undefined) return;
  if (objNode.object.type === 'ThisExpression') {
    const cls = st.frame.cls;
    if (cls) storeField(A, cls, name, nv);
    st.frame.thisVal = withField(st.frame.thisVal ?? (cls ? valueOf({ inst: cls }) : UNKNOWN), name, nv);
    return;
  }
  const parent = evalExpr(A, objNode.object, st, d + 1);
  writeBack(A, objNode.object, withField(parent, name, nv), st, d, depth + 1);
}

/** The function mentions `__proto__`, `constructor` or `prototype` as text: it guards its keys. */
function protoGuarded(A: Analyzer, fn: AnyNode): boolean {
  let g = A.protoGuardMemo.get(fn);
  if (g === undefined) {
    const src = A.file.source.slice(fn.start, fn.end);
    g = /['"`](__proto__|constructor|prototype)['"`]/.test(src) || /\b(Object\.freeze|isSafeKey|isPrototypePolluted)\b/.test(src)
      // A block list defined elsewhere in the file and consulted here.
      || (/['"`]__proto__['"`]/.test(A.file.source) && /\.(has|includes|indexOf)\(/.test(src));
    A.protoGuardMemo.set(fn, g);
  }
  return g;
}

/**
 * Built-in prototype-pollution sink: `o[k] = v` with a key from input, where `o` was itself read
 * with an input key (`o[k1][k2] = v`, `cur = cur[part]`), or `o` is a parameter of a recursive
 * function (a deep merge), and nothing rules out `__proto__`.
 */
function checkPollution(A: Analyzer, t: N, obj: Value, key: Value, objNode: N, st: State): void {
  const kf = key.flows;
  if (!kf || kf.length === 0) return;
  const flags = obj.flags ?? 0;
  if (flags & F_NULL_PROTO) return;
  const scope = st.frame.scope;
  let risky = (flags & F_DEREF) !== 0;
  if (!risky && scope.selfCalls && objNode.type === 'Identifier') {
    const params = new Set<string>();
    for (const p of ((scope.node as N).params ?? []) as N[]) patternNames(p, []).forEach((x) => params.add(x));
    risky = params.has(objNode.name);
  }
  if (!risky || protoGuarded(A, scope.node)) return;
  const step = A.step(t, 'writes a property whose name comes from the input (can reach Object.prototype)');
  for (const f of kf) {
    A.reportFlow(st, { kind: 'prototype-pollution', sinkId: 'computed-property-write', description: 'computed property write' }, f, step);
  }
}

export { paramSrc };
