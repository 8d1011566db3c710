/**
 * Local classes: their methods as function values, `this.x` fields (joined over all methods,
 * flow-insensitive, parameter flows stripped since they belong to the method that stored them),
 * and superclass lookup.
 */
import type { AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { allFlows, join, taintOnly, type Flow, type Value, UNKNOWN, valueOf } from './value.js';

type N = AnyNode & Record<string, any>;

const MAX_SUPER = 5;

function keyName(k: N, computed: boolean): string | undefined {
  if (!computed && k.type === 'Identifier') return k.name;
  if (k.type === 'PrivateIdentifier') return '#' + k.name;
  if (k.type === 'Literal' && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  return undefined;
}

/** The class's methods and function-valued fields by name (instance or static). */
export function classMethods(cls: AnyNode, isStatic: boolean): Map<string, AnyNode> {
  const out = new Map<string, AnyNode>();
  const body = (cls as N).body?.body as N[] | undefined;
  if (!body) return out;
  for (const m of body) {
    if (!!m.static !== isStatic) continue;
    const name = m.key ? keyName(m.key, !!m.computed) : undefined;
    if (name === undefined) continue;
    if (m.type === 'MethodDefinition' && m.kind !== 'get' && m.kind !== 'set' && m.kind !== 'constructor') out.set(name, m.value);
    else if (m.type === 'PropertyDefinition' && m.value && (m.value.type === 'ArrowFunctionExpression' || m.value.type === 'FunctionExpression')) out.set(name, m.value);
  }
  return out;
}

export function constructorOf(cls: AnyNode): AnyNode | undefined {
  const body = (cls as N).body?.body as N[] | undefined;
  return body?.find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor')?.value;
}

/** A member of a local class instance (`inst`) or the class itself (static). */
export function classMember(A: Analyzer, cls: AnyNode, name: string, isStatic: boolean): Value | undefined {
  let c: AnyNode | undefined = cls;
  for (let i = 0; c && i < MAX_SUPER; i++) {
    const m = methodsOf(A, c, isStatic).get(name) ?? (isStatic ? undefined : A.protoMethods.get(c)?.get(name));
    if (m) return valueOf({ fns: [{ node: m, closure: A.declState.get(m) ?? A.declState.get(c) ?? A.moduleState, cls }] });
    if (!isStatic) {
      const f = A.classFields.get(c)?.get(name);
      if (f) return f;
      const g = getterValue(A, c, name);
      if (g) return g;
    }
    c = superClassOf(A, c);
  }
  return undefined;
}

/** Calls whose result carries their receiver's or arguments' text as is (a getter's `[a, b].join(' ')`). */
const PASS_CALLS = new Set(['join', 'concat', 'trim', 'toString', 'toLowerCase', 'toUpperCase', 'String']);

/**
 * `get command() { return this.options.bin + ' ' + this.options.args }`: reading the getter gives
 * the taint of the fields its returns read (stored from a library caller by the constructor).
 * Reads inside other calls' arguments (an escaper's) do not count; nor does a getter's own call.
 */
function getterValue(A: Analyzer, cls: AnyNode, name: string): Value | undefined {
  const m = ((cls as N).body?.body as N[] | undefined)?.find((x) => x.type === 'MethodDefinition' && x.kind === 'get' && !x.static && keyName(x.key, !!x.computed) === name);
  const body = m?.value?.body?.body as N[] | undefined;
  const fields = A.classFields.get(cls);
  if (!body || !fields) return undefined;
  let flows: Flow[] = [];
  const visit = (e: N | null | undefined, depth: number): void => {
    if (!e || depth > 24) return;
    if (e.type === 'MemberExpression' && !e.computed && e.object.type === 'ThisExpression') {
      const f = fields.get((e.property as N).name);
      if (f) flows = flows.concat(allFlows(f));
      return;
    }
    if (e.type === 'CallExpression') {
      const callee = e.callee as N;
      const pass = callee.type === 'MemberExpression' ? PASS_CALLS.has((callee.property as N).name) : callee.type === 'Identifier' && PASS_CALLS.has(callee.name);
      if (!pass) return;
      visit(callee.type === 'MemberExpression' ? callee.object : undefined, depth + 1);
      for (const a of e.arguments as N[]) visit(a, depth + 1);
      return;
    }
    if (e.type === 'MemberExpression') return visit(e.object, depth + 1);
    if (e.type === 'BinaryExpression' || e.type === 'LogicalExpression') { visit(e.left, depth + 1); visit(e.right, depth + 1); return; }
    if (e.type === 'ConditionalExpression') { visit(e.consequent, depth + 1); visit(e.alternate, depth + 1); return; }
    if (e.type === 'TemplateLiteral' || e.type === 'ArrayExpression') for (const x of (e.expressions ?? e.elements) as (N | null)[]) visit(x, depth + 1);
    if (e.type === 'ParenthesizedExpression') visit(e.expression, depth + 1);
  };
  for (const st of body) if (st.type === 'ReturnStatement') visit(st.argument, 0);
  return flows.length > 0 ? taintOnly(flows) : undefined;
}

function methodsOf(A: Analyzer, cls: AnyNode, isStatic: boolean): Map<string, AnyNode> {
  let e = A.methodMemo.get(cls);
  if (!e) A.methodMemo.set(cls, (e = [classMethods(cls, false), classMethods(cls, true)]));
  return isStatic ? e[1] : e[0];
}

function superClassOf(A: Analyzer, cls: AnyNode): AnyNode | undefined {
  const sc = (cls as N).superClass as N | null;
  if (!sc || sc.type !== 'Identifier') return undefined;
  for (const c of A.scopes.classes) if ((c as N).id?.name === sc.name) return c;
  return undefined;
}

/** Stores `this.name = v` for the class (only real-source taint, API and function identity). */
export function storeField(A: Analyzer, cls: AnyNode, name: string, v: Value): void {
  let m = A.classFields.get(cls);
  if (!m) A.classFields.set(cls, (m = new Map()));
  // Parameter flows belong to the run that stored them; in a library, what its constructor or
  // setters keep is the caller's input (`new Git(dir)` … `exec('git -C ' + this.dir)`).
  const clean: Value = v.flows ? { ...v, flows: v.flows.flatMap((f) => (f.param < -1 ? [f] : A.libraryish ? [libraryFlow(f)] : [])) } : v;
  if (clean.flows && clean.flows.length === 0) clean.flows = undefined; // not delete: see value.ts join
  m.set(name, join(m.get(name), clean));
}

function libraryFlow(f: Flow): Flow {
  return { ...f, label: 'library-input', param: -2, src: `lib:${f.src}` };
}

export function instanceValue(cls: AnyNode): Value {
  return cls ? valueOf({ inst: cls }) : UNKNOWN;
}
