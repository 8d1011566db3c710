/**
 * One walk per file for every AST rule: calls with their API paths, object properties,
 * assignments, declarators and a parent map, plus small helpers to read literals and the names a
 * value flows into. Cached per parsed file, so thirteen rules cost one traversal.
 */
import type { ParsedFile } from '../parse/index.js';
import { walk, type AnyNode } from '../parse/walk.js';
import { ApiNames, apiNamesOf as apiNamesOfBuilt, type ApiNodes, hasApiNames, memberName, setApiNames, unwrap } from '../ir/api-names.js';
import type { Program } from '@oxc-project/types';
import { nameWords } from '../../secrets/detectors/generic.js';

// The AST is ESTree-shaped but untyped at this level; rules read fields by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type N = AnyNode & Record<string, any>;

/** A call or `new`; its API path is resolved on first use (most calls are never asked). */
export class CallSite {
  private resolved: string | null | undefined;

  constructor(
    readonly node: N,
    /** The callee's own name: `createHash` for `x.createHash(…)`, `md5` for `md5(…)`. */
    readonly name: string | undefined,
    readonly isNew: boolean,
    private readonly api: ApiNames,
  ) {}

  /** API path of the callee (`crypto.createHash`), when it names a module member or global. */
  get path(): string | undefined {
    if (this.resolved === undefined) this.resolved = this.api.pathOf(this.node.callee as N) ?? null;
    return this.resolved ?? undefined;
  }
}

export interface FileFacts {
  /** Parents of nodes, found on demand. */
  parent: Parents;
  calls: CallSite[];
  /** Calls by the callee's own name. */
  callsByName: Map<string, CallSite[]>;
  /** `Property` nodes of object literals. */
  properties: N[];
  /** Properties by key as written. */
  propsByKey: Map<string, N[]>;
  assignments: N[];
  declarators: N[];
  /** Class fields (`apiKey = '…'`, `private password: string = '…'`). */
  fields: N[];
  /** `==`/`===`/`!=`/`!==` comparisons. */
  equalities: N[];
  /** Name → initialisers of every declarator of that name (any scope). */
  decls: Map<string, N[]>;
  /** Names that are reassigned somewhere (`x = …`, `x += …`, `x++`, `[x] = …`, `for (x of …)`). */
  reassigned: Set<string>;
  /**
   * Members written somewhere (`o.x = …`, `({ a: o.x } = …)`, `Object.defineProperty(o, 'x', …)`),
   * as `o.x` / `this.x` / `?.x` (another object) / `o.*` (any key of o) / `*` (`o[k] = …`).
   */
  memberWrites: Set<string>;
  /** Regular expression literals (`/a+/g`), so the ReDoS rule walks only files that have a candidate. */
  regexes: N[];
}

/**
 * A file's facts live on the file object, not in a module-level WeakMap: V8's young-generation GC
 * keeps the values of an old WeakMap alive while their keys are young, so every file's facts (and
 * the AST they point into) would be copied and promoted instead of dying with the file.
 */
const FACTS = Symbol('ast-facts');
type WithFacts = ParsedFile & { [FACTS]?: FileFacts };

// TypeScript type positions hold no calls or values the rules read. `decorators` is read apart
// (pushChildren): the TS-shaped AST has it on identifiers and patterns (parameter decorators) and
// the JS-shaped one does not, so keys learned from one shape must not decide for the other.
const SKIP_KEYS = new Set(['parent', 'range', 'loc', 'typeAnnotation', 'returnType', 'typeParameters', 'typeArguments', 'superTypeArguments', 'implements', 'decorators']);
const childKeys = new Map<string, { keys: string[]; samples: number }>();

