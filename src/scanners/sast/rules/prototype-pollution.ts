/**
 * sast/js/prototype-pollution-merge: functions that write properties by keys they do not
 * control and, on the way, descend into the object already stored under such a key:
 *
 *  - recursive merge/extend/defaultsDeep: keys of a source object (for-in, Object.keys/entries)
 *    are assigned to `target[key]`, and the function recurses into `target[key]` — with a key
 *    `__proto__` (an own property after JSON.parse) that is Object.prototype itself;
 *  - path setters: `cur = cur[step]` along a caller's path, then `cur[last] = value`.
 *
 * A function that compares keys with '__proto__'/'constructor'/'prototype' (or calls a helper
 * or uses a constant that does), checks own properties on the target, or writes to an
 * Object.create(null) object is not reported. Shallow copies are not either: without descending,
 * `target.__proto__ = x` only changes target's own prototype.
 */
import type { AstHit, AstRule } from './types.js';
import type { ParsedFile } from '../parse/index.js';
import { walk } from '../parse/walk.js';
import { memberName, unwrap, type ApiNames } from '../ir/api-names.js';
import { factsOf, type FileFacts as AstFacts } from './ast-facts.js';
import { collectFacts, isTextPiece, text, type Assignment, type Call, type FileFacts, type N, type Unit } from './merge/facts.js';
import { objectOnlyDescent } from './merge/objects.js';
import { allowListedKeys } from './merge/allow-lists.js';
import { dispatchedWrites } from './merge/dispatch.js';
import { branchHoldsWrite } from './merge/guard-branches.js';
import { nestedTextLevel, nestedTextLevelHit } from './merge/text-levels.js';
import { walkerAliases } from './merge/key-flow.js';
import { getterWalkers, lastKeyOnly, strictGuardBypassed, widenPaths } from './pp/paths.js';

/** Helpers whose name says they vet keys (isSafeKey, isPrototypePolluted, FORBIDDEN_KEYS…). */
const GUARD_NAME = /pollut|unsafe|safe_?(?:key|prop|name)|issafe|forbidden|black_?list|deny_?list|block_?list|dangerous|reserved|allow_?list|white_?list|isvalidkey|prohibit|^isproto(?:key|property)?$|protokey/i;
/** Calls that copy into their first argument: descending into target[key] with one pollutes too. */
const MERGE_LIKE = new Set(['assign', 'merge', 'extend', 'defaults', 'defaultsDeep', 'mergeDeep', 'deepMerge', 'deepExtend', 'mixin', 'mergeWith']);
const MAX_REACH = 64;

type Kind = 'merge' | 'path';

function isFresh(v: N): boolean {
  const n = unwrap(v);
  if (n.type === 'ObjectExpression' || n.type === 'ArrayExpression') return true;
  if (n.type === 'NewExpression' && n.callee.type === 'Identifier' && ['Object', 'Array', 'Map', 'Set'].includes(n.callee.name)) return true;
  if (n.type === 'CallExpression') {
    const c = unwrap(n.callee);
    if (c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'Object' && memberName(c) === 'create') return true;
  }
  if (n.type === 'AssignmentExpression') return isFresh(n.right);
  // `useArray ? [] : {}`: a new level either way.
  if (n.type === 'ConditionalExpression') return isFresh(n.consequent) && isFresh(n.alternate);
  return false;
}

/** `clone(value)`, `copy(x)`: a fresh copy of a level (a path walk through copies cannot pollute). */
function isCopy(v: N): boolean {
  const n = unwrap(v);
  if (n.type !== 'CallExpression') return false;
  const c = unwrap(n.callee);
  const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? memberName(c) : undefined;
  return name !== undefined && /clone|copy/i.test(name);
}

/** Helpers named for what they do to a string (`_trimString(m[1])`, `unquote(v)`): their result is text. */
const STRING_HELPER = /trim|unquote|unescape|strip|lower|upper/i;

/** `{}` (or `cond ? Object.create(null) : {}`): a new object that inherits from Object.prototype. */
function plainObject(v: N): boolean {
  const n = unwrap(v);
  if (n.type === 'ObjectExpression') return true;
  return n.type === 'ConditionalExpression' && (plainObject(n.consequent) || plainObject(n.alternate));
}

function sameMember(source: string, e: N, member: string): boolean {
  const n = unwrap(e);
  return n.type === 'MemberExpression' && n.computed && memberKey(source, n) === member;
}

/** `t[k] || {}`, `t[k] ?? []`, `isObj(t[k]) ? t[k] : {}`: creating the next level, not writing data. */
function isLevelInit(v: N, member: string, source: string): boolean {
  const n = unwrap(v);
  if (isFresh(n)) return true;
  if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) {
    return sameMember(source, n.left, member) && isFresh(n.right);
  }
  if (n.type === 'ConditionalExpression') {
    return (sameMember(source, n.consequent, member) && isFresh(n.alternate))
      || (sameMember(source, n.alternate, member) && isFresh(n.consequent));
  }
  return false;
}

/** `target[key]` as text, without TypeScript casts: `(t as any)[k as string]` → `t[k]`. */
function memberKey(source: string, n: N): string {
  return `${text(source, unwrap(n.object))}[${text(source, unwrap(n.property))}]`;
}

/** Does `root` mention `member` (by text) or one of `names`? */
function mentions(root: N, source: string, member: string, names: Set<string>): boolean {
  let found = false;
  walk(root, (node) => {
    if (found) return false;
    const n = node as N;
    if (n.type === 'Identifier' && names.has(n.name)) found = true;
    else if (n.type === 'MemberExpression' && n.computed && memberKey(source, n) === member) found = true;
    return !found;
  });
  return found;
}

/** A danger literal's text names constructor or prototype (a string, template part or regex). */
const NAMES_CONSTRUCTOR = /constructor|prototype/;

