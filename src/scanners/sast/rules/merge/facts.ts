/**
 * One walk over a file collecting, per function, what the prototype-pollution rule judges:
 * which names hold keys of some object or steps of a caller's path, computed-member
 * assignments, calls, "walking" assignments (`cur = cur[key]`) and guards against the
 * dangerous keys. Callbacks passed as arguments (`Object.keys(s).forEach(k => …)`) belong to
 * the function that passes them, so a merge written with forEach is one unit.
 */
import type { Program } from '@oxc-project/types';
import { walk, type AnyNode } from '../../parse/walk.js';
import { memberName, unwrap } from '../../ir/api-names.js';
import { assignedKeys, decodedKey, iteratedBy, recursionKeys } from './key-flow.js';

export type N = AnyNode & Record<string, any>;

export interface Assignment {
  node: N;
  /** The object written to (`target` in `target[key] = v`). */
  object: N;
  key: N;
  value: N;
  /** `delete target[key]`: removes the key (on Object.prototype when a walk led there), writes no data. */
  deletes?: boolean;
  /** `Object.defineProperty(target, key, d)`: defines an own property, never re-parents target. */
  defines?: boolean;
}

export interface Call {
  node: N;
  /** The called name: `merge` for `merge(…)`, `this.merge(…)`, `merge.call(…)`. */
  name: string | undefined;
  args: N[];
}

export interface Unit {
  fn: N;
  names: string[];
  /** The function's own parameter names. */
  params: Set<string>;
  /** Names bound to keys of some object (for-in, Object.keys/entries iteration). */
  keyVars: Set<string>;
  /** Key name → text of the object whose keys it takes (when known). */
  keySource: Map<string, string>;
  /** Key-array name → text of the object whose keys it holds. */
  keyArraySource: Map<string, string>;
  /** Names bound to one step of a path (`parts[i]`, `path.shift()`, for-of over a split path). */
  pathKeyVars: Set<string>;
  /** Names holding path arrays (`key.split('.')`, a `path`/`keys` parameter). */
  pathArrays: Set<string>;
  /** Names holding the result of Object.keys(…). */
  keyArrays: Set<string>;
  /**
   * Names bound to a piece cut out of some text: `s.substr(0, i)`, `decodeURIComponent(x)`,
   * `m[1]` of a match, `s.slice(1, -1)` (a parsed name: a query key, an XML tag, an INI section).
   */
  textKeyVars: Set<string>;
  /** Names bound to the result of `.match(…)` / `.exec(…)`. */
  matchVars: Set<string>;
  /** For such a name, the numbers of the regex's groups that are literal words only (`(name|version)`). */
  fixedGroups: Map<string, Set<number>>;
  assignments: Assignment[];
  calls: Call[];
  /** `x = expr` / `const x = expr` pairs, for aliases of `target[key]` and walkers. */
  bindings: { name: string; value: N }[];
  /** Reduce calls over a path array: accumulator walks when the callback reads acc[key]. */
  reduces: { call: N; acc: string; key: string; body: N }[];
  /** Texts of objects checked with hasOwnProperty / Object.hasOwn. */
  ownChecked: Set<string>;
  /**
   * Own-property checks that guard one branch only: `if (own(obj, k)) { delete obj[k]; return }`
   * vets the writes inside that branch, not a walk after it (unset-value).
   */
  ownCheckedIn: { target: string; start: number; end: number }[];
  /** Names declared as Object.create(null). */
  nullProto: Set<string>;
  /**
   * Names that can be a guard helper or constant of the file: identifiers the function does not
   * declare itself (its parameter `value` is not the file's function `value`: in a big file such
   * shadowed names chained unrelated helpers into guards), names it calls, and methods it hands on
   * as callbacks (`keys.every(this.isSafeKey)`). Other member reads (`node.attr`) are not.
   */
  referenced: Set<string>;
  /**
   * Callable from outside the file by where it is written: an export declaration, assigned to
   * `exports`/`module.exports` (or a member of them), a public member of a class or a prototype,
   * or a member of an object literal that is itself exported.
   */
  exported: boolean;
  /** Variables holding the object literal the function is a member of (exported if they are). */
  memberOf: string[];
}

export interface FileFacts {
  units: Unit[];
  /** Offsets of string/regex literals naming __proto__, constructor or prototype. */
  dangerLiterals: number[];
  /** Top-level-ish declarations `const X = …` with their init ranges (guard constants). */
  declarations: { name: string; start: number; end: number }[];
  /** Called name → names it calls (over all units with that name). */
  callGraph: Map<string, Set<string>>;
  /**
   * Local names the module exports: `export { a, b as c }`, `export const/function/class x`,
   * `export default x`, `module.exports = x`, `module.exports = { a, b: c }`, `exports.y = x`.
   */
  exportedNames: Set<string>;
}