/** Keys of a node type that can hold child nodes, learned from the first few nodes of the type. */
function keysOf(n: N): string[] {
  let e = childKeys.get(n.type);
  if (e && e.samples >= 8) return e.keys;
  if (!e) {
    e = { keys: [], samples: 0 };
    childKeys.set(n.type, e);
  }
  e.samples++;
  for (const k in n) {
    if (SKIP_KEYS.has(k) || e.keys.includes(k)) continue;
    const v = n[k];
    if (v === null || typeof v === 'object') e.keys.push(k);
  }
  return e.keys;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Pushes the node's children (type positions skipped) onto `stack`. */
function pushChildren(n: N, stack: N[]): void {
  // The commonest node types by name: a load of a named field is cheap where a load by a key
  // string (the generic case below, one site for every node type) is not. Children go in the order
  // the generic case takes them (the parser's key order), so nothing downstream sees a difference.
  switch (n.type) {
    case 'Identifier':
      pushDecorators(n, stack);
      return;
    case 'Literal':
    case 'ThisExpression':
    case 'TemplateElement':
    case 'Super':
    case 'EmptyStatement':
      return;
    case 'MemberExpression':
      stack.push(n.object, n.property);
      return;
    case 'CallExpression':
    case 'NewExpression':
      stack.push(n.callee);
      pushAll(n.arguments, stack);
      return;
    case 'ExpressionStatement':
    case 'ChainExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
      stack.push(n.expression);
      return;
    case 'BlockStatement':
    case 'ClassBody':
      pushAll(n.body, stack);
      return;
    case 'ReturnStatement':
    case 'AwaitExpression':
    case 'SpreadElement':
    case 'UnaryExpression':
    case 'UpdateExpression':
    case 'ThrowStatement':
      if (n.argument) stack.push(n.argument);
      return;
    case 'VariableDeclaration':
      pushAll(n.declarations, stack);
      return;
    case 'VariableDeclarator':
      stack.push(n.id);
      if (n.init) stack.push(n.init);
      return;
    case 'Property':
      stack.push(n.key, n.value);
      return;
    case 'ObjectExpression':
    case 'ObjectPattern':
      if (n.type === 'ObjectPattern') pushDecorators(n, stack);
      pushAll(n.properties, stack);
      return;
    case 'ArrayExpression':
      pushAll(n.elements, stack);
      return;
    case 'TemplateLiteral':
      pushAll(n.quasis, stack);
      pushAll(n.expressions, stack);
      return;
    case 'BinaryExpression':
    case 'LogicalExpression':
    case 'AssignmentExpression':
      stack.push(n.left, n.right);
      return;
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
    case 'FunctionDeclaration':
      if (n.id) stack.push(n.id);
      pushAll(n.params, stack);
      if (n.body) stack.push(n.body);
      return;
    case 'IfStatement':
    case 'ConditionalExpression':
      stack.push(n.test, n.consequent);
      if (n.alternate) stack.push(n.alternate);
      return;
    case 'MethodDefinition':
    case 'PropertyDefinition':
      pushDecorators(n, stack);
      stack.push(n.key);
      if (n.value) stack.push(n.value);
      return;
  }
  pushByKeys(n, stack);
}

/** Any other node: every field that holds a node or a list of nodes (type positions skipped). */
function pushByKeys(n: N, stack: N[]): void {
  pushDecorators(n, stack);
  for (const k of keysOf(n)) {
    const v = n[k];
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const item of v) if (item !== null && typeof item === 'object' && typeof item.type === 'string') stack.push(item);
    } else if (typeof v.type === 'string') stack.push(v);
  }
}

/** Decorators sit on identifiers, patterns, classes and members in the TS-shaped AST only. */
function pushDecorators(n: N, stack: N[]): void {
  const decorators = n.decorators as N[] | undefined;
  if (decorators !== undefined && decorators.length > 0) for (const d of decorators) stack.push(d);
}

/** The nodes of a list (array holes are null). */
function pushAll(list: (N | null)[], stack: N[]): void {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item !== null && item !== undefined) stack.push(item);
  }
}

/** The children the facts walk takes: `byKeys` the generic way (a test holds the typed cases to it). */
export function factChildren(n: N, byKeys = false): N[] {
  const out: N[] = [];
  if (byKeys) pushByKeys(n, out);
  else pushChildren(n, out);
  return out;
}

/**
 * A node's parent, found when asked: most files give the rules nothing to look at, and the few
 * questions rules ask (a property's object, the function around a call) cost a descent from the
 * root along the nodes whose range holds the one asked about, not a Map entry for every node.
 * Every step of a descent is remembered, so walking up from a node costs one descent.
 */
export class Parents {
  private readonly memo = new Map<AnyNode, N | null>();

  constructor(private readonly root: N) {
    this.memo.set(root, null);
  }

  /** The parent of `x`; null for the root; undefined when `x` is not in this tree. */
  get(x: AnyNode): N | null | undefined {
    const hit = this.memo.get(x);
    if (hit !== undefined || this.memo.has(x)) return hit;
    // Depth-first over the children that contain x's range (a shorthand property's key and value
    // share one range, so more than one may), with each candidate's parent kept for the path.
    const up = new Map<N, N>();
    const stack: N[] = [this.root];
    const kids: N[] = [];
    let steps = 0;
    while (stack.length > 0 && steps++ < MAX_DESCENT) {
      const cur = stack.pop()!;
      kids.length = 0;
      pushChildren(cur, kids);
      for (const k of kids) {
        if (k !== x) continue;
        // Found: remember the whole path from the root.
        this.memo.set(x, cur);
        for (let c: N | undefined = cur; c && c !== this.root; c = up.get(c)) this.memo.set(c, up.get(c)!);
        return cur;
      }
      for (const k of kids) {
        if (k.start <= x.start && x.end <= k.end) {
          up.set(k, cur);
          stack.push(k);
        }
      }
    }
    return undefined;
  }
}