/** The text of the literal starting at `offset`: to its closing quote or slash, at most 200 characters. */
function literalAt(source: string, offset: number): string {
  const q = source[offset];
  // A template part starts at its own text (no quote before it).
  if (q !== '"' && q !== "'" && q !== '`' && q !== '/') return source.slice(offset, offset + 200).split(/\$\{|`|\n/, 1)[0]!;
  const head = source.slice(offset + 1, offset + 200);
  // A regex's own slashes may be escaped (`\/`); an unescaped one ends it, as a quote ends a string.
  let i = 0;
  while (i < head.length && head[i] !== q && head[i] !== '\n') i += head[i] === '\\' ? 2 : 1;
  return head.slice(0, i);
}

/** What leaves the branch: a return or throw (a helper's result), and for a writer continue/break (the write is skipped). */
function exits(branch: N | null | undefined, writer: boolean): boolean {
  if (!branch) return false;
  let found = false;
  walk(branch, (node) => {
    const n = node as N;
    if (found) return false;
    // A nested function's return is its own.
    if (n !== branch && (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ArrowFunctionExpression')) return false;
    if (n.type === 'ReturnStatement' || n.type === 'ThrowStatement' || (writer && (n.type === 'ContinueStatement' || n.type === 'BreakStatement'))) found = true;
    return !found;
  });
  return found;
}

/**
 * Is the write's target checked for own properties: in the whole function, or in the branch holding
 * the write. `anywhere`: a check in any branch counts (a merge's descent and writes sit together;
 * only a path walk after an own-checked early exit is left open by it).
 */
function ownAt(u: Unit, target: string, node: N, anywhere = true): boolean {
  return u.ownChecked.has(target) || u.ownCheckedIn.some((r) => r.target === target && (anywhere || (node.start >= r.start && node.end <= r.end)));
}

class Judge {
  private readonly guardNames = new Set<string>();

  constructor(private readonly facts: FileFacts, private readonly source: string) {
    const lits = facts.dangerLiterals;
    const holds = (start: number, end: number): boolean => lits.some((o) => o >= start && o < end);
    // Only the innermost function holding a literal vets keys with it: an outer function that
    // merely contains that one (defaultsDeep around its `copy` helper) is not a guard.
    for (const o of lits) {
      let inner: Unit | undefined;
      for (const u of facts.units) {
        if (o >= u.fn.start && o < u.fn.end && (!inner || u.fn.start >= inner.fn.start)) inner = u;
      }
      if (inner) for (const nm of inner.names) this.guardNames.add(nm);
    }
    for (const d of facts.declarations) if (holds(d.start, d.end)) this.guardNames.add(d.name);
    // A helper that writes no keys and uses a guard vets keys too (`getPathSegments` returning []
    // when `isValidPath(parts)`, itself reading `disallowedKeys`), a couple of levels deep.
    for (let round = 0; round < 3; round++) {
      let added = false;
      for (const u of facts.units) {
        if (u.names.length === 0 || u.assignments.length > 0 || u.names.every((nm) => this.guardNames.has(nm))) continue;
        if (![...u.referenced].some((r) => this.guardNames.has(r) && !u.names.includes(r))) continue;
        // Only when its result depends on the guard: one that merely logs a blocked key vets nothing.
        if (!this.controls(u, this.guardUses(u, false), false)) continue;
        for (const nm of u.names) this.guardNames.add(nm);
        added = true;
      }
      if (!added) break;
    }
  }

  /** Does a call to `name` come back to one of `targets` (directly or through other functions)? */
  private reaches(name: string, targets: string[]): boolean {
    if (targets.includes(name)) return true;
    const seen = new Set([name]);
    const queue = [name];
    while (queue.length > 0 && seen.size < MAX_REACH) {
      for (const next of this.facts.callGraph.get(queue.shift()!) ?? []) {
        if (targets.includes(next)) return true;
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return false;
  }

  /**
   * How the function vets keys: `full` (a guard helper or constant, or a literal naming
   * constructor/prototype), `proto` (it only compares with '__proto__'), or `none`. A '__proto__'
   * check stops a merge, whose source keys are own properties, but not a path walk: the path
   * `constructor.prototype` reaches Object.prototype without ever naming __proto__.
   */
  private guard(u: Unit): 'full' | 'proto' | 'none' {
    const uses = this.guardUses(u, true);
    // `step === '__proto__'` (here or in a helper) lets an array step ['__proto__'] through (pp/paths.ts).
    if (uses.size > 0 && this.controls(u, uses, true)) return strictGuardBypassed(this.facts, this.source, u, uses) ? 'none' : 'full';
    const mine = this.facts.dangerLiterals.filter((o) => o >= u.fn.start && o < u.fn.end);
    if (mine.length === 0) return 'none';
    // `if (pointer[1] === '__proto__') return` vets one step; a walk takes `/a/__proto__/x` past it,
    // and so does a check of the last key only, or a strict one where steps may be arrays (pp/paths.ts).
    if (this.fixedStepsOnly(u, mine) || lastKeyOnly(u, mine) || strictGuardBypassed(this.facts, this.source, u, new Set())) return 'none';
    return mine.some((o) => NAMES_CONSTRUCTOR.test(literalAt(this.source, o))) ? 'full' : 'proto';
  }

  /**
   * Are all the function's danger literals compared with one fixed step of a path (`parts[0]`,
   * `pointer[1]`) while it walks a path step by step? Then deeper steps go unchecked.
   */
  private fixedStepsOnly(u: Unit, offsets: number[]): boolean {
    if (u.pathArrays.size === 0 && u.pathKeyVars.size === 0) return false;
    const at = new Set(offsets);
    let all = true;
    let seen = 0;
    walk(u.fn, (node, p) => {
      const n = node as N;
      if (!all) return false;
      if (n.type === 'Literal' && at.has(n.start as number)) {
        seen++;
        const parent = p as N | null;
        const other = parent?.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(parent.operator)
          ? unwrap(parent.left === n ? parent.right : parent.left) : undefined;
        const fixed = other?.type === 'MemberExpression' && other.computed && other.property.type === 'Literal' && typeof other.property.value === 'number';
        if (!fixed) all = false;
      }
      return true;
    });
    return all && seen > 0;
  }

  /** Guard helpers and constants the function uses (and, for a writer, helpers named as guards). */
  private guardUses(u: Unit, named: boolean): Set<string> {
    const out = new Set<string>();
    for (const r of u.referenced) if (this.guardNames.has(r) && !u.names.includes(r)) out.add(r);
    // A helper of this file is a guard by what it does, not by its name (ini's `unsafe()` unescapes).
    if (named) for (const c of u.calls) if (c.name !== undefined && GUARD_NAME.test(c.name) && (this.guardNames.has(c.name) || !this.facts.units.some((x) => x.names.includes(c.name!)))) out.add(c.name);
    return out;
  }

  /**
   * Does a use of a guard decide what the function does: in the test of an `if` whose branch leaves
   * (return/throw; in a writer also continue/break, which skip the write), in what it returns, as a
   * statement of its own (an assert that throws), or, in a writer, as the keys it binds or iterates
   * (`const parts = getPathSegments(p)`). Not in a branch that only logs, nor picking a value to store.
   * Names bound to a guard's result (`const bad = isBlocked(k)`) are judged by their own uses.
   */
  private controls(u: Unit, uses: Set<string>, writer: boolean): boolean {
    const names = new Set(uses);
    for (let pass = 0; pass < 3; pass++) {
      const before = names.size;
      for (const b of u.bindings) if (!names.has(b.name) && mentions(b.value, this.source, '', names)) names.add(b.name);
      if (names.size === before) break;
    }
    const parent = new Map<N, N>();
    const found: N[] = [];
    walk(u.fn, (node, p) => {
      const n = node as N;
      if (p) parent.set(n, p as N);
      if (n.type === 'Identifier' && names.has(n.name)) found.push(n);
    });
    const keys = (name: string) => u.keyVars.has(name) || u.pathKeyVars.has(name) || u.pathArrays.has(name) || u.keyArrays.has(name);
    const decides = (id: N): boolean => {
      let inCond = false;
      let child = id;
      for (let p = parent.get(child); p; child = p, p = parent.get(p)) {
        if (p.type === 'IfStatement' && p.test === child) return exits(p.consequent, writer) || exits(p.alternate, writer) || (writer && branchHoldsWrite(p.consequent, u, p.test));
        if (p.type === 'ConditionalExpression' && p.test === child) inCond = true;
        else if (p.type === 'ReturnStatement') return true;
        else if (p.type === 'ExpressionStatement') return !inCond;
        else if ((p.type === 'ForOfStatement' || p.type === 'ForInStatement') && p.right === child) return writer;
        else if (p.type === 'VariableDeclarator' || p.type === 'AssignmentExpression') {
          // The binding itself (`const bad = …` is judged by bad's uses); keys bound from a guard's result are vetted.
          const target = p.type === 'VariableDeclarator' ? p.id : p.left;
          if (target === child) return false;
          const t = unwrap(target);
          return writer && t.type === 'Identifier' && keys(t.name);
        }
        // An arrow's expression body is what it returns.
        if (p === u.fn) return p.type === 'ArrowFunctionExpression' && p.body === child;
      }
      return false;
    };
    return found.some(decides);
  }

  private isKey(u: Unit, key: N): boolean {
    const k = unwrap(key);
    // `obj = obj[prop = segs.shift()]`: the step bound and used at once (unset-value).
    if (k.type === 'AssignmentExpression' && k.operator === '=') return this.isKey(u, k.right) || this.isKey(u, k.left);
    if (k.type === 'Identifier') return u.keyVars.has(k.name) || u.pathKeyVars.has(k.name);
    if (k.type === 'MemberExpression' && k.computed) {
      const o = unwrap(k.object);
      return o.type === 'Identifier' && u.pathArrays.has(o.name);
    }
    if (k.type === 'CallExpression') {
      const c = unwrap(k.callee);
      const o = c.type === 'MemberExpression' ? unwrap(c.object) : undefined;
      return !!o && o.type === 'Identifier' && u.pathArrays.has(o.name) && ['shift', 'pop', 'at'].includes(memberName(c) ?? '');
    }
    return false;
  }

  /** Names bound (transitively) to an expression that reads `member`. */
  private aliases(u: Unit, member: string): Set<string> {
    const names = new Set<string>();
    for (let pass = 0; pass < 3; pass++) {
      const before = names.size;
      for (const b of u.bindings) if (!names.has(b.name) && mentions(b.value, this.source, member, names)) names.add(b.name);
      if (names.size === before) break;
    }
    return names;
  }

  /** Names that walk down a path: `cur = cur[step]`, reduce accumulators reading acc[step]. */
  private walkers(u: Unit): Set<string> {
    const out = new Set<string>();
    // `cur = tmp[step]` with `tmp = cur[special] || cur` (a level unwrapped first) walks too: the
    // names bound to a value mentioning each name, from one pass over the bindings (not one per binding).
    const boundFrom = new Map<string, Set<string>>();
    for (const x of u.bindings) {
      walk(x.value, (node) => {
        const n = node as N;
        if (n.type === 'Identifier' && n.name !== x.name) {
          let set = boundFrom.get(n.name);
          if (!set) boundFrom.set(n.name, set = new Set());
          set.add(x.name);
        }
      });
    }
    for (const b of u.bindings) {
      const level = new Set([b.name, ...(boundFrom.get(b.name) ?? [])]);
      let walks = false;
      walk(b.value, (node) => {
        const n = node as N;
        if (walks) return false;
        if (n.type === 'MemberExpression' && n.computed && unwrap(n.object).type === 'Identifier'
          && level.has(unwrap(n.object).name) && this.isKey(u, n.property)) walks = true;
        return !walks;
      });
      if (walks) out.add(b.name);
    }
    // `base = get(base, path[i])`: a walk through a getter helper (pp/paths.ts).
    for (const w of getterWalkers(u, (k) => this.isKey(u, k))) out.add(w);
    for (const r of u.reduces) {
      let reads = false;
      walk(r.body, (node, parent) => {
        const n = node as N;
        if (reads) return false;
        // Only reads descend: `acc[k] = v; return acc` builds a flat object.
        if (parent && (parent as N).type === 'AssignmentExpression' && (parent as N).left === n) return true;
        if (n.type === 'MemberExpression' && n.computed && n.object.type === 'Identifier' && n.object.name === r.acc
          && n.property.type === 'Identifier' && n.property.name === r.key) reads = true;
        return !reads;
      });
      if (reads) {
        out.add(r.acc);
        for (const b of u.bindings) if (unwrap(b.value) === r.call) out.add(b.name);
      }
    }
    return walkerAliases(u, out);
  }

  /**
   * Is `name` bound to what an in-file helper returns after walking a path this function hands it
   * (`obj = getobject.get(obj, parts, true)`, `obj = getProp(parts, true, context)`)? The helper
   * must walk (`cur = cur[step]`), return the walker, and vet no key itself.
   */
  private walkedByHelper(u: Unit, name: string): boolean {
    return u.bindings.some((b) => {
      if (b.name !== name) return false;
      const v = unwrap(b.value);
      const call = v.type === 'CallExpression' ? u.calls.find((c) => c.node === v) : undefined;
      if (!call?.name || !call.args.some((arg) => mentions(arg, this.source, '', u.pathArrays))) return false;
      return this.walkEnds(call.name);
    });
  }

  private readonly walkEndMemo = new Map<string, boolean>();

  /** A function by this name walks a path it is given and returns where the walk ended, with no guard. */
  private walkEnds(name: string): boolean {
    let known = this.walkEndMemo.get(name);
    if (known !== undefined) return known;
    this.walkEndMemo.set(name, false);
    known = false;
    for (const h of this.facts.units) {
      if (!h.names.includes(name)) continue;
      const ws = this.walkers(h);
      if (ws.size === 0 || this.guard(h) !== 'none') continue;
      let returns = false;
      walk(h.fn.body as N, (node) => {
        const n = node as N;
        if (returns) return false;
        if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration' || n.type === 'ArrowFunctionExpression') return false;
        if (n.type === 'ReturnStatement' && n.argument && unwrap(n.argument).type === 'Identifier' && ws.has(unwrap(n.argument).name)) returns = true;
        return !returns;
      });
      if (returns) { known = true; break; }
    }
    this.walkEndMemo.set(name, known);
    return known;
  }

  private isWalkingReduce(u: Unit, obj: N, walkers: Set<string>): boolean {
    const o = unwrap(obj);
    return u.reduces.some((r) => r.call === o) && walkers.size > 0;
  }

  judge(u: Unit): Tagged[] {
    if (u.assignments.length === 0 && u.calls.length === 0) return [];
    const guard = this.guard(u);
    if (guard === 'full') return [];
    const hits: Tagged[] = [];
    let walkers: Set<string> | undefined;
    // Found on the first assignment that needs it: most functions write no key at all, and the
    // call-graph search per call is most of this rule's cost on ordinary code.
    let recursive: Call[] | undefined;
    let pathVetted: boolean | undefined;
    let allowed: Set<string> | undefined;
    for (const a of u.assignments) {
      if (!this.isKey(u, a.key)) continue;
      const target = text(this.source, unwrap(a.object));
      const member = `${target}[${text(this.source, unwrap(a.key))}]`;
      const obj = unwrap(a.object);
      const kind: Kind = unwrap(a.key).type === 'Identifier' && u.keyVars.has(unwrap(a.key).name) ? 'merge' : 'path';
      if (ownAt(u, target, a.node, kind === 'merge')) continue;
      // Keys of the target itself are its own properties: target[key] never reads the prototype.
      if (u.keySource.get(unwrap(a.key).name) === target) continue;
      if (obj.type === 'Identifier' && u.nullProto.has(obj.name)) continue;
      // Keys listed by the program's own definition (a schema, a literal) are not the caller's.
      if (kind === 'merge' && this.definitionKeys(u, unwrap(a.key).name)) continue;
      // Keys let through a fixed allow-list first (merge/allow-lists.ts).
      if (kind === 'merge' && (allowed ??= allowListedKeys(u, this.facts, this.source)).has(unwrap(a.key).name)) continue;
      // A '__proto__' check stops a merge's own keys, but `{constructor: {prototype: {…}}}` still
      // descends into target.constructor (a function) and then its prototype, unless the descent
      // accepts only objects.
      const protoOnly = guard === 'proto' && kind === 'merge';
      if (protoOnly && this.descendsOnlyIntoObjects(u, member)) continue;
      // A path walk that refuses '__proto__' and steps only into plain objects never reaches a
      // constructor (a function) either, so no step leads to Object.prototype.
      if (guard === 'proto' && kind === 'path' && this.descendsOnlyIntoObjects(u, member)) continue;
      // A path handed in by callers that all vet it first (dot-object's `_fill(parsePath(p)…)`).
      if (kind === 'path' && (pathVetted ??= this.pathVettedByCallers(u))) continue;
      const writesData = !isLevelInit(a.value, member, this.source);

      // Descending into target[key]: a recursive call or a merge-like call given it.
      let descends = false;
      recursive ??= u.names.length === 0 ? [] : u.calls.filter((c) => c.name !== undefined && this.reaches(c.name, u.names));
      if (recursive.length > 0) {
        const names = this.aliases(u, member);
        descends = recursive.some((c) => c.args.some((arg) => mentions(arg, this.source, member, names)));
      }
      // Writing into a fresh local (`const result = {}`) while recursing: each call writes only
      // into its own new object, which a __proto__ key merely re-parents.
      if (descends && obj.type === 'Identifier' && !u.params.has(obj.name)
        && u.bindings.some((b) => b.name === obj.name && isFresh(b.value))
        && !u.bindings.some((b) => b.name === obj.name && !isFresh(b.value))) descends = false;
      if (descends && writesData) {
        hits.push(protoOnly ? this.constructorHit(a, u, member) : this.hit(a, u, kind, member, 'recursive'));
        continue;
      }
      walkers ??= this.walkers(u);
      // The last step of a path (a key of some other object written there is a different shape).
      if (writesData && kind === 'path' && !isCopy(a.value) && ((obj.type === 'Identifier' && walkers.has(obj.name)) || this.isWalkingReduce(u, obj, walkers))) {
        hits.push(this.hit(a, u, 'path', member, 'walk'));
      } else if (writesData && kind === 'path' && guard === 'none' && !isCopy(a.value) && obj.type === 'Identifier' && this.walkedByHelper(u, obj.name)) {
        // `obj = get(obj, parts, true); obj[parts.pop()] = v`: the walk is a helper's (getobject, dojo's setObject).
        hits.push(this.hit(a, u, 'path', member, 'walk'));
      }
    }
    // The walk's last write made by a table method it dispatches to (merge/dispatch.ts).
    hits.push(...dispatchedWrites(u, this.facts, this.source, () => (walkers ??= this.walkers(u)), (k) => this.isKey(u, k), guard === 'proto'));
    // Parsed names are another shape than a walk or merge: judged whatever those found (hits are deduplicated).
    if (guard === 'none') hits.push(...this.parsedNameWrites(u));
    if (hits.length === 0 && guard === 'none') hits.push(...this.copiesIntoKeyed(u));
    if (hits.length === 0 && guard === 'none') hits.push(...this.keyedStore(u));
    return hits;
  }

  /**
   * Writes by a name cut out of text (a query key, an INI section, a tag name: Unit.textKeyVars):
   *  - into a new plain object of the function (`const result = {}; result[name] = value`): the
   *    name `__proto__` replaces that object's prototype with the value (loader-utils parseQuery,
   *    qs parseObject), unless the value is plainly a string or a constant (setting a prototype
   *    to a primitive does nothing);
   *  - into a level read by another such name (`group = object[section] || {}; group[key] = v`):
   *    for the section `__proto__` the level is Object.prototype (ini parsers).
   * Object.create(null) objects, own-property checks on the target and any key guard keep it clean.
   */
  private parsedNameWrites(u: Unit): AstHit[] {
    const out: AstHit[] = [];
    let tested: Set<string> | undefined;
    for (const a of u.assignments) {
      if (a.deletes || !isTextPiece(u, a.key)) continue;
      // A name looked up in a list or set first (an allow-list, `KNOWN.has(name)`) is the program's choice.
      tested ??= this.membershipTested(u);
      if (tested.has(text(this.source, unwrap(a.key)))) continue;
      const obj = unwrap(a.object);
      // `result[section][key] = v` with both names parsed (merge/text-levels.ts).
      const nested = nestedTextLevel(u, obj, this.source);
      if (nested !== undefined) { out.push(nestedTextLevelHit(u, a, nested, this.source)); continue; }
      if (obj.type !== 'Identifier' || u.params.has(obj.name) || u.nullProto.has(obj.name)) continue;
      const target = text(this.source, obj);
      if (ownAt(u, target, a.node)) continue;
      const member = `${target}[${text(this.source, unwrap(a.key))}]`;
      const binds = u.bindings.filter((b) => b.name === obj.name).map((b) => unwrap(b.value));
      const fn = u.names[0] ? `\`${u.names[0]}\`` : 'This function';
      const level = binds.map((b) => this.textLevel(u, b)).find((x) => x !== undefined);
      if (level !== undefined) {
        out.push({
          start: a.node.start,
          end: a.node.end,
          message: `${fn} writes \`${member}\` into \`${obj.name}\`, read from \`${level}\` by a name cut out of its input: for the name '__proto__' that is Object.prototype, so the write pollutes every object (prototype pollution). Skip '__proto__', 'constructor' and 'prototype', or build the levels with Object.create(null) or a Map`,
        });
        continue;
      }
      // defineProperty makes an own '__proto__' property: the new object keeps its prototype.
      if (a.defines) continue;
      let value = unwrap(a.value);
      while (value.type === 'AssignmentExpression') value = unwrap(value.right);
      if (!binds.some(plainObject) || isLevelInit(value, member, this.source) || this.plainlyPrimitive(u, value)) continue;
      out.push({
        start: a.node.start,
        end: a.node.end,
        message: `${fn} writes \`${member}\` into the new plain object \`${obj.name}\` with a name cut out of its input: the name '__proto__' replaces that object's prototype with the value, so properties the object lacks are read from the attacker's value (prototype pollution). Build it with Object.create(null) or a Map, or skip '__proto__'`,
      });
    }
    return out;
  }

  /** Texts of values tested for membership in an `if` or `?:` test: `LIST.includes(k)`, `SET.has(k)`, `k in MAP`, `LIST.indexOf(k)`. */
  private membershipTested(u: Unit): Set<string> {
    const out = new Set<string>();
    const scan = (test: N): void => {
      walk(test, (node) => {
        const n = node as N;
        if (n.type === 'CallExpression') {
          const c = unwrap(n.callee);
          const m = c.type === 'MemberExpression' ? memberName(c) : undefined;
          if (m && ['includes', 'has', 'indexOf', 'test'].includes(m) && n.arguments[0]) out.add(text(this.source, n.arguments[0] as N));
        } else if (n.type === 'BinaryExpression' && n.operator === 'in') out.add(text(this.source, n.left));
        return true;
      });
    };
    walk(u.fn.body as N, (node) => {
      const n = node as N;
      if ((n.type === 'IfStatement' || n.type === 'ConditionalExpression') && n.test) scan(n.test);
      return true;
    });
    return out;
  }

  /** `object[section]`, `object[section] || {}`, `object[s] = object[s] || {}` with a text-cut name: the member's text. */
  private textLevel(u: Unit, v: N): string | undefined {
    let n = unwrap(v);
    for (let i = 0; i < 4; i++) {
      if (n.type === 'AssignmentExpression') n = unwrap(n.right);
      else if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) n = unwrap(n.left);
      else break;
    }
    if (n.type !== 'MemberExpression' || !n.computed || !isTextPiece(u, n.property)) return undefined;
    const o = unwrap(n.object);
    if (o.type === 'Identifier' && u.nullProto.has(o.name)) return undefined;
    return memberKey(this.source, n);
  }

  /**
   * A literal, a template, a `+` string, a cut-out piece of text (or a name only ever bound to
   * those, or to another such name: `let x = '', y = ''; x = y`).
   */
  private plainlyPrimitive(u: Unit, v: N, seen: Set<string> = new Set()): boolean {
    const n = unwrap(v);
    if (n.type === 'Literal') return n.value !== null;
    if (n.type === 'TemplateLiteral' || (n.type === 'BinaryExpression' && n.operator === '+')) return true;
    if (n.type === 'UnaryExpression' && n.operator !== 'void') return true;
    if (n.type === 'Identifier') {
      if (seen.has(n.name) || seen.size > 8) return false;
      seen.add(n.name);
      const binds = u.bindings.filter((b) => b.name === n.name);
      return binds.length > 0 && binds.every((b) => this.plainlyPrimitive(u, b.value, seen));
    }
    // Not through any helper (`parse(text)` may return an object), only trimming or unquoting ones.
    if (n.type === 'CallExpression' && unwrap(n.callee).type === 'Identifier' && STRING_HELPER.test(unwrap(n.callee).name) && n.arguments[0]) {
      return isTextPiece(u, n.arguments[0] as N);
    }
    return isTextPiece(u, n, 0, false);
  }

  /**
   * `store[a][b] = v` with both keys the function's parameters and `store` a module-level `{}`:
   * a caller's `a = '__proto__'` makes `store[a]` Object.prototype, and `b` the property written
   * on it (a cache or registry keyed by two caller values). Object.create(null) and Map stores
   * are not `{}` and are not reported.
   */
  private keyedStore(u: Unit): AstHit[] {
    for (const a of u.assignments) {
      if (a.deletes) continue;
      const outer = unwrap(a.object);
      const k2 = unwrap(a.key);
      if (outer.type !== 'MemberExpression' || !outer.computed || k2.type !== 'Identifier' || !u.params.has(k2.name)) continue;
      const store = unwrap(outer.object);
      const k1 = unwrap(outer.property);
      if (store.type !== 'Identifier' || k1.type !== 'Identifier' || !u.params.has(k1.name) || k1.name === k2.name) continue;
      // Resetting the store to a new `{}` (a cache flush) keeps it a plain object.
      if (u.params.has(store.name) || u.bindings.some((b) => b.name === store.name && unwrap(b.value).type !== 'ObjectExpression')) continue;
      const decl = this.facts.declarations.filter((d) => d.name === store.name);
      if (decl.length !== 1 || !/^\{\s*\}$/.test(this.source.slice(decl[0]!.start, decl[0]!.end))) continue;
      const member = text(this.source, a.node.left ?? outer);
      if (isLevelInit(a.value, member, this.source)) continue;
      const fn = u.names[0] ? `\`${u.names[0]}\`` : 'This function';
      return [{
        start: a.node.start,
        end: a.node.end,
        message: `${fn} writes \`${member}\` into the plain object \`${store.name}\` with two keys its caller chooses: for \`${k1.name}\` = '__proto__' that is Object.prototype, so \`${k2.name}\` becomes a property of every object (prototype pollution). Create the store with Object.create(null) or use a Map, or reject '__proto__'`,
      }];
    }
    return [];
  }

  /**
   * The function walks a path it takes as a parameter, and every call from another function
   * passes a path built from a guard's result (`var ok = parsePath(p); this._fill(ok.split('.'), …)`
   * with parsePath throwing on '__proto__'): the keys were vetted before the walk.
   */
  private pathVettedByCallers(u: Unit): boolean {
    const params = [...u.params];
    const indexes = params.flatMap((p, i) => (u.pathArrays.has(p) ? [i] : []));
    if (indexes.length === 0 || u.names.length === 0 || this.exported(u)) return false;
    let sites = 0;
    for (const caller of this.facts.units) {
      if (caller === u) continue;
      let vetted: Set<string> | undefined;
      for (const c of caller.calls) {
        if (c.name === undefined || !u.names.includes(c.name)) continue;
        sites++;
        vetted ??= this.boundToGuards(caller);
        for (const i of indexes) {
          const arg = c.args[i];
          if (!arg || !mentions(arg, this.source, '', vetted)) return false;
        }
      }
    }
    return sites > 0;
  }

  /**
   * Callable from outside the file (merge/facts.ts reads the exports from the AST): callers there
   * pass paths nobody vetted.
   */
  private exported(u: Unit): boolean {
    const ex = this.facts.exportedNames;
    return u.exported || u.names.some((nm) => ex.has(nm)) || u.memberOf.some((nm) => ex.has(nm));
  }

  /** Guard names and the caller's names bound (transitively) to a value using one. */
  private boundToGuards(u: Unit): Set<string> {
    const names = new Set(this.guardNames);
    for (let pass = 0; pass < 3; pass++) {
      const before = names.size;
      for (const b of u.bindings) if (!names.has(b.name) && mentions(b.value, this.source, '', names)) names.add(b.name);
      if (names.size === before) break;
    }
    return names;
  }

  /** `Object.assign(target[key], …)` (or merge/extend…) with a key from the input: one level suffices. */
  private copiesIntoKeyed(u: Unit): AstHit[] {
    for (const c of u.calls) {
      if (!c.name || !MERGE_LIKE.has(c.name) || !c.args[0]) continue;
      // Recursion was judged with the assignments above.
      if (u.names.length > 0 && this.reaches(c.name, u.names)) continue;
      const first = unwrap(c.args[0]);
      if (first.type !== 'MemberExpression' || !first.computed || !this.isKey(u, first.property)) continue;
      const target = text(this.source, unwrap(first.object));
      if (ownAt(u, target, c.node)) continue;
      // Keys of the target itself are its own properties: target[key] never reads the prototype.
      if (u.keySource.get(unwrap(first.property).name) === target) continue;
      const fn = u.names[0] ? `\`${u.names[0]}\`` : 'This function';
      return [{
        start: c.node.start,
        end: c.node.end,
        message: `${fn} copies into \`${text(this.source, first)}\` with a key taken from its input: for the key \`__proto__\` that object is Object.prototype, so the copy pollutes every object (prototype pollution). Skip '__proto__', 'constructor' and 'prototype' keys, or check Object.hasOwn(target, key) first`,
      }];
    }
    return [];
  }

  /** Does the function test that what it descends into is an object (not a function) first? */
  private descendsOnlyIntoObjects(u: Unit, member: string): boolean {
    const names = this.aliases(u, member);
    let objectTest = false;
    let functionTest = false;
    walk(u.fn.body as N, (node) => {
      const n = node as N;
      if (n.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(n.operator)) {
        for (const [side, other] of [[n.left, n.right], [n.right, n.left]] as [N, N][]) {
          const t = unwrap(side);
          const o = unwrap(other);
          if (t.type !== 'UnaryExpression' || t.operator !== 'typeof' || o.type !== 'Literal' || !mentions(t.argument, this.source, member, names)) continue;
          const positive = n.operator === '===' || n.operator === '==';
          // `typeof t[k] === 'object'` to descend, or `!== 'object'` to copy instead: either way a
          // function (Object, the constructor) is never descended into.
          if (o.value === 'object') objectTest = true;
          if (o.value === 'function' && positive) functionTest = true;
          if (o.value === 'function' && !positive) objectTest = true;
        }
        // `type = Object.prototype.toString.call(t[k]); type === '[object Object]'`: only plain objects.
        for (const [side, other] of [[n.left, n.right], [n.right, n.left]] as [N, N][]) {
          const o = unwrap(other);
          if (o.type === 'Literal' && o.value === '[object Object]' && mentions(side, this.source, member, names)) objectTest = true;
        }
      }
      if (n.type === 'CallExpression') {
        const c = unwrap(n.callee);
        const name = c.type === 'Identifier' ? c.name : c.type === 'MemberExpression' ? memberName(c) : undefined;
        if (name === 'isPlainObject' && (n.arguments as N[]).some((x) => mentions(x, this.source, member, names))) objectTest = true;
      }
      return true;
    });
    // Or an in-file object test (`isObject(dst[key])`), or the recursion's parameter tested on entry (merge/objects.ts).
    return !functionTest && (objectTest || objectOnlyDescent(u, this.facts, this.source, member, names));
  }

  /**
   * Keys the program lists itself: for-in over an object literal or over a schema/definition
   * (`for (p in this.schema) item[p] = convert(model[p])`): the caller supplies values, not keys.
   */
  private definitionKeys(u: Unit, key: string | undefined): boolean {
    const from = key === undefined ? undefined : u.keySource.get(key);
    if (from === undefined || u.params.has(from)) return false;
    const values = u.bindings.filter((b) => b.name === from).map((b) => unwrap(b.value));
    const defined = (t: string): boolean => {
      const m = /^(?:this|self|that|me|_this)\.([\w$]+)$/.exec(t);
      const name = m ? m[1]! : /^[\w$]+$/.test(t) ? t : undefined;
      return name !== undefined && DEFINITION_NAME.test(name);
    };
    if (values.length > 0) {
      return values.every((v) => v.type === 'ObjectExpression' || (v.type === 'MemberExpression' && defined(text(this.source, v))));
    }
    return defined(from);
  }

  private constructorHit(a: Assignment, u: Unit, member: string): Tagged {
    const fn = u.names[0] ? `\`${u.names[0]}\`` : 'This function';
    return {
      start: a.node.start,
      end: a.node.end,
      medium: true,
      message: `${fn} skips the key '__proto__' but not 'constructor' before writing \`${member}\` and recursing into it: an input {"constructor": {"prototype": {…}}} descends into the target's constructor (a function) and then Object.prototype (prototype pollution). Skip 'constructor' and 'prototype' too, or descend only into own plain-object properties`,
    };
  }

  private hit(a: Assignment, u: Unit, kind: Kind, member: string, how: 'recursive' | 'walk'): AstHit {
    const fn = u.names[0] ? `\`${u.names[0]}\`` : 'This function';
    const what = kind === 'merge'
      ? `${fn} copies every key of its input into \`${member}\` and recurses into \`${member}\``
      : how === 'walk'
        ? `${fn} walks an object along a caller-supplied path and ${a.deletes ? 'deletes' : 'assigns'} \`${member}\``
        : `${fn} assigns \`${member}\` along a caller-supplied path, recursing into each level`;
    return {
      start: a.node.start,
      end: a.node.end,
      message: `${what}; a key \`__proto__\` or \`constructor.prototype\` reaches Object.prototype, so the write pollutes every object (prototype pollution). Skip '__proto__', 'constructor' and 'prototype' keys, or check Object.hasOwn(target, key) before descending`,
    };
  }
}

