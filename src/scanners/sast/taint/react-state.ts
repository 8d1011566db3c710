/**
 * React state hooks: `const [x, setX] = useState(init)` — whatever setX is called with is x on the
 * next render, so a value set from the URL or a fetched record in an effect, an event handler or a
 * promise callback reaches the markup the component returns (`__html: x`). The state variable is
 * the join of its initial value and every value set (flow-insensitive, like the render cycle).
 *
 * The setter is an API value naming the function scope and the variable it writes
 * (`@react.state-setter:<scope start>:<name>`), so a call from a nested callback writes the
 * component's variable even when the callback has a parameter of the same name
 * (`.then((data) => setData(data))`).
 */
import type { AnyNode } from '../parse/walk.js';
import type { Analyzer } from './context.js';
import { runCallback } from './calls.js';
import { storeField } from './classes.js';
import { envSet, type State } from './state.js';
import { readVar } from './transfer.js';
import { join, makeValue, UNKNOWN, valueOf, type Value } from './value.js';

type N = AnyNode & Record<string, any>;

export const STATE_SETTER = '@react.state-setter:';
/** Per file: the functions (components, custom hooks) that declared a state hook. */
const stateful = new WeakMap<Analyzer, Set<AnyNode>>();
/** Most event handlers of one component run before its markup. */
const MAX_HANDLERS = 16;
/** `useState` of React, Preact (hooks) or anything spelt the same (`React.useState`, an auto-import). */
const STATE_HOOK = /(?:^|\.)useState\(\)$/;

function unwrap(n: N): N {
  while (n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression' || n.type === 'TSSatisfiesExpression') n = n.expression;
  return n;
}

/**
 * `const [x, setX] = useState(init)`: binds x to the initial value (a lazy initializer's return) and
 * setX to its setter. False when the declaration is not a state hook (the caller binds it as usual).
 */
export function bindStateHook(A: Analyzer, decl: N, v: Value, st: State): boolean {
  const id = decl.id as N;
  if (id.type !== 'ArrayPattern' || id.elements.length !== 2) return false;
  const [x, setX] = id.elements as (N | null)[];
  if (x?.type !== 'Identifier' || setX?.type !== 'Identifier') return false;
  const init = unwrap(decl.init as N);
  if (init.type !== 'CallExpression' || v.api === undefined || !STATE_HOOK.test(v.api)) return false;
  let initial = v;
  // `useState(() => parseHash())`: the state starts as what the function returns.
  const lazy = (init.arguments as N[])[0];
  if (lazy && (lazy.type === 'ArrowFunctionExpression' || lazy.type === 'FunctionExpression')) {
    const fn = { node: lazy as AnyNode, closure: st };
    initial = join(initial, runCallback(A, fn, [], st));
  }
  envSet(st, x.name, valueOf({ ...initial, api: undefined }));
  envSet(st, setX.name, makeValue(undefined, `${STATE_SETTER}${st.frame.scope.node.start}:${x.name}`));
  let set = stateful.get(A);
  if (!set) stateful.set(A, (set = new Set()));
  set.add(st.frame.scope.node);
  return true;
}

/**
 * Before a stateful component returns its markup: the functions it declares and has not run yet
 * (event handlers like `function handleSearch(e) { … setResults(data) }` passed to onSubmit)
 * run once, so what they set is in the state the markup reads, as on a later render.
 */
export function runStateHandlers(A: Analyzer, st: State): void {
  const node = st.frame.scope.node;
  if (!stateful.get(A)?.has(node)) return;
  let n = 0;
  for (const v of [...st.env.values()]) {
    for (const fn of v.fns ?? []) {
      if (n >= MAX_HANDLERS || A.analyzed.has(fn.node) || A.scopes.scopes.get(fn.node)?.parent !== node) continue;
      n++;
      runCallback(A, fn, [UNKNOWN, UNKNOWN], st);
    }
  }
}

/**
 * A call of a state setter (`setX(v)`, `setX((prev) => next)`, `.then(setX)` with `resolved`):
 * joins the new value into the variable of the scope that declared it. Returns undefined.
 */
export function setState(A: Analyzer, api: string, arg: Value | undefined, st: State): Value {
  const rest = api.slice(STATE_SETTER.length);
  const colon = rest.indexOf(':');
  const start = Number(rest.slice(0, colon));
  const name = rest.slice(colon + 1);
  for (let s: State | null = st; s; s = s.frame.closure) {
    if (s.frame.scope.node.start !== start || !s.frame.scope.declared.has(name)) continue;
    const cur = s.env.get(name) ?? readVar(A, name, s);
    let next = arg ?? UNKNOWN;
    // A functional update returns the next state from the current one.
    const fn = next.fns?.[0];
    if (fn) next = runCallback(A, fn, [cur], st);
    envSet(s, name, join(cur, next));
    break;
  }
  return UNKNOWN;
}

/**
 * A class component's `this.setState(update)` (or `this.setState((prev) => update)`): the fields
 * it sets are `this.state`'s, joined with the others as class fields are (classes.ts storeField).
 */
export function classSetState(A: Analyzer, cls: AnyNode, arg: Value | undefined, st: State): Value {
  let next = arg ?? UNKNOWN;
  const fn = next.fns?.[0];
  if (fn) next = runCallback(A, fn, [UNKNOWN, UNKNOWN], st);
  storeField(A, cls, 'state', next);
  return UNKNOWN;
}