/** Nodes looked at by one parent search at most (a pathological tree cannot make it run away). */
const MAX_DESCENT = 100_000;

export function factsOf(file: ParsedFile, api: ApiNames): FileFacts {
  return (file as WithFacts)[FACTS] ?? collect(file, api);
}

/**
 * The file's facts and its ApiNames. When the ApiNames is not built yet, the facts walk gathers
 * what it needs too, so the file is walked once for both (the taint engine reuses that ApiNames).
 */
export function factsAndApi(file: ParsedFile): { facts: FileFacts; api: ApiNames } {
  const program = file.program as Program;
  if (hasApiNames(program)) {
    const api = apiNamesOfBuilt(program);
    return { facts: factsOf(file, api), api };
  }
  const d = ApiNames.deferred();
  const nodes: ApiNodes = { imports: [], decls: [], functions: [], classes: [], catches: [] };
  const facts = collect(file, d.api, nodes, d.fill);
  setApiNames(program, d.api);
  return { facts, api: d.api };
}

/**
 * One walk recording parents and sorting the nodes the rules look at into lists; with `apiNodes`
 * it also gathers the nodes an ApiNames is built from, and `fill` builds it before any path is
 * resolved.
 */
function collect(file: ParsedFile, api: ApiNames, apiNodes?: ApiNodes, fill?: (n: ApiNodes) => void): FileFacts {
  const root = file.program as unknown as N;
  const f = {
    parent: undefined, calls: [], callsByName: new Map(), properties: [], propsByKey: new Map(), assignments: [],
    declarators: [], fields: [], equalities: [], decls: new Map(), reassigned: new Set(), memberWrites: new Set(), regexes: [],
  } as unknown as FileFacts;
  f.parent = new Parents(root);
  // Iterative, not in source order (nothing here needs it): one pass that sorts the nodes the
  // rules look at into lists.
  const curried: CallSite[] = [];
  const stack: N[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'CallExpression':
      case 'NewExpression': {
        const callee = unwrap(n.callee as N);
        const name = callee.type === 'Identifier' ? callee.name : memberName(callee);
        const site = new CallSite(n, name, n.type === 'NewExpression', api);
        f.calls.push(site);
        if (name !== undefined) push(f.callsByName, name, site);
        else if (callee.type === 'CallExpression') curried.push(site);
        break;
      }
      case 'ObjectExpression':
        // Its Property children are the object literal's properties (patterns have Property too).
        for (const p of n.properties as N[]) {
          if (p.type !== 'Property') continue;
          f.properties.push(p);
          const k = keyName(p);
          if (k !== undefined) push(f.propsByKey, k, p);
        }
        break;
      case 'AssignmentExpression':
        f.assignments.push(n);
        addTargetWrites(f, n.left as N);
        break;
      case 'ForOfStatement':
      case 'ForInStatement':
        // `for (x of …)` / `for (this.x of …)` write their target (a declaration declares instead).
        if (n.left.type !== 'VariableDeclaration') addTargetWrites(f, n.left as N);
        break;
      case 'UpdateExpression':
        if (n.argument.type === 'Identifier') f.reassigned.add(n.argument.name);
        else if (n.argument.type === 'MemberExpression') addMemberWrite(f, n.argument);
        break;
      case 'BinaryExpression':
        if (n.operator === '===' || n.operator === '==' || n.operator === '!==' || n.operator === '!=') f.equalities.push(n);
        break;
      case 'PropertyDefinition':
        if (n.value) f.fields.push(n);
        break;
      case 'Literal':
        if (n.regex) f.regexes.push(n);
        break;
      case 'ImportDeclaration':
        apiNodes?.imports.push(n);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        apiNodes?.functions.push(n);
        break;
      case 'ClassDeclaration':
        apiNodes?.classes.push(n);
        break;
      case 'CatchClause':
        apiNodes?.catches.push(n);
        break;
      case 'VariableDeclarator':
        f.declarators.push(n);
        apiNodes?.decls.push(n);
        if (n.id.type === 'Identifier') push(f.decls, n.id.name as string, n);
        break;
    }
    pushChildren(n, stack);
  }
  if (apiNodes && fill) fill(apiNodes);
  addDefineWrites(f);
  // require('crypto-js/md5')(x): listed under the API's last segment (resolved once ApiNames is whole).
  for (const site of curried) {
    const path = site.path;
    if (path !== undefined) push(f.callsByName, path.slice(path.lastIndexOf('.') + 1), site);
  }
  // Aliased imports (`import { createHash as h }`, `const hash = require('md5')`) are also listed
  // under the last segment of their API path, so rules can ask by the API's own name.
  const aliases: [string, CallSite[]][] = [];
  for (const [name, sites] of f.callsByName) {
    const b = api.binding(name);
    if (b === undefined) continue;
    const last = b.slice(b.lastIndexOf('.') + 1);
    if (last !== name && last !== '') aliases.push([last, sites]);
  }
  for (const [last, sites] of aliases) for (const s of sites) push(f.callsByName, last, s);
  (file as WithFacts)[FACTS] = f;
  return f;
}