const KEYS_FUNCS = new Set(['keys', 'keysIn', 'ownKeys', 'allKeys', 'getOwnPropertyNames', 'getKeys', 'getOwnKeys']);
const ENTRIES_FUNCS = new Set(['entries', 'toPairs', 'toPairsIn']);
const OBJ_ITERATORS = new Set(['forIn', 'forOwn', 'forInRight', 'forOwnRight', 'eachOf', 'forEachOf']);
const ITER_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'find', 'reduce', 'flatMap']);
const PATH_PARAM = /^(?:path|paths|keys|keyPath|keypath|propPath|propertyPath|prop(?:s|erties)?|parts|segments|fieldPath|dotPath|selector|pointer|tokens)$/;
const DANGER = /__proto__|^constructor$|^prototype$/;
/** String methods that cut a name out of text, and functions that decode one. */
const TEXT_CUTS = new Set(['substr', 'substring', 'slice']);
const TEXT_KEEPS = new Set(['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'replace', 'replaceAll']);
const TEXT_DECODERS = new Set(['decodeURIComponent', 'decodeURI', 'unescape']);
const TEXT_MATCHERS = new Set(['match', 'exec']);
const NUMERIC = new Set(['parseInt', 'parseFloat', 'Number', 'Boolean', 'Math']);
/** A name bound to Object.prototype.hasOwnProperty ({}.hasOwnProperty), linear: no nested quantifiers. */
const OWN_ALIAS = /\b(?:var|let|const)\s+([\w$]+)\s*=\s*(?:Object\.prototype|\{\s?\})\.hasOwnProperty\b/g;
const DANGER_REGEX = /proto|constructor/;

/** Source text without spaces or outer TypeScript casts, to compare expressions. */
export function text(source: string, n: N): string {
  const m = unwrap(n);
  return source.slice(m.start, m.end).replace(/\s+/g, '');
}

const READS_BY_NAME = new Set(['hasOwnProperty', 'hasOwn', 'call', 'apply', 'getOwnPropertyDescriptor', 'defineProperty', 'propertyIsEnumerable']);

/** Is a string literal the name of a property being read or looked up (not a key compared)? */
function readsProperty(lit: N, parent: N | null): boolean {
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.property === lit) return true;
  if (parent.type === 'CallExpression' && (parent.arguments as N[]).includes(lit)) {
    const name = calledName(parent.callee);
    return name !== undefined && READS_BY_NAME.has(name);
  }
  return false;
}

/**
 * Local helpers that write `p[i][p[j]] = p[k]` (`function assignValue(o, k, v) { o[k] = v }`),
 * directly or by passing their parameters on to another such helper: each plain call of one
 * (`assignValue(nested, key, v)`) is recorded as the write it makes, in the caller's unit.
 */
function addHelperWrites(units: Unit[]): void {
  const writers = new Map<string, [number, number, number]>();
  const paramIndex = (u: Unit, e: N | undefined): number => {
    const n = e ? unwrap(e) : undefined;
    return n?.type === 'Identifier' ? paramNames(u.fn).indexOf(n.name) : -1;
  };
  for (let pass = 0; pass < 4; pass++) {
    const before = writers.size;
    for (const u of units) {
      if (u.names.length === 0 || u.names.some((nm) => writers.has(nm))) continue;
      let sig: [number, number, number] | undefined;
      for (const a of u.assignments) {
        // A define helper (merge-options' `defineProperty(obj, name, value)`) stores own properties:
        // its callers are judged by their own descent, not as writers through it.
        if (a.defines) continue;
        const o = paramIndex(u, a.object), k = paramIndex(u, a.key), v = paramIndex(u, a.value);
        if (o >= 0 && k >= 0 && v >= 0 && o !== k) sig = [o, k, v];
      }
      for (const c of u.calls) {
        const w = c.name !== undefined && unwrap(c.node.callee).type === 'Identifier' ? writers.get(c.name) : undefined;
        if (!w || sig) continue;
        const o = paramIndex(u, c.args[w[0]]), k = paramIndex(u, c.args[w[1]]), v = paramIndex(u, c.args[w[2]]);
        if (o >= 0 && k >= 0 && v >= 0) sig = [o, k, v];
      }
      if (sig) for (const nm of u.names) writers.set(nm, sig);
    }
    if (writers.size === before) break;
  }
  if (writers.size === 0) return;
  for (const u of units) {
    for (const c of u.calls) {
      const w = c.name !== undefined && unwrap(c.node.callee).type === 'Identifier' ? writers.get(c.name) : undefined;
      if (!w || u.names.includes(c.name!)) continue;
      const [object, key, value] = [c.args[w[0]], c.args[w[1]], c.args[w[2]]];
      if (!object || !key || !value || unwrap(key).type === 'Literal') continue;
      u.assignments.push({ node: c.node, object, key, value });
    }
  }
}

/**
 * `opt && !hasOwn(o, k)`: the check is negated and joined by && to an option, so when the option
 * is off nothing happens for a key that is not own (deep-get-set's
 * `if (deep.p && !hasOwnProp.call(obj, key)) obj[key] = {}` then walks into obj.__proto__). A
 * comparison there (`i < last && !hasOwn(…)`) only tells the last step apart, and still counts.
 */
function negatedUnderAnd(ancestors: N[], depth: number): boolean {
  let negated = false;
  for (let d = depth - 1; d >= 0; d--) {
    const a = ancestors[d]!;
    if (a.type === 'UnaryExpression' && a.operator === '!') negated = !negated;
    else if (a.type === 'LogicalExpression') {
      const other = a.left === ancestors[d + 1] ? a.right : a.left;
      if (a.operator === '&&' && negated && other.type !== 'BinaryExpression') return true;
    } else if (a.type !== 'ParenthesizedExpression') return false;
  }
  return false;
}

/** A statement that only leaves the loop or function: `continue;`, `return x;`, `{ continue; }`. */
function onlyLeaves(st: N | null | undefined): boolean {
  if (!st) return false;
  if (st.type === 'BlockStatement') return st.body.length === 1 && onlyLeaves(st.body[0]);
  return st.type === 'ContinueStatement' || st.type === 'BreakStatement' || st.type === 'ReturnStatement';
}

/**
 * `if (opts.combine && target.hasOwnProperty(key)) continue;`: keys the target already has are
 * skipped, so the inherited ones (`constructor`) go on to the write and the descent: the check
 * does not keep the walk on own properties (putil-merge 3.7.0).
 */
function skipsOwnKeys(ancestors: N[], depth: number): boolean {
  let negated = false;
  for (let d = depth - 1; d >= 0; d--) {
    const a = ancestors[d]!;
    const child = ancestors[d + 1]!;
    if (a.type === 'UnaryExpression' && a.operator === '!') negated = !negated;
    else if (a.type === 'IfStatement') return a.test === child && !negated && onlyLeaves(a.consequent) && !a.alternate;
    else if (!(a.type === 'ParenthesizedExpression' || (a.type === 'LogicalExpression' && a.operator === '&&'))) return false;
  }
  return false;
}

/** A statement list ending in return/throw/continue/break: what follows it never runs after it. */
function endsByLeaving(st: N | null | undefined): boolean {
  if (!st) return false;
  const last = st.type === 'BlockStatement' ? st.body[st.body.length - 1] : st;
  return !!last && ['ReturnStatement', 'ThrowStatement', 'ContinueStatement', 'BreakStatement'].includes(last.type);
}

/**
 * `if (a && own(obj, k)) { …; return }` with no else: the check holds inside that branch only (the
 * code after the if runs exactly when it failed). The branch, or undefined for any other check.
 */
function exitingBranch(ancestors: N[], depth: number): N | undefined {
  for (let d = depth - 1; d >= 0; d--) {
    const a = ancestors[d]!;
    const child = ancestors[d + 1]!;
    if (a.type === 'IfStatement') return a.test === child && !a.alternate && endsByLeaving(a.consequent) ? a.consequent : undefined;
    if (!(a.type === 'ParenthesizedExpression' || (a.type === 'LogicalExpression' && a.operator === '&&'))) return undefined;
  }
  return undefined;
}

/** The name a call targets, looking through `.call`/`.apply` and `this.`/`obj.` prefixes. */
function calledName(callee: N): string | undefined {
  const c = unwrap(callee);
  if (c.type === 'Identifier') return c.name;
  if (c.type === 'MemberExpression') {
    const m = memberName(c);
    if ((m === 'call' || m === 'apply') && c.object) {
      const inner = calledName(c.object as N);
      if (inner !== undefined) return inner;
    }
    return m;
  }
  return undefined;
}

function isFunction(n: N): boolean {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

function propName(key: N | undefined): string | undefined {
  if (!key) return undefined;
  if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** Names a function is known by: its own id and what it is assigned or attached to. */
function namesOf(fn: N, parent: N | null): string[] {
  const names: string[] = [];
  if (fn.id?.name) names.push(fn.id.name);
  if (!parent) return names;
  switch (parent.type) {
    case 'VariableDeclarator':
      if (parent.init === fn && parent.id.type === 'Identifier') names.push(parent.id.name);
      break;
    case 'AssignmentExpression': {
      if (parent.right !== fn) break;
      const l = parent.left as N;
      if (l.type === 'Identifier') names.push(l.name);
      else if (l.type === 'MemberExpression') {
        const m = memberName(l);
        if (m) names.push(m);
      }
      break;
    }
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition': {
      const k = propName(parent.key);
      if (k && parent.value === fn) names.push(k);
      break;
    }
  }
  return names;
}

/** `exports` or `module.exports`. */
function isExportsObject(n: N): boolean {
  const m = unwrap(n);
  if (m.type === 'Identifier') return m.name === 'exports';
  return m.type === 'MemberExpression' && !m.computed && m.object.type === 'Identifier' && m.object.name === 'module' && memberName(m) === 'exports';
}

/** An assignment target that exports: `module.exports`, `exports.x`, `module.exports.x`. */
function isExportTarget(l: N): boolean {
  const m = unwrap(l);
  return isExportsObject(m) || (m.type === 'MemberExpression' && isExportsObject(m.object));
}

/** `_fill`, `#fill`: members their authors keep internal (dot-object's `_fill`). */
function isInternalMember(member: N, name: string | undefined): boolean {
  return member.key?.type === 'PrivateIdentifier' || (name !== undefined && name.startsWith('_'));
}

/** A `.prototype` member or the prototype object itself (`X.prototype.m`, `X.prototype`). */
function onPrototype(l: N): boolean {
  const m = unwrap(l);
  if (m.type !== 'MemberExpression') return false;
  if (memberName(m) === 'prototype') return true;
  const o = unwrap(m.object);
  return o.type === 'MemberExpression' && memberName(o) === 'prototype';
}

/**
 * Is a function at this place callable from outside the file? `parent` holds it, `grand` holds
 * the parent, `great` holds that.
 */
function exportedAt(fn: N, parent: N | null, grand: N | undefined, great: N | undefined): { exported: boolean; memberOf: string[] } {
  const memberOf: string[] = [];
  if (!parent) return { exported: false, memberOf };
  switch (parent.type) {
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
      return { exported: true, memberOf };
    case 'AssignmentExpression': {
      if (parent.right !== fn) break;
      const l = parent.left as N;
      if (isExportTarget(l)) return { exported: true, memberOf };
      // `X.prototype.m = function…`: a method of every instance.
      if (onPrototype(l)) return { exported: !(memberName(unwrap(l)) ?? '_').startsWith('_'), memberOf };
      break;
    }
    case 'MethodDefinition':
    case 'PropertyDefinition':
      // A class member: callable on every instance the class hands out.
      return { exported: parent.value === fn && !isInternalMember(parent, propName(parent.key)), memberOf };
    case 'Property': {
      if (parent.value !== fn || grand?.type !== 'ObjectExpression' || isInternalMember(parent, propName(parent.key))) break;
      // `module.exports = { set() {…} }`, `X.prototype = { set: function… }`, `export default { … }`.
      if (great?.type === 'ExportDefaultDeclaration') return { exported: true, memberOf };
      if (great?.type === 'AssignmentExpression' && great.right === grand && (isExportTarget(great.left) || onPrototype(great.left))) return { exported: true, memberOf };
      // `const api = { set() {…} }`: exported if `api` is.
      if (great?.type === 'VariableDeclarator' && great.init === grand && great.id.type === 'Identifier') memberOf.push(great.id.name);
      if (great?.type === 'AssignmentExpression' && great.right === grand && great.left.type === 'Identifier') memberOf.push(great.left.name);
      break;
    }
  }
  return { exported: false, memberOf };
}

/** Names an object literal holds as values: `{ put, set: setPath }` → put, setPath. */
function valueNames(obj: N): string[] {
  const out: string[] = [];
  for (const p of obj.properties as N[]) {
    const v = p.type === 'Property' ? unwrap(p.value) : undefined;
    if (v?.type === 'Identifier') out.push(v.name);
  }
  return out;
}

/** Local names an export statement or an assignment to `module.exports`/`exports.x` exports. */
function noteExports(n: N, out: Set<string>): void {
  if (n.type === 'ExportNamedDeclaration') {
    if (n.source) return;
    const d = n.declaration as N | null;
    if (d?.id?.type === 'Identifier') out.add(d.id.name);
    if (d?.type === 'VariableDeclaration') for (const v of d.declarations as N[]) if (v.id.type === 'Identifier') out.add(v.id.name);
    for (const sp of (n.specifiers ?? []) as N[]) if (sp.local?.type === 'Identifier') out.add(sp.local.name);
  } else if (n.type === 'ExportDefaultDeclaration') {
    const d = n.declaration as N;
    if (d.type === 'Identifier') out.add(d.name);
    else if (d.id?.type === 'Identifier') out.add(d.id.name);
  } else if (n.type === 'AssignmentExpression' && n.operator === '=' && isExportTarget(n.left)) {
    const r = unwrap(n.right);
    if (r.type === 'Identifier') out.add(r.name);
    else if (r.type === 'ObjectExpression') for (const nm of valueNames(r)) out.add(nm);
  }
}

function paramNames(fn: N): string[] {
  const out: string[] = [];
  for (let p of fn.params as N[]) {
    if (p.type === 'TSParameterProperty') p = p.parameter;
    if (p.type === 'AssignmentPattern') p = p.left;
    if (p.type === 'RestElement') p = p.argument;
    if (p.type === 'Identifier') out.push(p.name);
  }
  return out;
}

/** First identifier of an array pattern (`[k, v]` → k). */
function firstOfPattern(p: N | undefined): string | undefined {
  if (!p) return undefined;
  if (p.type === 'Identifier') return undefined;
  if (p.type === 'ArrayPattern') {
    const e = p.elements[0] as N | null;
    return e?.type === 'Identifier' ? e.name : undefined;
  }
  return undefined;
}

function loopVarName(left: N): N | undefined {
  if (left.type === 'VariableDeclaration') return left.declarations[0]?.id as N | undefined;
  return left;
}

/** Most characters of a file searched for the regex constants a match uses. */
const MAX_CONST_SCAN = 1_000_000;
/** `const RE = /…/;` in the text: the name and the pattern (one line, linear: the alternatives start with different characters). */
const REGEX_CONST = /\bconst\s+([\w$]+)\s*=\s*\/((?:[^/\\\n[]|\\.|\[(?:[^\]\\\n]|\\.)*\])+)\/[a-z]*\s*[;\n]/g;

/** The patterns of the file's `const RE = /…/` constants by name (the first of a name), from one scan of the text. */
function regexConstants(source: string): Map<string, string> {
  const out = new Map<string, string>();
  if (source.length > MAX_CONST_SCAN) return out;
  for (const m of source.matchAll(REGEX_CONST)) if (!out.has(m[1]!)) out.set(m[1]!, m[2]!);
  return out;
}

/**
 * Groups of the regex of `RE.exec(s)` / `s.match(RE)` (a literal, or a `const RE = /…/` of the file,
 * looked up in `constants`) that hold only literal alternatives of word characters, by group number: `(name|licenses?)`.
 */
function fixedGroups(call: N, constants: () => Map<string, string>): Set<number> {
  const out = new Set<number>();
  const c = unwrap(call.callee);
  const reNode = unwrap((calledName(call.callee) === 'exec' ? c.object : call.arguments[0]) as N ?? c);
  let pattern: string | undefined;
  if (reNode?.type === 'Literal' && reNode.regex) pattern = String(reNode.regex.pattern);
  else if (reNode?.type === 'Identifier') pattern = constants().get(String(reNode.name));
  if (!pattern) return out;
  // Number the capturing groups; a group is fixed when its text is words (an optional last letter) joined by |.
  let group = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') { i++; continue; }
    if (ch === '[') { while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1; continue; }
    if (ch !== '(' || pattern[i + 1] === '?') continue;
    group++;
    const end = pattern.indexOf(')', i);
    if (end > 0 && /^\w+\??(?:\|\w+\??)*$/.test(pattern.slice(i + 1, end))) out.add(group);
  }
  return out;
}

/**
 * `Object.defineProperty(t, k, desc)` / `Reflect.defineProperty(…)` with a computed key, as the write
 * `t[k] = v`: `v` is the descriptor literal's `value` (`{ value: {} }` creates a level), else the
 * descriptor itself (a copied descriptor carries the source's value).
 */
function definedProperty(call: N, source: string): Assignment | undefined {
  const callee = text(source, call.callee);
  if (callee !== 'Object.defineProperty' && callee !== 'Reflect.defineProperty') return undefined;
  const [object, key, descriptor] = call.arguments as N[];
  if (!object || !key || !descriptor || unwrap(key).type === 'Literal' || unwrap(descriptor).type === 'SpreadElement') return undefined;
  const d = unwrap(descriptor);
  let value: N = descriptor;
  if (d.type === 'ObjectExpression') {
    const v = (d.properties as N[]).find((p) => p.type === 'Property' && !p.computed && propName(p.key) === 'value');
    // Only accessors (`{ get() {…} }`): no value stored under the key.
    if (!v) return undefined;
    value = v.value;
  }
  return { node: call, object, key, value, defines: true };
}

/** `Object.create(null)`. */
function isNullProto(source: string, e: N): boolean {
  const v = unwrap(e);
  return v.type === 'CallExpression' && text(source, v.callee) === 'Object.create' && v.arguments[0]?.type === 'Literal' && v.arguments[0].value === null;
}

/** A piece cut out of some text (see Unit.textKeyVars), directly or through a name or a branch. */
export function isTextPiece(u: Unit, e: N, depth = 0, viaHelpers = true): boolean {
  const n = unwrap(e);
  if (depth > 4) return false;
  // A name also bound to keys of an object (`key` of a forEach over Object.keys in the same function) is ambiguous: not counted.
  if (n.type === 'Identifier') return u.textKeyVars.has(n.name) && !u.keyVars.has(n.name);
  if (n.type === 'ConditionalExpression') return isTextPiece(u, n.consequent, depth + 1, viaHelpers) || isTextPiece(u, n.alternate, depth + 1, viaHelpers);
  // `m[2] || m[1]`: whichever group matched (a bracket or a dotted step of a key path).
  if (n.type === 'LogicalExpression' && n.operator !== '&&') return isTextPiece(u, n.left, depth + 1, viaHelpers) || isTextPiece(u, n.right, depth + 1, viaHelpers);
  // `m[1]` of a match, `s.split('=')[0]`.
  if (n.type === 'MemberExpression' && n.computed && n.property.type === 'Literal' && typeof n.property.value === 'number') {
    const o = unwrap(n.object);
    // A group of literal alternatives (`(name|version|licenses?)`) can only hold those words.
    if (o.type === 'Identifier') return u.matchVars.has(o.name) && !u.fixedGroups.get(o.name)?.has(n.property.value);
    return o.type === 'CallExpression' && ['split', 'match', 'exec'].includes(calledName(o.callee) ?? '');
  }
  if (n.type !== 'CallExpression') return false;
  const c = unwrap(n.callee);
  const name = calledName(n.callee) ?? '';
  if (c.type === 'MemberExpression') {
    const recv = unwrap(c.object);
    // A piece of a key of some object (`for (p in conf) out[p.replace(…)]`) is that object's key, not parsed text.
    if (recv.type === 'Identifier' && u.keyVars.has(recv.name)) return false;
    // Cutting makes a piece; trimming or re-casing only keeps one (`k.trim()` of a split part).
    if (TEXT_CUTS.has(name)) return true;
    return TEXT_KEEPS.has(name) && isTextPiece(u, recv, depth + 1, viaHelpers);
  }
  // decodeURIComponent(x), and a helper given a piece (`unsafe(match[1])`, an unescaper) returns one.
  if (c.type === 'Identifier') {
    // parseInt(piece) is a number: an index, never '__proto__'.
    if (NUMERIC.has(name)) return false;
    return n.arguments.length >= 1 && (TEXT_DECODERS.has(name) || (viaHelpers && isTextPiece(u, n.arguments[0] as N, depth + 1)));
  }
  return false;
}

export function collectFacts(program: Program, source: string): FileFacts {
  const units: Unit[] = [];
  const dangerLiterals: number[] = [];
  const declarations: FileFacts['declarations'] = [];
  const stack: { unit: Unit; depth: number }[] = [];
  /** `var f = module.exports = function…`, `a.x = a.y = function…`: outer names of a chain. */
  const chainNames = new Map<N, string[]>();
  /** Named functions handed to forIn/forOwn-style iterators, and which parameter is the key. */
  const keyCallbacks = new Map<string, number>();
  /** Functions whose returned function is handed to Object.keys(x).forEach (`forEach(recurser(a, b))`). */
  const keyFactories = new Set<string>();
  // `var hasOwnProp = Object.prototype.hasOwnProperty` (any name): called with .call like hasOwn.
  const ownAliases = new Set<string>();
  for (const m of source.matchAll(OWN_ALIAS)) ownAliases.add(m[1]!);
  const noteChain = (outer: string | undefined, value: N | null | undefined): void => {
    let v = value;
    const names: string[] = outer ? [outer] : [];
    for (let i = 0; v && v.type === 'AssignmentExpression' && i < 8; i++) {
      const l = v.left as N;
      const nm = l.type === 'Identifier' ? l.name : l.type === 'MemberExpression' ? memberName(l) : undefined;
      if (nm) names.push(nm);
      v = v.right as N;
    }
    if (v && isFunction(v) && names.length > 0) chainNames.set(v, [...(chainNames.get(v) ?? []), ...names]);
  };

  const exportedNames = new Set<string>();
  /** Per function: identifiers it reads and names it declares (params, callbacks' params, var/let/const). */
  const identRefs = new Map<Unit, Set<string>>();
  const locals = new Map<Unit, Set<string>>();
  const declare = (u: Unit, id: N | null | undefined): void => {
    if (!id) return;
    const p = id.type === 'AssignmentPattern' ? id.left : id.type === 'RestElement' ? id.argument : id;
    if (p.type === 'Identifier') locals.get(u)!.add(p.name);
    else if (p.type === 'ArrayPattern') for (const e of p.elements as (N | null)[]) declare(u, e);
    else if (p.type === 'ObjectPattern') for (const q of p.properties as N[]) declare(u, q.type === 'Property' ? q.value : q);
  };
  /** `const api = { put, setPath }`: the names each object-literal variable holds (exported with it). */
  const literalValues = new Map<string, string[]>();
  const newUnit = (fn: N, names: string[], where: { exported: boolean; memberOf: string[] }): Unit => {
    const u: Unit = {
      fn, names, params: new Set(paramNames(fn)), keyVars: new Set(), keySource: new Map(), keyArraySource: new Map(), pathKeyVars: new Set(), pathArrays: new Set(), keyArrays: new Set(),
      textKeyVars: new Set(), matchVars: new Set(), fixedGroups: new Map(),
      assignments: [], calls: [], bindings: [], reduces: [], ownChecked: new Set(), ownCheckedIn: [], nullProto: new Set(),
      referenced: new Set(), exported: where.exported, memberOf: where.memberOf,
    };
    for (const p of paramNames(fn)) if (PATH_PARAM.test(p)) u.pathArrays.add(p);
    identRefs.set(u, new Set());
    locals.set(u, new Set(paramNames(fn)));
    units.push(u);
    return u;
  };

  /** Object.keys(x), _.keys(x), or a name holding one. */
  const isKeysExpr = (u: Unit, e: N): boolean => {
    const n = unwrap(e);
    if (n.type === 'Identifier') return u.keyArrays.has(n.name);
    if (n.type !== 'CallExpression') return false;
    const name = calledName(n.callee);
    if (name !== undefined && KEYS_FUNCS.has(name)) return n.arguments.length >= 1;
    // Object.keys(x).filter(…) / .sort() still yields keys.
    const c = unwrap(n.callee);
    if (c.type === 'MemberExpression' && ['filter', 'sort', 'concat', 'slice', 'reverse'].includes(memberName(c) ?? '')) return isKeysExpr(u, c.object);
    return false;
  };
  const isEntriesExpr = (e: N): boolean => {
    const n = unwrap(e);
    return n.type === 'CallExpression' && ENTRIES_FUNCS.has(calledName(n.callee) ?? '') && n.arguments.length >= 1;
  };
  /** The object whose keys a keys/entries expression lists: `Object.keys(x)` → `x`. */
  const keysOf = (u: Unit, e: N | undefined, depth = 0): string | undefined => {
    if (!e || depth > 8) return undefined;
    const n = unwrap(e);
    if (n.type === 'Identifier') return u.keyArraySource.get(n.name);
    if (n.type !== 'CallExpression') return undefined;
    const c = unwrap(n.callee);
    if (c.type === 'MemberExpression' && ['filter', 'sort', 'concat', 'slice', 'reverse'].includes(memberName(c) ?? '')) return keysOf(u, c.object, depth + 1);
    return n.arguments[0] ? text(source, n.arguments[0]) : undefined;
  };
  const addKey = (u: Unit, name: string, from: string | undefined): void => {
    u.keyVars.add(name);
    if (from !== undefined) u.keySource.set(name, from);
  };

  /** A path as an array: `p.split('.')`, a path-named parameter, `parts.slice(…)`, `toPath(p)`. */
  const isPathArrayExpr = (u: Unit, e: N, depth = 0): boolean => {
    const n = unwrap(e);
    if (depth > 8) return false;
    if (n.type === 'Identifier') return u.pathArrays.has(n.name);
    if (n.type === 'ConditionalExpression') return isPathArrayExpr(u, n.consequent, depth + 1) || isPathArrayExpr(u, n.alternate, depth + 1);
    if (n.type === 'LogicalExpression') return isPathArrayExpr(u, n.left, depth + 1) || isPathArrayExpr(u, n.right, depth + 1);
    if (n.type !== 'CallExpression') return false;
    const c = unwrap(n.callee);
    const name = calledName(n.callee) ?? '';
    // split('') gives single characters, never '__proto__'.
    if (name === 'split') return !(n.arguments[0]?.type === 'Literal' && n.arguments[0].value === '');
    if (/path/i.test(name) && c.type !== 'MemberExpression') return true;
    if (c.type === 'MemberExpression' && ['slice', 'concat', 'filter', 'map'].includes(name)) return isPathArrayExpr(u, c.object, depth + 1);
    return false;
  };
  /** `parts[i]`, `path.shift()`, `keys.pop()`, `path.at(-1)`: one step of a path. */
  const isPathStep = (u: Unit, e: N, depth = 0): boolean => {
    const n = unwrap(e);
    if (n.type === 'MemberExpression' && n.computed) return isPathArrayExpr(u, n.object);
    if (n.type === 'CallExpression') {
      const c = unwrap(n.callee);
      // toKey(path[i]), String(parts[i]): a step converted to a key is still the step.
      if (c.type === 'Identifier' && n.arguments.length === 1 && depth < 2) return isPathStep(u, n.arguments[0] as N, depth + 1);
      return c.type === 'MemberExpression' && ['shift', 'pop', 'at'].includes(memberName(c) ?? '') && isPathArrayExpr(u, c.object);
    }
    return false;
  };

  /** `a.shift()` on a parameter `a`. */
  const isShiftOfParam = (u: Unit, v: N): boolean => {
    if (v.type !== 'CallExpression' || v.arguments.length > 0) return false;
    const c = unwrap(v.callee);
    if (c.type !== 'MemberExpression' || memberName(c) !== 'shift') return false;
    const o = unwrap(c.object);
    return o.type === 'Identifier' && u.params.has(o.name);
  };

  // Scanned once, when a match first names a regex constant (not once per match).
  let regexConstMap: Map<string, string> | undefined;
  const regexConsts = (): Map<string, string> => (regexConstMap ??= regexConstants(source));

  const bindName = (u: Unit, id: N, value: N): void => {
    if (id.type === 'Identifier') {
      u.bindings.push({ name: id.name, value });
      const v = unwrap(value);
      if (isTextPiece(u, v) || decodedKey(u, v)) u.textKeyVars.add(id.name);
      if (v.type === 'CallExpression' && TEXT_MATCHERS.has(calledName(v.callee) ?? '') && unwrap(v.callee).type === 'MemberExpression') {
        u.matchVars.add(id.name);
        const fixed = fixedGroups(v, regexConsts);
        if (fixed.size > 0) u.fixedGroups.set(id.name, fixed);
      }
      if (isKeysExpr(u, v)) {
        u.keyArrays.add(id.name);
        const from = keysOf(u, v);
        if (from !== undefined) u.keyArraySource.set(id.name, from);
      }
      if (isPathArrayExpr(u, v)) u.pathArrays.add(id.name);
      if (v.type === 'MemberExpression' && v.computed && v.object.type === 'Identifier' && u.keyArrays.has(v.object.name)) addKey(u, id.name, u.keyArraySource.get(v.object.name));
      // `key = _step.value` of a transpiled for-of (merge/key-flow.ts).
      const iterated = v.type === 'MemberExpression' ? iteratedBy(u, v) : undefined;
      if (iterated && isPathArrayExpr(u, iterated)) u.pathKeyVars.add(id.name);
      else if (iterated && isKeysExpr(u, iterated)) addKey(u, id.name, keysOf(u, iterated));
      if (isPathStep(u, v)) u.pathKeyVars.add(id.name);
      else if (isShiftOfParam(u, v)) {
        // `k = a.shift()` of a parameter (dot-object's `_fill(a, obj, v)`, whatever its name):
        // consuming an array one key at a time is walking a path.
        u.pathArrays.add(unwrap(unwrap(v.callee).object).name);
        u.pathKeyVars.add(id.name);
      }
      if (isNullProto(source, v)) u.nullProto.add(id.name);
    } else if (id.type === 'ArrayPattern' && isPathArrayExpr(u, value)) {
      // `const [name, value] = pair.split('=')`: names cut out of text.
      const v = unwrap(value);
      if (v.type === 'CallExpression' && calledName(v.callee) === 'split') {
        for (const e of id.elements as (N | null)[]) if (e?.type === 'Identifier') u.textKeyVars.add(e.name);
      }
      // const [head, ...rest] = path
      const first = firstOfPattern(id);
      if (first) u.pathKeyVars.add(first);
      const last = id.elements[id.elements.length - 1] as N | null;
      if (last?.type === 'RestElement' && last.argument.type === 'Identifier') u.pathArrays.add(last.argument.name);
    }
  };

  /** The node at each depth of the current walk path (ancestors of the node visited). */
  const ancestors: N[] = [];
  walk(program as unknown as AnyNode, (node, parentNode, depth) => {
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const n = node as N;
    ancestors[depth] = n;
    const parent = parentNode as N | null;
    let u = stack[stack.length - 1]?.unit;

    if (isFunction(n)) {
      const isCallback = parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && (parent.arguments as N[]).includes(n);
      if (!isCallback || !u) {
        const where = exportedAt(n, parent, depth >= 2 ? ancestors[depth - 2] : undefined, depth >= 3 ? ancestors[depth - 3] : undefined);
        u = newUnit(n, [...new Set([...namesOf(n, parent), ...(chainNames.get(n) ?? [])])], where);
        stack.push({ unit: u, depth });
      } else {
        // A callback: its parameters may be keys or path steps (set when its call was seen).
        for (const p of paramNames(n)) if (PATH_PARAM.test(p)) u.pathArrays.add(p);
        for (const p of n.params as N[]) declare(u, p.type === 'TSParameterProperty' ? p.parameter : p);
      }
      return;
    }

    if (n.type === 'Literal') {
      // `hasOwn.call(proto, 'constructor')`, `proto['constructor']`: reading a value's constructor
      // (a plain-object test) is not vetting keys, so it does not make a guard.
      if (typeof n.value === 'string' && DANGER.test(n.value)) {
        if (!readsProperty(n, parent)) dangerLiterals.push(n.start);
      }
      else if (n.regex && DANGER_REGEX.test(String(n.regex.pattern))) dangerLiterals.push(n.start);
      return;
    }
    if (n.type === 'TemplateElement') {
      if (DANGER.test(String(n.value?.cooked ?? ''))) dangerLiterals.push(n.start);
      return;
    }
    if (n.type === 'VariableDeclarator' && n.id.type === 'Identifier' && n.init) {
      declarations.push({ name: n.id.name, start: n.init.start, end: n.init.end });
      if (n.init.type === 'AssignmentExpression') noteChain(n.id.name, n.init);
      if (n.init.type === 'ObjectExpression') literalValues.set(n.id.name, valueNames(n.init));
    }
    if (n.type === 'ExportNamedDeclaration' || n.type === 'ExportDefaultDeclaration' || n.type === 'AssignmentExpression') noteExports(n, exportedNames);
    if (n.type === 'AssignmentExpression' && n.right.type === 'AssignmentExpression' && parent?.type !== 'AssignmentExpression'
      && parent?.type !== 'VariableDeclarator') {
      noteChain(undefined, n);
    }
    if (!u) return;

    switch (n.type) {
      case 'Identifier':
        // Not a property name (`node.attr`, `{ attr: 1 }`): only a name read as a variable.
        if (parent && ((parent.type === 'MemberExpression' && !parent.computed && parent.property === n)
          || (parent.type === 'Property' && parent.key === n && !parent.computed && !parent.shorthand))) break;
        identRefs.get(u)!.add(n.name);
        break;
      case 'VariableDeclarator':
        declare(u, n.id);
        if (n.init) bindName(u, n.id, n.init);
        break;
      case 'AssignmentExpression': {
        const l = n.left as N;
        if (l.type === 'Identifier' && n.operator === '=') bindName(u, l, n.right);
        if (l.type === 'MemberExpression' && l.computed && !(l.property.type === 'Literal')) {
          u.assignments.push({ node: n, object: l.object, key: l.property, value: n.right });
        }
        break;
      }
      case 'UnaryExpression': {
        // `delete cur[last]` after a walk removes a key of Object.prototype (unset-value's unset).
        const arg = n.operator === 'delete' ? unwrap(n.argument) : undefined;
        if (arg?.type === 'MemberExpression' && arg.computed && arg.property.type !== 'Literal') {
          u.assignments.push({ node: n, object: arg.object, key: arg.property, value: n, deletes: true });
        }
        break;
      }
      case 'ForInStatement': {
        const v = loopVarName(n.left);
        if (v?.type === 'Identifier') addKey(u, v.name, text(source, n.right));
        break;
      }
      case 'ForOfStatement': {
        const v = loopVarName(n.left);
        if (!v) break;
        if (v.type === 'Identifier') {
          if (isKeysExpr(u, n.right)) addKey(u, v.name, keysOf(u, n.right));
          else if (isPathArrayExpr(u, n.right)) u.pathKeyVars.add(v.name);
        } else if (isEntriesExpr(n.right)) {
          const k = firstOfPattern(v);
          if (k) addKey(u, k, keysOf(u, n.right));
        }
        break;
      }
      case 'CallExpression': {
        const name = calledName(n.callee);
        u.calls.push({ node: n, name, args: n.arguments });
        if (name !== undefined) u.referenced.add(name);
        // A method handed on as a callback (`keys.every(this.isSafeKey)`) is used like a call.
        for (const a of n.arguments as N[]) {
          const m = unwrap(a);
          if (m.type === 'MemberExpression' && !m.computed) { const nm = memberName(m); if (nm) u.referenced.add(nm); }
        }
        // Object.assign(t, { [k]: v }) writes t[k] = v (merge/key-flow.ts).
        if (name === 'assign') u.assignments.push(...assignedKeys(n, source));
        // Reflect.set(target, key, value) writes like target[key] = value.
        if (name === 'set' && n.arguments.length >= 3 && text(source, n.callee) === 'Reflect.set') {
          const [object, key, value] = n.arguments as N[];
          if (key!.type !== 'Literal') u.assignments.push({ node: n, object: object!, key: key!, value: value! });
        }
        // Object.defineProperty(target, key, descriptor) writes target[key] too (putil-merge).
        if (name === 'defineProperty' && n.arguments.length >= 3) {
          const write = definedProperty(n, source);
          if (write) u.assignments.push(write);
        }
        // Own-property checks (`in` and Reflect.has also see inherited keys: not guards).
        if (name === 'hasOwnProperty' || name === 'hasOwn' || name === 'getOwnPropertyDescriptor' || (name !== undefined && ownAliases.has(name))) {
          const c = unwrap(n.callee);
          const viaCall = c.type === 'MemberExpression' && (memberName(c) === 'call' || memberName(c) === 'apply');
          let subject: N | undefined;
          if (viaCall || name === 'hasOwn' || name === 'getOwnPropertyDescriptor') subject = n.arguments[0];
          else if (c.type === 'MemberExpression') subject = c.object;
          if (subject && (n.arguments.length >= 2 || (!viaCall && name === 'hasOwnProperty')) && !negatedUnderAnd(ancestors, depth) && !skipsOwnKeys(ancestors, depth)) {
            const branch = exitingBranch(ancestors, depth);
            if (branch) u.ownCheckedIn.push({ target: text(source, subject), start: branch.start, end: branch.end });
            else u.ownChecked.add(text(source, subject));
          }
        }
        const c = unwrap(n.callee);
        // forIn(obj, fn) / _.forOwn(obj, (value, key) => …) / $.each(obj, (key, value) => …).
        const objIter = name !== undefined && (OBJ_ITERATORS.has(name) || ((name === 'each' || name === 'forEach') && n.arguments.length >= 2));
        if (objIter && n.arguments[1]) {
          const jq = c.type === 'MemberExpression' && c.object.type === 'Identifier' && (c.object.name === '$' || c.object.name === 'jQuery');
          const idx = jq ? 0 : 1;
          const cb = unwrap(n.arguments[1]);
          // forEach(path, (step, i) => …) over a path array (min-dash's set): an array's items come
          // first, so the callback's first parameter is a path step, not an object's key.
          if (!jq && !OBJ_ITERATORS.has(name) && isFunction(cb) && n.arguments[0] && isPathArrayExpr(u, n.arguments[0] as N)) {
            const step = (cb.params as N[])[0];
            if (step?.type === 'Identifier') u.pathKeyVars.add(step.name);
            break;
          }
          if (isFunction(cb)) {
            const k = (cb.params as N[])[idx];
            if (k?.type === 'Identifier') addKey(u, k.name, n.arguments[0] ? text(source, n.arguments[0] as N) : undefined);
          } else if (cb.type === 'Identifier') keyCallbacks.set(cb.name, idx);
          break;
        }
        if (c.type === 'MemberExpression' && ITER_METHODS.has(memberName(c) ?? '')) {
          const cb = n.arguments[0] as N | undefined;
          // Object.keys(src).forEach(copyKey) / .forEach(makeCopier(dst, src)): the named function, or
          // the one the factory returns, gets each key as its first parameter.
          if (cb && !isFunction(cb) && memberName(c) !== 'reduce' && isKeysExpr(u, c.object)) {
            const f = unwrap(cb);
            if (f.type === 'Identifier') keyCallbacks.set(f.name, 0);
            else if (f.type === 'CallExpression' && unwrap(f.callee).type === 'Identifier') keyFactories.add(unwrap(f.callee).name);
            break;
          }
          if (!cb || !isFunction(cb)) break;
          const params = cb.params as N[];
          const isReduce = memberName(c) === 'reduce';
          const keyParam = params[isReduce ? 1 : 0];
          if (isKeysExpr(u, c.object)) {
            if (keyParam?.type === 'Identifier') addKey(u, keyParam.name, keysOf(u, c.object));
          } else if (isEntriesExpr(c.object)) {
            const k = firstOfPattern(keyParam);
            if (k) addKey(u, k, keysOf(u, c.object));
          } else if (isPathArrayExpr(u, c.object)) {
            if (keyParam?.type === 'Identifier') {
              u.pathKeyVars.add(keyParam.name);
              const acc = params[0];
              if (isReduce && acc?.type === 'Identifier') u.reduces.push({ call: n, acc: acc.name, key: keyParam.name, body: cb.body });
            }
          }
        }
        break;
      }
    }
  });

  // The function a key factory returns takes the keys, and is known by the factory's names (so a
  // recursion through the factory, `recursive → recurser → (key) => recursive(…)`, is seen).
  for (const u of units) {
    if (!u.names.some((nm) => keyFactories.has(nm)) || u.fn.body?.type !== 'BlockStatement') continue;
    for (const st of u.fn.body.body as N[]) {
      const r = st.type === 'ReturnStatement' && st.argument ? unwrap(st.argument) : undefined;
      const inner = r && isFunction(r) ? units.find((x) => x.fn === r) : undefined;
      const k = inner ? (inner.fn.params as N[])[0] : undefined;
      if (!inner || k?.type !== 'Identifier') continue;
      inner.keyVars.add(k.name);
      for (const nm of u.names) if (!inner.names.includes(nm)) inner.names.push(nm);
    }
  }
  for (const u of units) {
    // A parameter replaced by Object.create(null) only when it is not an object (json8-merge-patch's
    // `if (typeof doc !== 'object') doc = Object.create(null)`) still holds the caller's plain object.
    for (const nm of u.nullProto) {
      if (u.params.has(nm) || u.bindings.some((b) => b.name === nm && !isNullProto(source, b.value))) u.nullProto.delete(nm);
    }
    const own = locals.get(u)!;
    for (const r of identRefs.get(u)!) if (!own.has(r)) u.referenced.add(r);
  }
  recursionKeys(units);
  addHelperWrites(units);
  const callGraph = new Map<string, Set<string>>();
  for (const u of units) {
    for (const name of u.names) {
      const idx = keyCallbacks.get(name);
      const k = idx === undefined ? undefined : (u.fn.params as N[])[idx];
      if (k?.type === 'Identifier') u.keyVars.add(k.name);
      let set = callGraph.get(name);
      if (!set) callGraph.set(name, (set = new Set()));
      for (const c of u.calls) {
        if (c.name) set.add(c.name);
        // A function passed along (forIn(obj, copy)) is called by the callee: count it as called.
        for (const a of c.args) if (a.type === 'Identifier') set.add(a.name);
      }
    }
  }
  for (const [v, names] of literalValues) if (exportedNames.has(v)) for (const nm of names) exportedNames.add(nm);
  return { units, dangerLiterals, declarations, callGraph, exportedNames };
}
