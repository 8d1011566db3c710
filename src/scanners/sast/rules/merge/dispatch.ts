/**
 * The write of a path walk made by a helper picked from a table: `objOps[op.op].call(op, obj, key,
 * doc)` with `var objOps = { add: function (obj, key, doc) { obj[key] = this.value } }`
 * (fast-json-patch's applyOperation). When the walk hands its walker and a path step to a table
 * method that writes `param[param]`, the write in that method is where the polluting key lands,
 * so it is reported there (the caller's line has no write to read).
 */
import type { AstHit } from '../types.js';
import { walk } from '../../parse/walk.js';
import { memberName, unwrap } from '../../ir/api-names.js';
import { text, type FileFacts, type N, type Unit } from './facts.js';

function paramIndex(fn: N, e: N): number {
  const n = unwrap(e);
  if (n.type !== 'Identifier') return -1;
  return (fn.params as N[]).findIndex((p) => {
    const q = (p.type === 'AssignmentPattern' ? p.left : p) as N;
    return q.type === 'Identifier' && q.name === n.name;
  });
}

/** `T[expr](…)` or `T[expr].call(thisArg, …)`: the table's name and the arguments the method gets. */
function tableCall(call: N): { table: string; args: N[] } | undefined {
  let callee = unwrap(call.callee);
  let args = call.arguments as N[];
  if (callee.type === 'MemberExpression' && !callee.computed && memberName(callee) === 'call') {
    callee = unwrap(callee.object);
    args = args.slice(1);
  }
  if (callee.type !== 'MemberExpression' || !callee.computed || unwrap(callee.property).type === 'Literal') return undefined;
  const t = unwrap(callee.object);
  return t.type === 'Identifier' ? { table: t.name, args } : undefined;
}

/** `a && b && c` flattened. */
function andOperands(n: N, out: N[] = []): N[] {
  const m = unwrap(n);
  if (m.type === 'LogicalExpression' && m.operator === '&&') { andOperands(m.left, out); andOperands(m.right, out); } else out.push(m);
  return out;
}

/**
 * Does the walk test that each level is an object (`typeof obj !== 'object'` → throw) on every
 * run? A test joined by && to a flag (`validate && typeof obj !== 'object'`) runs only when asked.
 */
function walkTestsObjects(u: Unit, source: string, walkers: Set<string>): boolean {
  const optional: [number, number][] = [];
  let always = false;
  walk(u.fn.body as N, (node) => {
    const n = node as N;
    if (always) return false;
    if (n.type === 'LogicalExpression' && n.operator === '&&') {
      const ops = andOperands(n);
      if (ops.some((o) => o.type === 'Identifier' || (o.type === 'MemberExpression' && !o.computed))) optional.push([n.start, n.end]);
    }
    if (n.type === 'UnaryExpression' && n.operator === 'typeof' && unwrap(n.argument).type === 'Identifier' && walkers.has(unwrap(n.argument).name)
      && /^typeof\s*(?:\(\s*)?[\w$]+\s*(?:\)\s*)?[!=]==?\s*(['"])object\1/.test(source.slice(n.start, n.start + 60))
      && !optional.some(([s, e]) => n.start >= s && n.end <= e)) always = true;
    return !always;
  });
  return always;
}

/**
 * Writes in table methods reached from `u` with a walker as the object and a key as the key.
 * `walkersOf` gives the names walking a path in `u`; `isKey` tells a key or path step; `protoOnly`: the
 * walk refuses '__proto__' only (a path through constructor/prototype still passes).
 */
export function dispatchedWrites(u: Unit, facts: FileFacts, source: string, walkersOf: () => Set<string>, isKey: (k: N) => boolean, protoOnly: boolean): AstHit[] {
  const out: AstHit[] = [];
  let walkers: Set<string> | undefined;
  for (const c of u.calls) {
    const tc = tableCall(c.node);
    if (!tc || !facts.units.some((h) => h.memberOf.includes(tc.table))) continue;
    walkers ??= walkersOf();
    // A walk that refuses '__proto__' and always steps into objects only never reaches a constructor.
    if (walkers.size === 0 || (protoOnly && walkTestsObjects(u, source, walkers))) return [];
    const walking = walkers;
    const fromWalk = tc.args.map((a) => unwrap(a).type === 'Identifier' && walking.has(unwrap(a).name));
    const keyed = tc.args.map((a) => isKey(a));
    if (!fromWalk.some(Boolean) || !keyed.some(Boolean)) continue;
    for (const h of facts.units) {
      if (h === u || !h.memberOf.includes(tc.table)) continue;
      for (const a of h.assignments) {
        // A table's `remove` (delete) is reported with the walk's writes only, not on its own.
        if (a.deletes) continue;
        const o = paramIndex(h.fn, a.object);
        const k = paramIndex(h.fn, a.key);
        if (o < 0 || k < 0 || o === k || !fromWalk[o] || !keyed[k]) continue;
        const fn = h.names[0] ? `\`${tc.table}.${h.names[0]}\`` : `A method of \`${tc.table}\``;
        out.push({
          start: a.node.start,
          end: a.node.end,
          message: `${fn} writes \`${text(source, a.object)}[${text(source, a.key)}]\` for ${u.names[0] ? `\`${u.names[0]}\`` : 'a caller'}, which walks an object along a caller-supplied path and hands it the level it reached and the last key: a path through \`__proto__\` or \`constructor/prototype\` makes that level Object.prototype, so the write pollutes every object (prototype pollution). Refuse '__proto__', and 'prototype' after 'constructor', at every step of the walk`,
        });
      }
    }
  }
  return out;
}