/** `o.x = …` / `o['x'] = …`: o.x may change, so no read of it is a constant; `o[k] = …` may write any. */
function addMemberWrite(f: FileFacts, m: N): void {
  const key = memberKey(m);
  if (key === undefined) {
    f.memberWrites.add('*');
    return;
  }
  const o = unwrap(m.object as N);
  f.memberWrites.add(`${o.type === 'Identifier' ? o.name : o.type === 'ThisExpression' ? 'this' : '?'}.${key}`);
}

/**
 * The names and members an assignment target writes: `x`, `o.x`, and every target inside a
 * destructuring pattern (`({ iv: this.iv, ...rest } = opts)`, `[a, o.b = d] = list`).
 */
function addTargetWrites(f: FileFacts, target: N): void {
  const stack: N[] = [target];
  for (let i = 0; stack.length > 0 && i < 10_000; i++) {
    const t = unwrap(stack.pop()!);
    switch (t.type) {
      case 'Identifier':
        f.reassigned.add(t.name as string);
        break;
      case 'MemberExpression':
        addMemberWrite(f, t);
        break;
      case 'ObjectPattern':
        for (const p of t.properties as N[]) stack.push(p.type === 'RestElement' ? (p.argument as N) : (p.value as N));
        break;
      case 'ArrayPattern':
        for (const e of t.elements as (N | null)[]) if (e) stack.push(e);
        break;
      case 'AssignmentPattern':
        stack.push(t.left as N);
        break;
      case 'RestElement':
        stack.push(t.argument as N);
        break;
    }
  }
}

/**
 * Writes by call: `Object.defineProperty(o, 'x', …)` / `Reflect.defineProperty` write o.x (any key
 * of o when the name is not a literal), `Object.defineProperties(o, { x: … })` its keys, and
 * `Object.assign(o, …)` any key of o. Only o as a variable or `this` is recorded (a write into
 * another object reads no constant member).
 */
function addDefineWrites(f: FileFacts): void {
  for (const name of ['defineProperty', 'defineProperties', 'assign']) {
    for (const c of f.callsByName.get(name) ?? []) {
      const args = c.node.arguments as N[];
      const o = args[0] && unwrap(args[0]);
      if (!o || (o.type !== 'Identifier' && o.type !== 'ThisExpression')) continue;
      const root = o.type === 'Identifier' ? (o.name as string) : 'this';
      let keys: (string | undefined)[] = [undefined];
      if (name === 'defineProperty') keys = [args[1] ? stringValue(args[1]) : undefined];
      else if (name === 'defineProperties') {
        const d = args[1] && unwrap(args[1]);
        if (d?.type === 'ObjectExpression' && (d.properties as N[]).every((p) => p.type === 'Property')) keys = (d.properties as N[]).map((p) => keyName(p));
      }
      for (const k of keys) f.memberWrites.add(`${root}.${k ?? '*'}`);
    }
  }
}

/** Whether code of the file may write `<root>.key` (root: a variable or class name, or `this`). */
function memberWritten(f: FileFacts, root: string, key: string): boolean {
  const w = f.memberWrites;
  return w.has('*') || w.has(`?.${key}`) || w.has(`${root}.${key}`) || w.has(`${root}.*`);
}

/** The property name of `o.x` / `o['x']`, or undefined when computed from data. */
function memberKey(m: N): string | undefined {
  const p = m.property as N;
  if (!m.computed) return p.type === 'Identifier' ? p.name : undefined;
  return p.type === 'Literal' && typeof p.value === 'string' ? p.value : undefined;
}

/** Calls whose callee's own name (or the API name it is an alias of) is one of these. */
export function callsNamed(f: FileFacts, ...names: string[]): CallSite[] {
  if (names.length === 1) return f.callsByName.get(names[0]!) ?? [];
  // A set: an aliased call can sit under two of the names asked for.
  const out = new Set<CallSite>();
  for (const n of names) {
    const list = f.callsByName.get(n);
    if (list) for (const c of list) out.add(c);
  }
  return [...out];
}

/** Object-literal properties with one of these keys. */
export function propsKeyed(f: FileFacts, ...keys: string[]): N[] {
  if (keys.length === 1) return f.propsByKey.get(keys[0]!) ?? [];
  const out: N[] = [];
  for (const k of keys) {
    const list = f.propsByKey.get(k);
    if (list) out.push(...list);
  }
  return out;
}