/** A hit of the medium rule (a '__proto__'-only guard) or of the main one. */
type Tagged = AstHit & { medium?: boolean };

/** Names of definitions whose keys are the program's own: schema, fields, columns… */
const DEFINITION_NAME = /schema|definition|^(?:fields|columns|props|properties|attributes|attrs|shape|spec)$/i;

const RESULTS = Symbol('prototype-pollution');
type WithResults = ParsedFile & { [RESULTS]?: Tagged[] };

/** A key a hit can be written by (isKey): a name, `parts[i]`, or `path.shift()`-like call. */
function keyShaped(key: N): boolean {
  const k = unwrap(key);
  return k.type === 'Identifier' || k.type === 'MemberExpression' || k.type === 'CallExpression';
}

/**
 * Whether the file holds any write a hit is made of: `o[key] = v` (any operator) with a key-shaped
 * key, a `set(o, key, v)` call (Reflect.set), or a merge-like call into `o[key]`. Every hit starts
 * from one of these (helper writers are functions holding the first kind), so a file with none
 * has nothing to find and skips this rule's own per-function walk.
 */
function mayWriteByKey(f: AstFacts): boolean {
  for (const a of f.assignments) {
    const l = a.left as N;
    if (l.type === 'MemberExpression' && l.computed && keyShaped(l.property)) return true;
  }
  for (const site of f.calls) {
    const name = site.name;
    if (name === undefined) continue;
    const args = site.node.arguments as N[];
    if (name === 'set' && args.length >= 3) return true;
    if (name === 'defineProperty' && args.length >= 3 && unwrap(args[1]!).type !== 'Literal') return true;
    // `merge.call(this, t[k], s)` is named `call` here; the rule names it `merge`.
    if (MERGE_LIKE.has(name) || name === 'call' || name === 'apply') {
      const first = args[0] ? unwrap(args[0]) : undefined;
      if (first?.type === 'MemberExpression' && first.computed && keyShaped(first.property)) return true;
    }
  }
  return false;
}

