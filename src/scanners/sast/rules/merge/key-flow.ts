/**
 * Where keys reach a write in shapes compilers and per-key recursions produce (used by facts.ts):
 *  - a transpiled for-of: Babel's `for (var _it = keys[Symbol.iterator](), _step; !(_n = (_step =
 *    _it.next()).done);) { key = _step.value }` and tslib's `__values(keys)`: `key` is an element;
 *  - a recursion that hands the next key to its own parameter (`fill(obj[key], rest.shift(), rest)`
 *    makes the parameter `key` a path step as well);
 *  - a write of a computed key through Object.assign: `Object.assign(t, { [k]: v })` and the
 *    TypeScript downlevel form `Object.assign(t, (_a = {}, _a[k] = v, _a))` write `t[k] = v`.
 */
import { memberName, unwrap } from '../../ir/api-names.js';
import type { Assignment, N, Unit } from './facts.js';

/** The value a name is bound to, when it has exactly one binding. */
function only(u: Unit, name: string): N | undefined {
  const b = u.bindings.filter((x) => x.name === name);
  return b.length === 1 ? unwrap(b[0]!.value) : undefined;
}

/**
 * `_step.value` where `_step = _it.next()` and `_it = X[Symbol.iterator]()` (or `__values(X)`,
 * the tslib helper, whose `.next()` is called the same way): the iterated `X`.
 */
export function iteratedBy(u: Unit, v: N): N | undefined {
  const n = unwrap(v);
  if (n.type !== 'MemberExpression' || n.computed || memberName(n) !== 'value' || unwrap(n.object).type !== 'Identifier') return undefined;
  const step = only(u, unwrap(n.object).name);
  if (step?.type !== 'CallExpression' || step.arguments.length > 0) return undefined;
  const next = unwrap(step.callee);
  if (next.type !== 'MemberExpression' || memberName(next) !== 'next' || unwrap(next.object).type !== 'Identifier') return undefined;
  const it = only(u, unwrap(next.object).name);
  if (it?.type !== 'CallExpression') return undefined;
  const c = unwrap(it.callee);
  if (c.type === 'Identifier' && /^(?:__values|_createForOfIteratorHelper(?:Loose)?)$/.test(c.name) && it.arguments[0]) return it.arguments[0] as N;
  if (c.type === 'MemberExpression' && c.computed) {
    const p = unwrap(c.property);
    if (p.type === 'MemberExpression' && unwrap(p.object).type === 'Identifier' && unwrap(p.object).name === 'Symbol' && memberName(p) === 'iterator') return c.object as N;
  }
  return undefined;
}

function paramNames(fn: N): string[] {
  return (fn.params as N[]).map((p) => {
    const q = p.type === 'AssignmentPattern' ? p.left : p;
    return q.type === 'Identifier' ? q.name as string : '';
  });
}

/**
 * A parameter given a key or a path step by the function's own recursive call is one too: each
 * level of `function fill(obj, key, rest, v) { … fill(obj[key], rest.shift(), rest, v) }` writes
 * by the step the level above took.
 */
export function recursionKeys(units: Unit[]): void {
  for (const u of units) {
    if (u.names.length === 0) continue;
    const ps = paramNames(u.fn);
    for (let pass = 0; pass < 2; pass++) {
      for (const c of u.calls) {
        if (c.name === undefined || !u.names.includes(c.name)) continue;
        const callee = unwrap(c.node.callee);
        const m = callee.type === 'MemberExpression' ? memberName(callee) : undefined;
        if (m === 'apply') continue;
        const shift = m === 'call' ? 1 : 0;
        c.args.forEach((arg, i) => {
          const p = ps[i - shift];
          const a = unwrap(arg);
          if (!p || a.type !== 'Identifier' || a.name === p) return;
          if (u.pathKeyVars.has(a.name)) u.pathKeyVars.add(p);
          else if (u.keyVars.has(a.name) && !u.pathKeyVars.has(p)) u.keyVars.add(p);
        });
      }
    }
  }
}