const wordCache = new Map<string, string[]>();

/** Words of an identifier (camelCase, snake_case, kebab split; lowercase), memoised: names repeat. */
export function words(name: string): string[] {
  let w = wordCache.get(name);
  if (w === undefined) {
    if (wordCache.size > 50_000) wordCache.clear();
    w = nameWords(name);
    wordCache.set(name, w);
  }
  return w;
}

/**
 * "Password" in the languages app code is written in besides English (senha, contraseña, Passwort,
 * mot_de_passe, wachtwoord, hasło, şifre…): one word of a name, split with accents kept.
 */
const FOREIGN_PASSWORD = /^(?:senha|contrase(?:n|\u00f1)a|passwort|kennwort|motdepasse|wachtwoord|has(?:l|\u0142)o|heslo|parola|(?:s|\u015f)ifre|lozinka|salasana|l(?:o|\u00f6)senord|adgangskode|passord|jelsz(?:o|\u00f3))$/;
/** Cheap pre-test: most names hold none of these stems and skip the split. */
const FOREIGN_HINT = /senha|contrase|wort|passe|wachtw|has(?:l|\u0142)o|heslo|parola|ifre|lozinka|salasana|senord|adgangs|passord|jelsz/i;

/** Does a word of this name say "password" in another language (`senhaAdmin`, `mot_de_passe`, `contraseña`)? */
export function foreignPasswordName(name: string): boolean {
  if (!FOREIGN_HINT.test(name)) return false;
  const ws = name.replace(/(\p{Ll}|\d)(\p{Lu})/gu, '$1 $2').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (let i = 0; i < ws.length; i++) {
    if (FOREIGN_PASSWORD.test(ws[i]!)) return true;
    if (ws[i] === 'mot' && ws[i + 1] === 'de' && ws[i + 2] === 'passe') return true;
  }
  return false;
}

/** Word tables that say a name holds a secret (rules/timing-attack.ts, rules/sensitive-logging.ts each keep their own). */
export interface SecretWords {
  /** Last words that are a secret by themselves (`password`, `secret`, `hmac`). */
  last: ReadonlySet<string>;
  /** Last words that are one only after a qualifier (`key` after `api`, `token` after `access`). */
  qualified: Readonly<Record<string, ReadonlySet<string>>>;
  /** First words that make the name a fact about the secret (`hasPassword`, `isToken`). */
  notFirst: ReadonlySet<string>;
}

/** Is this name a secret by its words, under these tables? */
export function secretByWords(name: string, t: SecretWords): boolean {
  const ws = words(name);
  const last = ws[ws.length - 1];
  if (!last || t.notFirst.has(ws[0]!)) return false;
  if (t.last.has(last)) return true;
  // Own keys only: a name ending in `constructor` or `toString` would read Object.prototype's function.
  const q = Object.hasOwn(t.qualified, last) ? t.qualified[last] : undefined;
  return !!q && ws.length > 1 && q.has(ws[ws.length - 2]!);
}