/** `delete obj[key]` / `delete a.b[key]` in the text. */
const DELETE_BY_KEY = /\bdelete\s+[\w$.]+\[\s*[^\]'"`\s]/;

/** Both rules' hits for a file, computed once (the two rules share one analysis). */
function analyse(file: ParsedFile, api: ApiNames | undefined): Tagged[] {
  const cached = (file as WithResults)[RESULTS];
  if (cached) return cached;
  const hits: Tagged[] = [];
  (file as WithResults)[RESULTS] = hits;
  // The shared facts walk (done already for the other rules) rules out most files exactly, and
  // costs less than the text checks below (which, with it, only keep the results as they were).
  // `delete cur[last]` is a write the shared facts do not list (a text test, linear).
  const deletes = DELETE_BY_KEY.test(file.source);
  if (api && !deletes && !mayWriteByKey(factsOf(file, api))) return hits;
  // Cheap pre-check: no computed write and no merge-like call means nothing to find.
  if (!deletes && !/\]\s*(?:=[^=]|\|\|=|\?\?=)|Reflect\.set|defineProperty\(|(?:assign|merge\w*|extend|mixin|defaults\w*)\(\s*[\w$.]+\[/i.test(file.source)) return hits;
  // A `]` right after `[` is an array type (`const rows: string[] = []`), never a computed
  // write (which has a key between the brackets): TypeScript files full of those skip the walk.
  if (!deletes && !/[^[\s]\s*\][\s)]*[-+*/%&|^<>?]{0,4}=[^=]|Reflect\.set|defineProperty\(|(?:assign|merge\w*|extend|mixin|defaults\w*)\(\s*[\w$.]+\[/i.test(file.source)) return hits;
  const facts = collectFacts(file.program, file.source);
  // Paths handed in inside an object (`const { path } = patch`, `keys = change.key`).
  widenPaths(facts);
  const judge = new Judge(facts, file.source);
  const seen = new Set<number>();
  for (const u of facts.units) {
    for (const h of judge.judge(u)) {
      if (seen.has(h.start)) continue;
      seen.add(h.start);
      hits.push(h);
    }
  }
  return hits;
}

const strip = (h: Tagged): AstHit => ({ start: h.start, end: h.end, message: h.message });

const prototypePollution: AstRule = {
  meta: {
    id: 'sast/js/prototype-pollution-merge',
    title: 'Prototype pollution in a recursive merge or path setter',
    severity: 'high',
    cwe: [1321],
    description:
      'A function that copies properties by keys it does not control and descends into the value ' +
      'already stored under each key (recursive merge, extend, defaultsDeep, deep clone into a target, ' +
      'set-by-path). A key `__proto__` (JSON.parse makes it an own property) or the path ' +
      '`constructor.prototype` leads it to Object.prototype, so attacker-chosen properties appear on ' +
      'every object: authorization flags, template options, child_process options.',
    remediation:
      "Skip the keys '__proto__', 'constructor' and 'prototype' (or allow only known keys), descend only " +
      'into own properties of the target (Object.hasOwn(target, key)), build results on ' +
      'Object.create(null) or a Map, or use a maintained merge that already does this.',
    references: [
      'https://cwe.mitre.org/data/definitions/1321.html',
      'https://github.com/HoLyVieR/prototype-pollution-nsec18/blob/master/paper/JavaScript_prototype_pollution_attack_in_NodeJS.pdf',
    ],
  },
  check(file: ParsedFile, api?: ApiNames): AstHit[] {
    return analyse(file, api).filter((h) => !h.medium).map(strip);
  },
};

const prototypePollutionConstructor: AstRule = {
  meta: {
    id: 'sast/js/prototype-pollution-constructor',
    title: "Prototype pollution through constructor.prototype in a merge that only skips '__proto__'",
    severity: 'medium',
    cwe: [1321],
    description:
      "A recursive merge or defaults-deep that rejects the key '__proto__' but not 'constructor': an input " +
      '{"constructor": {"prototype": {"x": 1}}} makes it descend into target.constructor (Object, a function it ' +
      'accepts as an object) and then into Object.prototype, so x appears on every object.',
    remediation:
      "Skip 'constructor' and 'prototype' as well as '__proto__', or descend only into the target's own " +
      'properties that are plain objects (Object.hasOwn(target, key) and a plain-object check).',
    references: ['https://cwe.mitre.org/data/definitions/1321.html'],
  },
  check(file: ParsedFile, api?: ApiNames): AstHit[] {
    return analyse(file, api).filter((h) => h.medium).map(strip);
  },
};

export const prototypePollutionRules: AstRule[] = [prototypePollution, prototypePollutionConstructor];
