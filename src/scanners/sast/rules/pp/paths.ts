/**
 * Path-setter guards that look like guards but leave the walk open (prototype-pollution rule):
 *
 *  - strict comparisons on steps that may not be strings: `if (tok === '__proto__') continue`
 *    in a file that also takes the caller's own array as the path (`Array.isArray(p) ? p : parse(p)`).
 *    A step `['__proto__']` is not === '__proto__', yet `obj[['__proto__']]` is Object.prototype.
 *    Loose `==`, `typeof step === 'string'` or `String(step)` close that (json-pointer 0.6.2,
 *    @strikeentco/set 1.0.2);
 *  - a check of the last key only: `if (last !== '__proto__') cur[last] = v` after
 *    `cur = cur[part]` walked the other steps unchecked.
 */
import { walk } from '../../parse/walk.js';
import { unwrap } from '../../ir/api-names.js';
import type { FileFacts, N, Unit } from '../merge/facts.js';

const STRICT = new Set(['===', '!==']);
const COMPARE = new Set(['===', '!==', '==', '!=']);

/** `Array.isArray(p) ? p : …` anywhere in the file: some path may be the caller's own array. Linear regex. */
const ARRAY_PATH = /Array\.isArray\(\s*([\w$.]+)\s*\)\s*\?\s*([\w$.]+)/g;