/** A string literal or a template literal without holes. */
export function stringValue(node: N | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * The single `const`-like initialiser of an identifier: declared once, never reassigned.
 * Undefined for parameters, `let` that changes, or names declared twice (different scopes).
 */
export function initOf(node: N, f: FileFacts): N | undefined {
  const n = unwrap(node);
  if (n.type !== 'Identifier') return undefined;
  const ds = f.decls.get(n.name);
  if (!ds || f.reassigned.has(n.name)) return undefined;
  // Only declarations whose function encloses the use (parameters of another function with the
  // same name are not them); the innermost one wins, and a tie is unknown.
  let d: N | undefined;
  let dScope = -1;
  let tie = false;
  for (const x of ds) {
    const fn = enclosingFunction(x, f);
    if (fn && (n.start < fn.start || n.end > fn.end)) continue;
    const scope = fn ? fn.start : 0;
    if (scope > dScope) {
      d = x;
      dScope = scope;
      tie = false;
    } else if (scope === dScope) tie = true;
  }
  if (tie) return undefined;
  const init = d?.init as N | null | undefined;
  return init ? unwrap(init) : undefined;
}

/**
 * The value of a member no code of the file writes: `Cls.IV` / `this.IV` for the one class field
 * of that name with a value (`static IV = '…'`), `cfg.iv` for a property of a constant object
 * literal (`const cfg = { iv: '…' }`). Undefined when anything assigns `.iv` (or `o[k]`).
 */
export function memberConst(node: N, f: FileFacts): N | undefined {
  const m = unwrap(node);
  if (m.type !== 'MemberExpression' || m.optional) return undefined;
  const key = memberKey(m);
  if (key === undefined) return undefined;
  const o = unwrap(m.object as N);
  if (o.type === 'Identifier') {
    // A static field is also written as this.key (in static methods); Object.assign(this, …) is
    // taken as an instance's (constructors), so only a named this.key write counts here.
    if (memberWritten(f, o.name, key) || f.memberWrites.has(`this.${key}`)) return undefined;
    const init = initOf(o, f);
    if (init) {
      if (init.type !== 'ObjectExpression') return undefined;
      const v = propValue(init, key);
      return v ? unwrap(v) : undefined;
    }
    // A class of the file by that name: its static field.
    if (f.decls.has(o.name)) return undefined;
    const hits = f.fields.filter((fd) => fd.static && !fd.computed && keyName(fd) === key && classOf(fd, f)?.id?.name === o.name);
    return hits.length === 1 ? unwrap(hits[0]!.value as N) : undefined;
  }
  if (o.type === 'ThisExpression') {
    // (Object.assign(this, options) is recorded as writing this.*.)
    if (memberWritten(f, 'this', key)) return undefined;
    // The enclosing class's own field (a static one in static code), not another class's field of that name.
    const own = thisClass(m, f);
    if (!own) return undefined;
    const hits = f.fields.filter((fd) => !fd.computed && !!fd.static === own.isStatic && keyName(fd) === key && classOf(fd, f) === own.cls);
    if (hits.length !== 1) return undefined;
    // A subclass of the file that declares the field again gives this.key its own value.
    const name = own.cls.id?.name as string | undefined;
    const redeclared = f.fields.some((fd) => {
      const c = classOf(fd, f);
      const sup = c?.superClass ? unwrap(c.superClass as N) : undefined;
      return !fd.computed && keyName(fd) === key && sup?.type === 'Identifier' && sup.name === name;
    });
    return redeclared ? undefined : unwrap(hits[0]!.value as N);
  }
  return undefined;
}

/**
 * The class `this` is at a node, and whether it is the class itself (static method, static field
 * or block) rather than an instance; undefined inside a `function` of its own (its `this` is the
 * caller's) or outside any class. Arrow functions keep the enclosing `this`.
 */
function thisClass(node: N, f: FileFacts): { cls: N; isStatic: boolean } | undefined {
  let child = node;
  let p = f.parent.get(node);
  for (let i = 0; p && i < 1000; i++) {
    switch (p.type) {
      case 'FunctionExpression':
      case 'FunctionDeclaration': {
        const method = f.parent.get(p);
        if (method?.type !== 'MethodDefinition' || method.value !== p) return undefined;
        const cls = classOf(method, f);
        return cls ? { cls, isStatic: !!method.static } : undefined;
      }
      case 'PropertyDefinition': {
        if (p.value !== child) return undefined; // a computed key: `this` outside the class
        const cls = classOf(p, f);
        return cls ? { cls, isStatic: !!p.static } : undefined;
      }
      case 'StaticBlock': {
        const cls = classOf(p, f);
        return cls ? { cls, isStatic: true } : undefined;
      }
      case 'ClassBody':
        return undefined;
    }
    child = p;
    p = f.parent.get(p);
  }
  return undefined;
}

/** The class a field or method belongs to (member → ClassBody → class). */
function classOf(field: N, f: FileFacts): N | undefined {
  const body = f.parent.get(field);
  return (body && f.parent.get(body)) ?? undefined;
}

/** Follows identifiers to their single initialiser and unwritten members to their value (a few steps), else the node itself. */
export function resolve(node: N | null | undefined, f: FileFacts): N | undefined {
  if (!node) return undefined;
  let n = unwrap(node);
  for (let i = 0; i < 4 && (n.type === 'Identifier' || n.type === 'MemberExpression'); i++) {
    const next = n.type === 'Identifier' ? initOf(n, f) : memberConst(n, f);
    if (!next) break;
    n = next;
  }
  return n;
}

/**
 * A boolean after following constants (`const secure = false; … { secure }`), with comparisons of
 * two literals folded (`1 != 1`); else undefined.
 */
export function constBool(node: N | null | undefined, f: FileFacts): boolean | undefined {
  const n = resolve(node, f);
  if (!n) return undefined;
  const b = boolValue(n);
  if (b !== undefined || n.type !== 'BinaryExpression') return b;
  const op = n.operator as string;
  if (op !== '==' && op !== '===' && op !== '!=' && op !== '!==') return undefined;
  const l = unwrap(n.left as N);
  const r = unwrap(n.right as N);
  if (l.type !== 'Literal' || r.type !== 'Literal' || l.regex || r.regex) return undefined;
  // eslint-disable-next-line eqeqeq
  const eq = op.length === 3 ? l.value === r.value : l.value == r.value;
  return op.startsWith('!') ? !eq : eq;
}

/** A string after following constants: `const ALG = 'des'; … ALG`. */
export function constString(node: N | null | undefined, f: FileFacts): string | undefined {
  return stringValue(resolve(node, f));
}

/** A number literal (after constants), or undefined. */
export function constNumber(node: N | null | undefined, f: FileFacts): number | undefined {
  const n = resolve(node, f);
  if (!n) return undefined;
  if (n.type === 'Literal' && typeof n.value === 'number') return n.value;
  return undefined;
}

/** Literal `true`/`false` (also `!0`/`!1`), else undefined. */
export function boolValue(node: N | null | undefined): boolean | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'boolean') return n.value;
  if (n.type === 'UnaryExpression' && n.operator === '!' && n.argument.type === 'Literal' && typeof n.argument.value === 'number') {
    return n.argument.value === 0;
  }
  return undefined;
}