/**
 * `Object.assign(t, { [k]: v })`, `Object.assign(t, (_a = {}, _a[k] = v, _a))` and
 * `Object.assign(t, _defineProperty({}, k, v))`: the writes `t[k] = v` they make, at the call.
 */
export function assignedKeys(call: N, source: string): Assignment[] {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'assign' || source.slice(callee.start, callee.end).replace(/\s+/g, '') !== 'Object.assign') return [];
  const [target, ...rest] = call.arguments as N[];
  if (!target || target.type === 'SpreadElement') return [];
  const out: Assignment[] = [];
  const add = (key: N, value: N): void => {
    if (unwrap(key).type !== 'Literal') out.push({ node: call, object: target, key, value });
  };
  for (const arg of rest) {
    const s = unwrap(arg);
    if (s.type === 'ObjectExpression') {
      for (const p of s.properties as N[]) if (p.type === 'Property' && p.computed) add(p.key, p.value);
    } else if (s.type === 'SequenceExpression') {
      // (_a = {}, _a[k] = v, _a)
      const exprs = s.expressions as N[];
      const first = unwrap(exprs[0]!);
      if (first.type !== 'AssignmentExpression' || unwrap(first.left).type !== 'Identifier' || unwrap(first.right).type !== 'ObjectExpression') continue;
      const tmp = unwrap(first.left).name;
      for (const e of exprs.slice(1)) {
        const x = unwrap(e);
        const l = x.type === 'AssignmentExpression' ? unwrap(x.left) : undefined;
        if (l?.type === 'MemberExpression' && l.computed && unwrap(l.object).type === 'Identifier' && unwrap(l.object).name === tmp) add(l.property, x.right);
      }
    } else if (s.type === 'CallExpression' && unwrap(s.callee).type === 'Identifier' && /^_?defineProperty$/.test(unwrap(s.callee).name)
      && s.arguments.length === 3 && unwrap(s.arguments[0] as N).type === 'ObjectExpression') {
      add(s.arguments[1] as N, s.arguments[2] as N);
    }
  }
  return out;
}

/**
 * Names bound to a walker are walkers (`previous = current; current = current[key]` … then
 * `previous[key] = value`: multi-ini's assignValue keeps the level above the walk's end).
 */
export function walkerAliases(u: Unit, walkers: Set<string>): Set<string> {
  if (walkers.size === 0) return walkers;
  for (let pass = 0; pass < 3; pass++) {
    const before = walkers.size;
    for (const b of u.bindings) {
      const v = unwrap(b.value);
      if (v.type === 'Identifier' && walkers.has(v.name)) walkers.add(b.name);
    }
    if (walkers.size === before) break;
  }
  return walkers;
}

/** Functions that decode a key from input bytes or text: `tryDecode`, `decodeKey`, `readKey`, `unpackString`. */
const DECODER = /decode|^(?:read|unpack)(?:Key|String|Str|Name)$/i;

function decoderCall(n: N): boolean {
  if (n.type !== 'CallExpression' || n.arguments.length === 0) return false;
  const c = unwrap(n.callee);
  const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? memberName(c) : undefined;
  return name !== undefined && DECODER.test(name) && !/^decodeURI/.test(name);
}

/**
 * A key decoded from the input: `key = decodeKey(buf)`, or `key = r.value` with `r = tryDecode(buf,
 * offset)` (msgpack5's decodeMap). Written into a new plain `{}`, '__proto__' replaces that
 * object's prototype, as a parsed name does (facts.ts counts it among Unit.textKeyVars).
 */
export function decodedKey(u: Unit, v: N): boolean {
  const n = unwrap(v);
  if (decoderCall(n)) return true;
  if (n.type !== 'MemberExpression' || n.computed || unwrap(n.object).type !== 'Identifier' || !['value', 'key', 'name'].includes(memberName(n) ?? '')) return false;
  const r = only(u, unwrap(n.object).name);
  return r !== undefined && decoderCall(r);
}