/** `if (Array.isArray(p) && …)`, `typeof p === 'string'` (split then, else used as given): also takes arrays. Linear. */
const ARRAY_OR_TEXT = /Array\.isArray\(\s*[\w$.]+\s*\)\s*&&|typeof\s+[\w$.]+\s*===?\s*['"]string['"]/;

const arrayPathMemo = new WeakMap<FileFacts, boolean>();

function takesArrayPaths(facts: FileFacts, source: string): boolean {
  let known = arrayPathMemo.get(facts);
  if (known === undefined) {
    known = ARRAY_OR_TEXT.test(source);
    if (!known) for (const m of source.matchAll(ARRAY_PATH)) if (m[1] === m[2]) { known = true; break; }
    arrayPathMemo.set(facts, known);
  }
  return known;
}

/**
 * Does the function turn a value into a string or test for one (`String(x)`, `typeof x === 'string'`, `'' + x`)?
 * A test of the whole path (`typeof path === 'string'` before splitting it) says nothing of its steps.
 */
function coercesToString(fn: N, paths: Set<string>): boolean {
  let found = false;
  walk(fn, (node) => {
    const n = node as N;
    if (found) return false;
    if (n.type === 'CallExpression' && unwrap(n.callee).type === 'Identifier' && unwrap(n.callee).name === 'String') found = true;
    else if (n.type === 'BinaryExpression' && COMPARE.has(n.operator)) {
      for (const [a, b] of [[n.left, n.right], [n.right, n.left]] as [N, N][]) {
        const arg = unwrap(a).type === 'UnaryExpression' ? unwrap(unwrap(a).argument) : undefined;
        if (unwrap(a).operator === 'typeof' && unwrap(b).type === 'Literal' && unwrap(b).value === 'string' && !(arg?.type === 'Identifier' && paths.has(arg.name))) found = true;
      }
    } else if (n.type === 'BinaryExpression' && n.operator === '+' && ((n.left.type === 'Literal' && n.left.value === '') || (n.right.type === 'Literal' && n.right.value === ''))) found = true;
    return !found;
  });
  return found;
}

/** For each danger literal inside `fn`: the comparison it is an operand of (undefined when it is not one). */
function literalComparisons(fn: N, offsets: Set<number>): (N | undefined)[] {
  const out: (N | undefined)[] = [];
  walk(fn, (node, parent) => {
    const n = node as N;
    if (n.type === 'Literal' && offsets.has(n.start as number)) {
      const p = parent as N | null;
      out.push(p?.type === 'BinaryExpression' && COMPARE.has(p.operator) ? p : undefined);
    }
    return true;
  });
  return out;
}

/**
 * The guard of a path walk compares steps with '__proto__'… by === only, in its own body and in the
 * in-file guard helpers it calls, none of which coerces the step to a string, and the file accepts
 * array paths from callers: an array step passes the comparison and still names the prototype.
 */
export function strictGuardBypassed(facts: FileFacts, source: string, u: Unit, helpers: Set<string>): boolean {
  if (u.pathArrays.size === 0 && u.pathKeyVars.size === 0) return false;
  if (!takesArrayPaths(facts, source) || !stepsMayBeArrays(u) || stepTypesChecked(facts)) return false;
  const fns: N[] = [u.fn];
  for (const h of helpers) {
    const units = facts.units.filter((x) => x !== u && x.names.includes(h));
    // A guard we cannot read (imported, or a constant list) may coerce: trust it.
    if (units.length === 0) return false;
    for (const x of units) fns.push(x.fn);
  }
  let compared = 0;
  for (const fn of fns) {
    const offsets = new Set(facts.dangerLiterals.filter((o) => o >= fn.start && o < fn.end));
    for (const cmp of literalComparisons(fn, offsets)) {
      if (!cmp || !STRICT.has(cmp.operator)) return false;
      compared++;
    }
    if (coercesToString(fn, u.pathArrays)) return false;
  }
  return compared > 0;
}

const stepTypesMemo = new WeakMap<FileFacts, boolean>();

/**
 * The file checks each step of a caller's path array for its type and rejects the rest
 * (jsonpointer 5.0.0 compilePointer: `for (const part of pointer) if (typeof part !== 'string' &&
 * typeof part !== 'number') throw …`): no array step reaches the walk, so === closes it.
 */
function stepTypesChecked(facts: FileFacts): boolean {
  let known = stepTypesMemo.get(facts);
  if (known === undefined) {
    known = false;
    for (const x of facts.units) {
      walk(x.fn, (node) => {
        const n = node as N;
        const steps = loopSteps(n);
        if (steps) walk(n.body, (inner) => {
          const m = inner as N;
          if (m.type === 'IfStatement' && typeTestOf(m.test, steps) && exits(m.consequent)) known = true;
          return !known;
        });
        return !known;
      });
      if (known) break;
    }
    stepTypesMemo.set(facts, known);
  }
  return known;
}

/** The names a loop binds to each item: `for (const p of arr)`, `arr.forEach((p) => …)`, `for (…; i …)` (as `arr[i]`). */
function loopSteps(n: N): Set<string> | undefined {
  if (n.type === 'ForOfStatement') {
    const d = n.left.type === 'VariableDeclaration' ? n.left.declarations[0]?.id : n.left;
    return d?.type === 'Identifier' ? new Set([d.name]) : undefined;
  }
  if (n.type === 'ForStatement') {
    const d = n.init?.type === 'VariableDeclaration' ? n.init.declarations[0]?.id : undefined;
    return d?.type === 'Identifier' ? new Set([`[${d.name}]`]) : undefined;
  }
  if ((n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') && n.params[0]?.type === 'Identifier') {
    return new Set([n.params[0].name]);
  }
  return undefined;
}

/** `typeof step !== 'string'` (or `typeof arr[i] != 'string'`) somewhere in a test, `step` bound by the loop. */
function typeTestOf(test: N, steps: Set<string>): boolean {
  let found = false;
  walk(test, (node) => {
    const n = node as N;
    if (n.type === 'BinaryExpression' && (n.operator === '!==' || n.operator === '!=')) {
      for (const [a, b] of [[n.left, n.right], [n.right, n.left]] as [N, N][]) {
        const x = unwrap(a);
        const y = unwrap(b);
        if (x.type !== 'UnaryExpression' || x.operator !== 'typeof' || y.type !== 'Literal' || y.value !== 'string') continue;
        const arg = unwrap(x.argument);
        if (arg.type === 'Identifier' && steps.has(arg.name)) found = true;
        else if (arg.type === 'MemberExpression' && arg.computed && unwrap(arg.property).type === 'Identifier' && steps.has(`[${unwrap(arg.property).name}]`)) found = true;
      }
    }
    return !found;
  });
  return found;
}

/** A statement that leaves the step out: throw, return or continue (alone or first in a block). */
function exits(s: N): boolean {
  const t = s.type === 'BlockStatement' ? s.body[0] as N | undefined : s;
  return t !== undefined && (t.type === 'ThrowStatement' || t.type === 'ReturnStatement' || t.type === 'ContinueStatement');
}

/** `Array.isArray(p) ? p : …` (or the other way round): the caller's array itself may be the path. */
function arrayOrParsed(v: N): boolean {
  const n = unwrap(v);
  if (n.type !== 'ConditionalExpression') return false;
  const t = unwrap(n.test);
  if (t.type !== 'CallExpression' || t.arguments.length !== 1) return false;
  const c = unwrap(t.callee);
  if (c.type !== 'MemberExpression' || propName(c.property) !== 'isArray') return false;
  const tested = unwrap(t.arguments[0] as N);
  const same = (e: N) => unwrap(e).type === 'Identifier' && tested.type === 'Identifier' && unwrap(e).name === tested.name;
  return same(n.consequent) || same(n.alternate);
}

/**
 * Are the steps the function reads taken from an array its caller may have built (a path
 * parameter indexed as is, or `Array.isArray(p) ? p : split(p)`), rather than from a split of text?
 */
function stepsMayBeArrays(u: Unit): boolean {
  const indexed = new Set<string>();
  walk(u.fn, (node) => {
    const n = node as N;
    if (n.type === 'MemberExpression' && n.computed && unwrap(n.object).type === 'Identifier') indexed.add(unwrap(n.object).name);
    return true;
  });
  const textOnly = stringBranches(u.fn);
  // A parameter kept as given, or split only when it is a string (`if (typeof p === 'string') p = p.split('.')`).
  const asGiven = (a: string): boolean => u.params.has(a)
    && u.bindings.every((b) => b.name !== a || textOnly.some((r) => r.name === a && (b.value.start as number) >= r.start && (b.value.start as number) < r.end));
  for (const a of u.pathArrays) {
    if (!indexed.has(a)) continue;
    const binds = u.bindings.filter((b) => b.name === a);
    if (binds.some((b) => arrayOrParsed(b.value))) return true;
    if (asGiven(a)) return true;
    // `arr = path` (object-path-set 1.0.1): an alias of such a parameter.
    if (binds.length > 0 && binds.every((b) => unwrap(b.value).type === 'Identifier' && asGiven(unwrap(b.value).name))) return true;
  }
  return false;
}

/** The consequents of `if (typeof p === 'string')` in `fn`: where `p` is known to be text. */
function stringBranches(fn: N): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  walk(fn, (node) => {
    const n = node as N;
    if (n.type !== 'IfStatement') return true;
    const t = unwrap(n.test);
    if (t.type !== 'BinaryExpression' || (t.operator !== '===' && t.operator !== '==')) return true;
    for (const [a, b] of [[t.left, t.right], [t.right, t.left]] as [N, N][]) {
      const x = unwrap(a);
      const y = unwrap(b);
      if (x.type === 'UnaryExpression' && x.operator === 'typeof' && unwrap(x.argument).type === 'Identifier' && y.type === 'Literal' && y.value === 'string') {
        out.push({ name: unwrap(x.argument).name, start: n.consequent.start as number, end: n.consequent.end as number });
      }
    }
    return true;
  });
  return out;
}

/** Names used as the step of a walk: `cur = cur[k]`, `cur = cur[k] || {}` (k an identifier). */
function walkSteps(u: Unit): Set<string> {
  const out = new Set<string>();
  for (const b of u.bindings) {
    walk(b.value, (node) => {
      const n = node as N;
      if (n.type === 'MemberExpression' && n.computed) {
        const o = unwrap(n.object);
        const k = unwrap(n.property);
        if (o.type === 'Identifier' && o.name === b.name && k.type === 'Identifier') out.add(k.name);
      }
      return true;
    });
  }
  return out;
}

/**
 * Every danger literal of the function is compared with a name that is not a step of its walk
 * (`finalKey !== '__proto__'` while `objectRef = objectRef[part]` walks the others): the walk's
 * own steps go unchecked, so `__proto__.x` reaches Object.prototype before the check.
 */
export function lastKeyOnly(u: Unit, offsets: number[]): boolean {
  const steps = walkSteps(u);
  if (steps.size === 0) return false;
  let all = true;
  let seen = 0;
  for (const cmp of literalComparisons(u.fn, new Set(offsets))) {
    seen++;
    if (!cmp) { all = false; break; }
    const other = [unwrap(cmp.left), unwrap(cmp.right)].find((x) => x.type === 'Identifier');
    // The name must be bound to one step (`last = parts[parts.length - 1]`, `parts.pop()`): a
    // callback's item (`parts.some((p) => p === '__proto__')`) checks every step.
    if (!other || steps.has(other.name) || !u.pathKeyVars.has(other.name) || !u.bindings.some((b) => b.name === other.name)) { all = false; break; }
  }
  return all && seen > 0;
}

/** Names that hold a path (as merge/facts.ts PATH_PARAM) and members that carry one (`change.key`, `patch.path`). */
const PATH_NAME = /^(?:path|paths|keys|keyPath|keypath|propPath|propertyPath|prop(?:s|erties)?|parts|segments|fieldPath|dotPath|selector|pointer|tokens)$/;
const PATH_MEMBER = /^(?:path|paths|key|keys|keyPath|pointer|tokens|segments|parts)$/;
const STEP_CALLS = new Set(['pop', 'shift', 'at']);
const ARRAY_KEEPS = new Set(['slice', 'concat']);
const ITERATORS = new Set(['forEach', 'map', 'some', 'every']);

function propName(p: N): string | undefined {
  const k = unwrap(p);
  return k.type === 'Identifier' ? k.name : k.type === 'Literal' && typeof k.value === 'string' ? k.value : undefined;
}

/**
 * Paths that arrive inside an object rather than as a parameter: `const { path, op } = patch`
 * (immer's applyPatches), `keys = change.key` (changeset). They are path arrays like a `path`
 * parameter, and their steps (`path[i]`, `keys.pop()`, a forEach callback's item) are path steps.
 * Adds to the units' facts before they are judged.
 */
export function widenPaths(facts: FileFacts): void {
  const fns = new Set(facts.units.map((x) => x.fn));
  const parsers = pathParsers(facts);
  for (const u of facts.units) {
    const added: string[] = [];
    // `space = parse(space)` with an in-file parse that splits its argument.
    for (const b of u.bindings) {
      const v = unwrap(b.value);
      if (v.type === 'CallExpression' && unwrap(v.callee).type === 'Identifier' && parsers.has(unwrap(v.callee).name)) added.push(b.name);
    }
    if (u.fn.body) {
      walk(u.fn.body as N, (node) => {
        const n = node as N;
        if (fns.has(n)) return false;
        if (n.type === 'VariableDeclarator' && n.id.type === 'ObjectPattern' && n.init) {
          for (const p of n.id.properties as N[]) {
            const v = p.type === 'Property' ? unwrap(p.value) : undefined;
            if (v?.type === 'Identifier' && PATH_NAME.test(v.name) && PATH_MEMBER.test(propName(p.key) ?? '')) added.push(v.name);
          }
        }
        return true;
      });
    }
    for (const b of u.bindings) {
      const v = unwrap(b.value);
      if (PATH_NAME.test(b.name) && !u.keyArrays.has(b.name) && v.type === 'MemberExpression' && !v.computed && PATH_MEMBER.test(propName(v.property) ?? '')) added.push(b.name);
    }
    const fresh = added.filter((a) => !u.pathArrays.has(a) && !u.keyArrays.has(a));
    if (fresh.length === 0) continue;
    for (const a of fresh) u.pathArrays.add(a);
    const isArr = (e: N): boolean => unwrap(e).type === 'Identifier' && u.pathArrays.has(unwrap(e).name);
    for (let pass = 0; pass < 2; pass++) {
      for (const b of u.bindings) {
        const v = unwrap(b.value);
        if (v.type === 'MemberExpression' && v.computed && isArr(v.object)) u.pathKeyVars.add(b.name);
        if (v.type === 'CallExpression' && unwrap(v.callee).type === 'MemberExpression') {
          const c = unwrap(v.callee);
          const m = propName(c.property) ?? '';
          if (STEP_CALLS.has(m) && isArr(c.object)) u.pathKeyVars.add(b.name);
          if (ARRAY_KEEPS.has(m) && isArr(c.object)) u.pathArrays.add(b.name);
        }
      }
    }
    for (const c of u.calls) {
      const callee = unwrap(c.node.callee);
      if (callee.type !== 'MemberExpression' || !ITERATORS.has(propName(callee.property) ?? '') || !isArr(callee.object)) continue;
      const cb = c.args[0] ? unwrap(c.args[0]) : undefined;
      const item = cb && (cb.type === 'FunctionExpression' || cb.type === 'ArrowFunctionExpression') ? (cb.params as N[])[0] : undefined;
      if (item?.type === 'Identifier') u.pathKeyVars.add(item.name);
    }
  }
}

/** `s.split('.')`, `s.match(/[^.]+/g).map(…)`, `p.slice(0)`, `[]`: what a path parser returns. */
function pathShaped(e: N, depth = 0): 'split' | 'array' | undefined {
  const n = unwrap(e);
  if (n.type === 'ArrayExpression') return n.elements.length === 0 ? 'array' : undefined;
  if (n.type !== 'CallExpression' || depth > 4) return undefined;
  const c = unwrap(n.callee);
  if (c.type !== 'MemberExpression') return undefined;
  const m = propName(c.property) ?? '';
  if (m === 'split') return n.arguments[0]?.type === 'Literal' && n.arguments[0].value === '' ? undefined : 'split';
  if (m === 'match') return 'split';
  if (['map', 'filter', 'slice', 'concat'].includes(m)) {
    const inner = pathShaped(c.object, depth + 1);
    return inner ?? (m === 'slice' ? 'array' : undefined);
  }
  return undefined;
}

/**
 * In-file functions that turn a path into its steps: every return is a split or match of the text
 * (possibly mapped), a copy of an array or `[]`, and at least one is a split or match.
 */
function pathParsers(facts: FileFacts): Set<string> {
  const out = new Set<string>();
  for (const u of facts.units) {
    if (u.names.length === 0 || !u.fn.body || u.fn.body.type !== 'BlockStatement') continue;
    let ok = true;
    let splits = 0;
    walk(u.fn.body as N, (node) => {
      const n = node as N;
      // A nested function's (or a callback's) returns are its own.
      if (!ok || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration') return false;
      if (n.type === 'ReturnStatement') {
        const shape = n.argument ? pathShaped(n.argument) : undefined;
        if (!shape) ok = false;
        else if (shape === 'split') splits++;
      }
      return ok;
    });
    if (ok && splits > 0) for (const nm of u.names) out.add(nm);
  }
  return out;
}

/** Getters that read one level: `get(base, step)`, `getProp(cur, k)`. */
const GETTER = /^(?:get|getProp|getProperty|getValue|getIn|read|lookup)$/;

/**
 * `base = get(base, path[i])`: the walk goes through a getter helper (immer's applyPatches_)
 * instead of `base = base[path[i]]`. The level itself is the first argument and a step the second.
 */
export function getterWalkers(u: Unit, isStep: (k: N) => boolean): string[] {
  const out: string[] = [];
  for (const b of u.bindings) {
    const v = unwrap(b.value);
    if (v.type !== 'CallExpression' || v.arguments.length < 2) continue;
    const c = unwrap(v.callee);
    const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? propName(c.property) : undefined;
    if (!name || !GETTER.test(name)) continue;
    const level = unwrap(v.arguments[0] as N);
    if (level.type === 'Identifier' && level.name === b.name && isStep(v.arguments[1] as N)) out.push(b.name);
  }
  return out;
}