/** Literal false, `!1` or `0`: a falsy flag. */
export function isFalsyLiteral(node: N | null | undefined): boolean {
  if (!node) return false;
  const n = unwrap(node);
  if (boolValue(n) === false) return true;
  return n.type === 'Literal' && n.value === 0;
}

/** The key of a property as written (`a`, `'a'`), or undefined when computed from data. */
export function keyName(prop: N): string | undefined {
  const k = prop.key as N;
  if (!prop.computed && k.type === 'Identifier') return k.name;
  if (k.type === 'Literal' && (typeof k.value === 'string' || typeof k.value === 'number')) return String(k.value);
  if (k.type === 'TemplateLiteral' && k.expressions.length === 0) return k.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** An object literal, directly or through a constant. */
export function objectOf(node: N | null | undefined, f: FileFacts): N | undefined {
  const n = resolve(node, f);
  return n && n.type === 'ObjectExpression' ? n : undefined;
}

/** The value of the last property named `name` (case-sensitive) in an object literal. */
export function propValue(obj: N | undefined, name: string): N | undefined {
  if (!obj) return undefined;
  let out: N | undefined;
  for (const p of obj.properties as N[]) if (p.type === 'Property' && keyName(p) === name) out = p.value as N;
  return out;
}

/** The property node itself (for its position). */
export function propNode(obj: N | undefined, name: string): N | undefined {
  if (!obj) return undefined;
  let out: N | undefined;
  for (const p of obj.properties as N[]) if (p.type === 'Property' && keyName(p) === name) out = p;
  return out;
}

/** `process.env` itself (the environment rules: stack-trace-exposure's development checks, environment-exposure). */
export function isProcessEnv(n: N): boolean {
  const u = unwrap(n);
  if (u.type !== 'MemberExpression' || memberName(u) !== 'env') return false;
  const o = unwrap(u.object as N);
  return o.type === 'Identifier' && o.name === 'process';
}

export function isFunction(n: N | null | undefined): boolean {
  return !!n && (n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'FunctionDeclaration');
}

/** The nearest enclosing function, or undefined at module level. */
export function enclosingFunction(node: N, f: FileFacts): N | undefined {
  let p = f.parent.get(node);
  for (let i = 0; p && i < 1000; i++) {
    if (isFunction(p)) return p;
    p = f.parent.get(p);
  }
  return undefined;
}

/** A function's name: its own, or the variable, property, method or member it is assigned to. */
export function functionName(fn: N, f: FileFacts): string | undefined {
  if (fn.id?.name) return fn.id.name as string;
  const p = f.parent.get(fn);
  if (!p) return undefined;
  if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
  if ((p.type === 'Property' || p.type === 'MethodDefinition' || p.type === 'PropertyDefinition') && p.value === fn) return keyName(p);
  if (p.type === 'AssignmentExpression' && p.right === fn) return lastName(p.left);
  return undefined;
}

/** `a.b.c` → `c`; `x` → `x`. */
export function lastName(node: N): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  return memberName(n);
}

/** Identifier and member names inside an expression (capped), e.g. `req.body.password` → body, password, req. */
export function namesIn(node: N | null | undefined, cap = 200): string[] {
  const out: string[] = [];
  if (!node) return out;
  let seen = 0;
  walk(node, (child) => {
    if (++seen > cap) return false;
    const c = child as N;
    if (c.type === 'Identifier') out.push(c.name);
    else if (c.type === 'MemberExpression') {
      const m = memberName(c);
      if (m !== undefined && c.computed) out.push(m);
    } else if (isFunction(c)) return false; // a callback's body is not this value
    return true;
  });
  return out;
}

const EXPRESSION_PARENTS = new Set([
  'CallExpression', 'NewExpression', 'MemberExpression', 'BinaryExpression', 'LogicalExpression', 'ConditionalExpression',
  'TemplateLiteral', 'AwaitExpression', 'ChainExpression', 'TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression',
  'ParenthesizedExpression', 'UnaryExpression', 'ArrayExpression', 'SpreadElement', 'SequenceExpression', 'ObjectExpression',
  'TaggedTemplateExpression', 'TSTypeAssertion',
]);

export interface Target {
  /** Names the value is stored under: declared variable, assigned member, property key. */
  names: string[];
  /** Reached a `return` or an arrow's expression body. */
  returned: boolean;
  /** The variable it was declared into, when a plain identifier. */
  variable: string | undefined;
  /** The outermost expression holding the value. */
  top: N;
}

/**
 * Where a value goes, syntactically: up through the expressions around it to the declarator,
 * assignment, property or return that receives it. No data flow beyond that.
 */
export function targetOf(node: N, f: FileFacts): Target {
  const names: string[] = [];
  let returned = false;
  let variable: string | undefined;
  let cur = node;
  for (let i = 0; i < 64; i++) {
    const p = f.parent.get(cur);
    if (!p) break;
    if (p.type === 'Property' && p.value === cur) {
      const k = keyName(p);
      if (k) names.push(k);
      cur = p;
      continue;
    }
    if (p.type === 'VariableDeclarator' && p.init === cur) {
      if (p.id.type === 'Identifier') {
        names.push(p.id.name);
        variable = p.id.name;
      } else names.push(...namesIn(p.id, 50));
      break;
    }
    if (p.type === 'AssignmentExpression' && p.right === cur) {
      const l = unwrap(p.left);
      if (l.type === 'Identifier') {
        names.push(l.name);
        variable = l.name;
      } else if (l.type === 'MemberExpression') {
        const m = memberName(l);
        if (m) names.push(m);
        const o = lastName(l.object);
        if (o) names.push(o);
      }
      cur = p;
      continue;
    }
    if (p.type === 'PropertyDefinition' && p.value === cur) {
      const k = keyName(p);
      if (k) names.push(k);
      break;
    }
    if (p.type === 'ReturnStatement' || (p.type === 'ArrowFunctionExpression' && p.body === cur)) {
      returned = true;
      break;
    }
    if (p.type === 'JSXExpressionContainer') break;
    if (!EXPRESSION_PARENTS.has(p.type)) break;
    // An argument of a callback-taking call does not flow into the call's target in general, but
    // String(x), Math.floor(x), x.toString(36), arr.join('') all carry it: keep going.
    cur = p;
  }
  return { names, returned, variable, top: cur };
}

/** Identifiers in the `return` arguments of a function (not of nested functions), capped. */
export function returnedNames(fn: N): Set<string> {
  const out = new Set<string>();
  let seen = 0;
  walk(fn.body as N, (child) => {
    if (++seen > 5000) return false;
    const c = child as N;
    if (isFunction(c)) return false;
    if (c.type === 'ReturnStatement' && c.argument) for (const nm of namesIn(c.argument, 100)) out.add(nm);
    return true;
  });
  if (fn.body && fn.body.type !== 'BlockStatement') for (const nm of namesIn(fn.body, 100)) out.add(nm);
  return out;
}

/** All calls inside a function body (nested functions included), by callee name and path. */
export function callsWithin(fn: N | undefined, f: FileFacts): CallSite[] {
  if (!fn) return [];
  return f.calls.filter((c) => c.node.start >= fn.start && c.node.end <= fn.end);
}

/** A function that returns its first parameter unchanged: `(s) => s`, `function (t) { return t; }`. */
export function isIdentityFunction(node: N | null | undefined): boolean {
  if (!node || !isFunction(node)) return false;
  const first = node.params[0] as N | undefined;
  if (!first || first.type !== 'Identifier') return false;
  let body = node.body as N;
  if (body.type === 'BlockStatement') {
    const stmts = (body.body as N[]).filter((s) => s.type !== 'EmptyStatement');
    if (stmts.length !== 1 || stmts[0]!.type !== 'ReturnStatement' || !stmts[0]!.argument) return false;
    body = stmts[0]!.argument;
  }
  body = unwrap(body);
  if (body.type === 'Identifier' && body.name === first.name) return true;
  // String(s) and `${s}` pass the text through unchanged as well.
  if (body.type === 'CallExpression' && body.callee.type === 'Identifier' && body.callee.name === 'String' && body.arguments.length === 1) {
    const a = unwrap(body.arguments[0] as N);
    return a.type === 'Identifier' && a.name === first.name;
  }
  return false;
}

export function hitAt(node: N, message: string): { start: number; end: number; message: string } {
  return { start: node.start, end: node.end, message };
}
