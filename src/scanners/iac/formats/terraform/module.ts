import type { Resource } from '../../model/resource.js';
import { isObject, Unknown, type ObjectValue, type UnknownOrigin, type Value } from '../../model/value.js';
import { isBlock, type Block, type Body, type Expr } from './ast.js';
import type { Declared, Decls } from './decls.js';
import { EMPTY_SCOPE, Evaluator, markComputed, Scope, type EvalState, type Resolver } from './eval.js';
import { renderGooglePolicyData, renderPolicyDocument } from './policy.js';
import { registryModuleName, registryModuleResources, type ModuleInput, type RegistryCall } from './registry-modules.js';
import { convertType } from './types.js';
import { collectUnknownRefs, toNum, toStr, unknownFrom } from './values.js';

/**
 * One module instance (the root, or one call of a child module, one per count/for_each key),
 * evaluated lazily: a name is evaluated the first time something refers to it, once. While a
 * value is computed, the resource addresses it mentions are collected (directly, or through
 * locals, variables and module outputs) so each resource attribute knows what it refers to.
 */

/** Where a module's code lives and what it declares. */
export interface ModuleCode {
  /** Directory relative to the scan root ('.' for the scan root itself). */
  dir: string;
  absDir: string;
  decls: Decls;
}

/** What the loader provides to every module instance of one root. */
export interface Host {
  /** Loads the module a `source` points at (relative to `from`), or says why it cannot. */
  module(from: ModuleCode, source: string): ModuleCode | { error: string; kind: 'unparsable' | 'other' | 'unresolved' };
  /** Built-in functions; may throw for calls Terraform would reject. */
  call(name: string, args: Value[], at: UnknownOrigin): Value;
  warn(file: string, line: number, kind: 'unparsable' | 'other' | 'unresolved', message: string): void;
  emit(r: Resource): void;
  /** Reserves n more instances from the root's budget (false: over it; a warning is given once). */
  claim(n: number, at: UnknownOrigin): boolean;
  /** Parses an HCL expression (TF_VAR_ values of non-string variables). */
  parseExpression(text: string): Expr | undefined;
  /** Error bookkeeping shared by all evaluators of the root (try/can). */
  evalState: EvalState;
  /** Directory of the root module relative to the scan root, for path.module. */
  rootDir: string;
  rootAbsDir: string;
}

/** A root variable's value: an HCL value (tfvars) or an environment string (TF_VAR_, typed by the declaration). */
export type RootInput = { value: Value } | { env: string };

interface Entry {
  value: Value;
  refs: Set<string>;
  /** Computing it hit an evaluation error: a try() that uses it later must see that too. */
  failed?: boolean;
}

/** A module input: evaluated in the caller, on demand. */
type Input = () => Entry;

/** A resource or data block instance. */
interface Instance {
  key?: number | string;
  address: string;
  attrs: ObjectValue;
  lines: Map<string, number>;
  refs: Map<string, string[]>;
}

type Keyed = 'none' | 'count' | 'for_each';

interface Expanded {
  instances: Instance[];
  /** count/for_each could not be known: one instance stands in for all. */
  unknownKeys?: Unknown;
  keyed: Keyed;
}

interface Calls {
  calls: Call[];
  keyed: Keyed;
  unknownKeys?: Unknown;
}

interface Call {
  key?: number | string;
  child?: ModuleInstance;
  /** Why the module could not be evaluated (outputs Unknown). */
  failed?: string;
  /** Resources of a well-known registry module, built from the call's inputs. */
  registry?: Resource[];
}

const MAX_MODULE_DEPTH = 12;
const MAX_NESTING = 300;
const META_ATTRS = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export class ModuleInstance implements Resolver {
  /** Entries being computed right now, across all instances (evaluation is synchronous). */
  private static nesting = 0;
  private readonly memo = new Map<string, Entry | 'pending'>();
  private collector: Set<string> | undefined;
  private readonly evaluators = new Map<string, Evaluator>();
  private readonly resourceMemo = new Map<string, Expanded>();
  private readonly callMemo = new Map<string, Calls | 'pending'>();

  constructor(
    private readonly host: Host,
    readonly code: ModuleCode,
    /** Address prefix: '' for the root, `module.net.`, `module.app["a"].`. */
    readonly prefix: string,
    private readonly inputs: Map<string, Input> | Map<string, RootInput>,
    /** Module directories of the calls above this one (cycle detection). */
    private readonly ancestors: readonly string[],
  ) {}

  private ev(file: string): Evaluator {
    let e = this.evaluators.get(file);
    if (!e) {
      e = new Evaluator(this, file, this.host.evalState);
      this.evaluators.set(file, e);
    }
    return e;
  }

  /** Memoised value with the refs it collected; a cycle yields an Unknown. */
  private entry(key: string, compute: () => Value, at: UnknownOrigin, onCycle?: () => void): Entry {
    const m = this.memo.get(key);
    if (m === 'pending') {
      onCycle?.();
      return { value: new Unknown(`${key} refers to itself`, at), refs: new Set() };
    }
    if (m) return m;
    // Each nested entry costs stack frames: a chain of thousands of locals must not overflow.
    if (ModuleInstance.nesting >= MAX_NESTING) return { value: new Unknown(`${key}: references nested too deeply`, at), refs: new Set() };
    ModuleInstance.nesting++;
    this.memo.set(key, 'pending');
    const errorsBefore = this.host.evalState.errors;
    const saved = this.collector;
    this.collector = new Set();
    let value: Value = new Unknown(`${key} could not be evaluated`, at);
    try {
      value = compute();
    } finally {
      // Restored even if compute threw, so the collector stack stays balanced.
      const e: Entry = { value, refs: this.collector, failed: this.host.evalState.errors > errorsBefore };
      this.collector = saved;
      this.memo.set(key, e);
      ModuleInstance.nesting--;
    }
    return this.memo.get(key) as Entry;
  }

  private use(e: Entry): Value {
    if (this.collector) for (const r of e.refs) this.collector.add(r);
    if (e.failed) this.host.evalState.errors++;
    return e.value;
  }

  private ref(address: string): void {
    this.collector?.add(address);
  }

  refer(addresses: readonly string[]): void {
    if (this.collector) for (const a of addresses) this.collector.add(a);
  }

  // ---- Resolver ----

  resolve(root: string, names: string[], at: UnknownOrigin): { value: Value; used: number } | undefined {
    const [n0, n1] = names;
    const bad = (reason: string) => ({ value: this.error(reason, at), used: names.length });
    switch (root) {
      case 'var':
        if (n0 === undefined) return bad('var needs a name');
        return { value: this.use(this.variable(n0, at)), used: 1 };
      case 'local': {
        if (n0 === undefined) return bad('local needs a name');
        const d = this.code.decls.locals.get(n0);
        if (!d) return { value: this.undeclared(`local.${n0} is not declared`, at), used: names.length };
        const e = this.entry(`local.${n0}`, () => this.ev(d.file).eval(d.node.expr, EMPTY_SCOPE), at, () =>
          this.host.warn(d.file, d.node.line, 'other', `local.${n0} depends on itself (circular locals): its value is unknown`),
        );
        return { value: this.use(e), used: 1 };
      }
      case 'module':
        if (n0 === undefined) return bad('module needs a name');
        return this.moduleValue(n0, n1, at);
      case 'data': {
        if (n0 === undefined || n1 === undefined) return bad('data needs a type and a name');
        const d = this.code.decls.data.get(`${n0}.${n1}`);
        if (!d) return { value: this.undeclared(`data.${n0}.${n1} is not declared`, at), used: names.length };
        const e = this.entry(`data.${n0}.${n1}`, () => this.blockValue(d, `${n0}.${n1}`, true), at);
        return { value: this.use(e), used: 2 };
      }
      case 'path':
        if (n0 === 'module') return { value: this.code.dir === this.host.rootDir ? '.' : relPath(this.host.rootDir, this.code.dir), used: 1 };
        if (n0 === 'root') return { value: '.', used: 1 };
        if (n0 === 'cwd') return { value: this.host.rootAbsDir, used: 1 };
        return bad(`path.${n0 ?? ''} is not a path`);
      case 'terraform':
        if (n0 === 'workspace') return { value: 'default', used: 1 };
        return { value: new Unknown(`terraform.${n0 ?? ''} is not modelled`, at), used: names.length };
      case 'ephemeral':
        // Ephemeral resources (Terraform 1.10) exist only during a run.
        return { value: new Unknown(`ephemeral.${n0 ?? ''}.${n1 ?? ''} is only known during apply`, at), used: Math.min(2, names.length) };
      case 'self':
        return { value: new Unknown('self is known after apply', at), used: 0 };
      case 'each':
      case 'count':
        return bad(`${root} is only available with ${root === 'each' ? 'for_each' : 'count'}`);
      default: {
        if (n0 === undefined) return undefined;
        const key = `${root}.${n0}`;
        const d = this.code.decls.resources.get(key);
        if (!d) return { value: this.undeclared(`resource ${key} is not declared`, at), used: names.length };
        this.ref(this.prefix + key);
        const e = this.entry(`resource.${key}`, () => this.blockValue(d, key, false), at);
        return { value: e.value, used: 1 };
      }
    }
  }

  call(name: string, args: Value[], at: UnknownOrigin): Value {
    return this.host.call(name, args, at);
  }

  warn(message: string, at: UnknownOrigin): void {
    this.host.warn(at.file, at.line, 'other', message);
  }

  private error(reason: string, at: UnknownOrigin): Unknown {
    // Resolver-level errors count as evaluation errors for try()/can().
    this.host.evalState.errors++;
    return new Unknown(reason, at);
  }

  /** A reference to something never declared: `terraform validate` rejects it, so say so. */
  private undeclared(reason: string, at: UnknownOrigin): Unknown {
    this.host.warn(at.file, at.line, 'other', `${reason} (terraform validate would reject this reference)`);
    return this.error(reason, at);
  }

  // ---- variables ----

  private variable(name: string, at: UnknownOrigin): Entry {
    return this.entry(`var.${name}`, () => {
      const d = this.code.decls.variables.get(name);
      if (!d) return this.undeclared(`var.${name} is not declared`, at);
      const typeExpr = d.node.body.attrs.find((a) => a.name === 'type')?.expr;
      const vat: UnknownOrigin = { file: d.file, line: d.node.line };
      const ev = this.ev(d.file);
      const convert = (v: Value, t: Expr | undefined) => convertType(v, t, (e) => ev.eval(e, EMPTY_SCOPE));
      const def = d.node.body.attrs.find((a) => a.name === 'default');
      const input = this.inputs.get(name);
      let given: Value | undefined;
      if (typeof input === 'function') given = this.use(input());
      else if (input && 'value' in input) given = input.value;
      else if (input) given = this.fromEnv(input.env, typeExpr, d, vat);
      // `nullable = false`: a null argument means "use the default".
      const nullable = d.node.body.attrs.find((a) => a.name === 'nullable')?.expr;
      if (given === null && def && nullable?.k === 'lit' && nullable.v === false) given = undefined;
      if (given !== undefined) return convert(given, typeExpr);
      if (def) return convert(ev.eval(def.expr, EMPTY_SCOPE), typeExpr);
      return new Unknown(`var.${name} has no value`, vat);
    }, at);
  }

  /** TF_VAR_x: a string for string (or untyped) variables, else parsed as an HCL expression, as Terraform does. */
  private fromEnv(raw: string, typeExpr: Expr | undefined, d: Declared<Block>, at: UnknownOrigin): Value {
    if (!typeExpr || (typeExpr.k === 'var' && (typeExpr.name === 'string' || typeExpr.name === 'any'))) return raw;
    const parsed = this.host.parseExpression(raw);
    if (!parsed) return new Unknown(`TF_VAR_${d.node.labels[0] ?? ''} is not a valid value`, at);
    return this.ev(d.file).eval(parsed, EMPTY_SCOPE);
  }

  // ---- resources and data sources ----

  private expand(d: Declared<Block>, key: string, data: boolean): Expanded {
    const m = this.resourceMemo.get(key + (data ? '#d' : ''));
    if (m) return m;
    const b = d.node;
    const ev = this.ev(d.file);
    const base = this.prefix + (data ? 'data.' : '') + key;
    const at: UnknownOrigin = { file: d.file, line: b.line };
    const { keys: scopes, keyed, unknownKeys } = this.instanceKeys(b, ev, at);
    const out: Expanded = { instances: [], keyed, unknownKeys };
    this.resourceMemo.set(key + (data ? '#d' : ''), out);
    for (const s of scopes) {
      const address = base + (s.key === undefined ? '' : `[${JSON.stringify(s.key)}]`);
      const lines = new Map<string, number>();
      const refs = new Map<string, string[]>();
      const attrs = this.body(b.body, s.scope, ev, '', lines, refs, true);
      out.instances.push({ key: s.key, address, attrs, lines, refs });
    }
    return out;
  }

  /**
   * Instance keys of a resource, data or module block from count/for_each, each with the scope
   * its body is evaluated in. Unknown keys (or more instances than the budget allows) give one
   * stand-in instance whose count.index / each.* are Unknown.
   */
  private instanceKeys(b: Block, ev: Evaluator, at: UnknownOrigin): { keys: { key?: number | string; scope: Scope }[]; keyed: Keyed; unknownKeys?: Unknown } {
    const countA = b.body.attrs.find((a) => a.name === 'count');
    const eachA = b.body.attrs.find((a) => a.name === 'for_each');
    // What count/for_each refer to is not an attribute's reference; for_each's are handed to `each` instead.
    const saved = this.collector;
    const got = new Set<string>();
    this.collector = got;
    let c: Value | undefined;
    let fe: Value | undefined;
    try {
      c = countA ? ev.eval(countA.expr, EMPTY_SCOPE) : undefined;
      fe = !countA && eachA ? ev.eval(eachA.expr, EMPTY_SCOPE) : undefined;
    } finally {
      this.collector = saved;
    }
    if (c !== undefined) {
      const n = c instanceof Unknown ? undefined : toNum(c);
      let u: Unknown | undefined;
      if (c instanceof Unknown) u = unknownFrom('count is unknown', at, c);
      else if (n === undefined || n < 0 || !Number.isInteger(n)) u = new Unknown('count is not a whole number', at);
      else if (!this.host.claim(n, at)) u = new Unknown(`count = ${n} is more instances than are expanded`, at);
      if (u || n === undefined) {
        const unk = u ?? new Unknown('count is unknown', at);
        return { keys: [{ scope: EMPTY_SCOPE.with(new Map([['count', { index: unk }]])) }], keyed: 'count', unknownKeys: unk };
      }
      return { keys: Array.from({ length: n }, (_, i) => ({ key: i, scope: EMPTY_SCOPE.with(new Map([['count', { index: i }]])) })), keyed: 'count' };
    }
    if (fe !== undefined) {
      const eachRefs = [...got];
      const pairs = forEachPairs(fe);
      let u: Unknown | undefined;
      if (!pairs) u = fe instanceof Unknown ? unknownFrom('for_each is unknown', at, fe) : new Unknown('for_each is not a map or set of strings', at);
      else if (!this.host.claim(pairs.length, at)) u = new Unknown(`for_each with ${pairs.length} keys is more instances than are expanded`, at);
      if (u || !pairs) {
        const unk = u ?? new Unknown('for_each is unknown', at);
        return { keys: [{ scope: EMPTY_SCOPE.with(new Map([['each', { key: unk, value: unk }]]), eachRefs) }], keyed: 'for_each', unknownKeys: unk };
      }
      return { keys: pairs.map(([k, v]) => ({ key: k, scope: EMPTY_SCOPE.with(new Map<string, Value>([['each', { key: k, value: v }]]), eachRefs) })), keyed: 'for_each' };
    }
    return { keys: [{ scope: EMPTY_SCOPE }], keyed: 'none' };
  }

  /** Value of `type.name` / `data.type.name` as other expressions see it. */
  private blockValue(d: Declared<Block>, key: string, data: boolean): Value {
    const x = this.expand(d, key, data);
    // A data source passes on what its arguments refer to (a policy document naming a bucket).
    if (data) for (const i of x.instances) for (const rs of i.refs.values()) for (const r of rs) this.ref(r);
    const base = this.prefix + (data ? 'data.' : '') + key;
    const ref = data ? undefined : base;
    const view = (i: Instance): ObjectValue => {
      const o: ObjectValue = { ...i.attrs };
      if (data && d.node.labels[0] === 'aws_iam_policy_document') o['json'] = o['minified_json'] = renderPolicyDocument(i.attrs);
      if (data && d.node.labels[0] === 'google_iam_policy') o['policy_data'] = renderGooglePolicyData(i.attrs);
      // Nested blocks have computed attributes too (root_block_device[0].volume_id): reading one is Unknown, not an error.
      for (const v of Object.values(i.attrs)) markNested(v, i.address, ref, 0);
      return markComputed(o, i.address, ref);
    };
    if (x.unknownKeys) return new Unknown(x.unknownKeys.reason, x.unknownKeys.at, ref ? [ref, ...x.unknownKeys.refs] : x.unknownKeys.refs);
    if (x.keyed === 'count') return x.instances.map(view);
    if (x.keyed === 'for_each') {
      const o: ObjectValue = {};
      for (const i of x.instances) o[String(i.key)] = view(i);
      return o;
    }
    const only = x.instances[0];
    return only ? view(only) : null;
  }

  /**
   * Evaluates a block body: attributes, nested blocks (lists of objects) and dynamic blocks.
   * `top` marks the resource body itself, where refs are recorded per attribute.
   */
  private body(body: Body, scope: Scope, ev: Evaluator, path: string, lines: Map<string, number>, refs: Map<string, string[]>, top: boolean): ObjectValue {
    const out: ObjectValue = {};
    const track = <T extends Value>(name: string, f: () => T): T => {
      if (!top) return f();
      const saved = this.collector;
      const got = new Set<string>();
      this.collector = got;
      try {
        const v = f();
        // Unknowns reached through each.value, count.index or an iterator carry refs the expression did not name.
        collectUnknownRefs(v, got);
        return v;
      } finally {
        this.collector = saved;
        if (got.size) refs.set(name, [...new Set([...(refs.get(name) ?? []), ...got])]);
      }
    };
    for (const item of body.order) {
      if (!isBlock(item)) {
        if (top && META_ATTRS.has(item.name)) continue;
        const p = path + item.name;
        out[item.name] = track(item.name, () => ev.eval(item.expr, scope));
        lines.set(p, item.line);
        literalLines(item.expr, p, lines, 0);
        if (item.blockLike) {
          // Rules address nested blocks as `versioning.0.enabled`; in JSON that block is a plain object.
          lines.set(`${p}.0`, item.line);
          literalLines(item.expr, `${p}.0`, lines, 0);
        }
        continue;
      }
      if (top && META_BLOCKS.has(item.type)) continue;
      if (item.type === 'dynamic') {
        const name = item.labels[0];
        if (name === undefined) continue;
        track(name, () => {
          this.dynamic(item, name, scope, ev, path, lines, refs, out);
          return out[name] ?? null;
        });
        continue;
      }
      const list = blockList(out, item.type);
      const p = `${path}${item.type}.${list.length}`;
      lines.set(p, item.line);
      if (!lines.has(path + item.type)) lines.set(path + item.type, item.line);
      list.push(track(item.type, () => nestedBlock(this.body(item.body, scope, ev, `${p}.`, lines, refs, false))));
    }
    return out;
  }

  private dynamic(b: Block, name: string, scope: Scope, ev: Evaluator, path: string, lines: Map<string, number>, refs: Map<string, string[]>, out: ObjectValue): void {
    const feA = b.body.attrs.find((a) => a.name === 'for_each');
    const itA = b.body.attrs.find((a) => a.name === 'iterator');
    const content = b.body.blocks.find((x) => x.type === 'content');
    if (!content) return;
    const iter = itA?.expr.k === 'var' ? itA.expr.name : name;
    const fe = feA ? ev.eval(feA.expr, scope) : null;
    let pairs: [Value, Value][];
    if (fe instanceof Unknown) pairs = [[fe, fe]]; // unknown: one block stands in, its iterator-dependent values unknown
    else if (Array.isArray(fe)) pairs = fe.map((v, i) => [i, v]);
    else if (isObject(fe)) pairs = Object.keys(fe).sort().map((k) => [k, fe[k]!]);
    else pairs = [];
    // Nested dynamic blocks multiply; they draw on the same instance budget as count/for_each.
    if (pairs.length > 1 && !this.host.claim(pairs.length, { file: ev.file, line: b.line })) {
      const u = new Unknown(`dynamic "${name}" with ${pairs.length} iterations is more than is expanded`, { file: ev.file, line: b.line });
      pairs = [[u, u]];
    }
    // No iterations: the block is absent, as if it had not been written.
    if (!pairs.length) return;
    const list = blockList(out, name);
    if (!lines.has(path + name)) lines.set(path + name, b.line);
    for (const [k, v] of pairs) {
      const p = `${path}${name}.${list.length}`;
      lines.set(p, content.line);
      const s = scope.with(new Map<string, Value>([[iter, { key: k, value: v }]]));
      list.push(nestedBlock(this.body(content.body, s, ev, `${p}.`, lines, refs, false)));
    }
  }

  // ---- module calls ----

  private calls(name: string): Calls {
    const m = this.callMemo.get(name);
    if (m === 'pending') return { calls: [{ failed: `module.${name} refers to itself` }], keyed: 'none' };
    if (m) return m;
    this.callMemo.set(name, 'pending');
    const d = this.code.decls.modules.get(name)!;
    const r = this.makeCalls(name, d);
    this.callMemo.set(name, r);
    return r;
  }

  private makeCalls(name: string, d: Declared<Block>): Calls {
    const b = d.node;
    const ev = this.ev(d.file);
    const srcA = b.body.attrs.find((a) => a.name === 'source');
    const source = srcA ? ev.eval(srcA.expr, EMPTY_SCOPE) : undefined;
    const fail = (why: string, kind: 'unparsable' | 'other' | 'unresolved') => {
      this.host.warn(d.file, b.line, kind, `module "${name}": ${why}; its outputs are unknown`);
      return { calls: [{ failed: why }], keyed: 'none' as const };
    };
    if (typeof source !== 'string') return fail('source is not a literal string', 'other');
    const code = this.host.module(this.code, source);
    if ('error' in code) {
      const failed = fail(code.error, code.kind);
      // A well-known registry module is not fetched, but its explicit inputs say what it creates.
      return registryModuleName(source) ? this.registryCalls(name, d, source, code.error) : failed;
    }
    if (code.absDir === this.code.absDir || this.ancestors.includes(code.absDir)) return fail(`circular module reference (source "${source}")`, 'other');
    if (this.ancestors.length >= MAX_MODULE_DEPTH) return fail(`modules nested deeper than ${MAX_MODULE_DEPTH} levels`, 'other');

    const { keys, keyed, unknownKeys } = this.instanceKeys(b, ev, { file: d.file, line: b.line });
    // A call without count/for_each is one instance too: modules calling modules several times each must not fan out unbounded.
    if (keyed === 'none' && !this.host.claim(1, { file: d.file, line: b.line })) return fail('too many module instances', 'other');
    const calls: Call[] = keys.map(({ key, scope }) => {
      const suffix = key === undefined ? '' : `[${JSON.stringify(key)}]`;
      const inputs = new Map<string, Input>();
      for (const a of b.body.attrs) {
        if (MODULE_META.has(a.name)) continue;
        inputs.set(a.name, () => this.entry(`module.${name}${suffix}.${a.name}`, () => ev.eval(a.expr, scope), { file: d.file, line: a.line }));
      }
      const child = new ModuleInstance(this.host, code, `${this.prefix}module.${name}${suffix}.`, inputs, [...this.ancestors, this.code.absDir]);
      return { key, child };
    });
    return { calls, keyed, unknownKeys };
  }

  /** Calls of a known registry module: outputs stay Unknown, the resources come from registry-modules.ts. */
  private registryCalls(name: string, d: Declared<Block>, source: string, why: string): Calls {
    const b = d.node;
    const ev = this.ev(d.file);
    const at: UnknownOrigin = { file: d.file, line: b.line };
    const { keys, keyed, unknownKeys } = this.instanceKeys(b, ev, at);
    const calls: Call[] = keys.map(({ key, scope }) => {
      const suffix = key === undefined ? '' : `[${JSON.stringify(key)}]`;
      const inputs = new Map<string, ModuleInput>();
      for (const a of b.body.attrs) {
        if (MODULE_META.has(a.name)) continue;
        const e = this.entry(`module.${name}${suffix}.${a.name}`, () => ev.eval(a.expr, scope), { file: d.file, line: a.line });
        inputs.set(a.name, { value: e.value, line: a.line, refs: [...e.refs] });
      }
      const call: RegistryCall = { address: `${this.prefix}module.${name}${suffix}`, name, file: d.file, line: b.line, endLine: b.endLine, inputs };
      return { key, failed: why, registry: registryModuleResources(source, call) ?? [] };
    });
    return { calls, keyed, unknownKeys };
  }

  private moduleValue(name: string, output: string | undefined, at: UnknownOrigin): { value: Value; used: number } {
    const d = this.code.decls.modules.get(name);
    if (!d) return { value: this.undeclared(`module.${name} is not declared`, at), used: 1 };
    const c = this.calls(name);
    if (c.unknownKeys) return { value: c.unknownKeys, used: 1 };
    const first = c.calls[0];
    if (c.keyed === 'none' && first && output !== undefined) return { value: this.outputOf(first, name, output, at), used: 2 };
    const all = (call: Call): Value => {
      if (!call.child) return new Unknown(`module.${name}: ${call.failed ?? 'not loaded'}`, at);
      const o: ObjectValue = {};
      for (const k of call.child.code.decls.outputs.keys()) o[k] = this.outputOf(call, name, k, at);
      return o;
    };
    if (c.keyed === 'count') return { value: c.calls.map(all), used: 1 };
    if (c.keyed === 'for_each') {
      const o: ObjectValue = {};
      for (const call of c.calls) o[String(call.key)] = all(call);
      return { value: o, used: 1 };
    }
    return { value: first ? all(first) : null, used: 1 };
  }

  private outputOf(call: Call, name: string, output: string, at: UnknownOrigin): Value {
    if (!call.child) return new Unknown(`module.${name}: ${call.failed ?? 'not loaded'}`, at);
    return this.use(call.child.output(output, at));
  }

  output(name: string, at: UnknownOrigin): Entry {
    const d = this.code.decls.outputs.get(name);
    if (!d) return { value: this.undeclared(`output ${name} is not declared in ${this.code.dir}`, at), refs: new Set() };
    const v = d.node.body.attrs.find((a) => a.name === 'value');
    return this.entry(`output.${name}`, () => (v ? this.ev(d.file).eval(v.expr, EMPTY_SCOPE) : null), at);
  }

  // ---- emitting ----

  /** Emits every resource of this instance and of the modules it calls. */
  emitAll(): void {
    for (const [key, d] of this.code.decls.resources) {
      const [type = '', name = ''] = splitKey(key);
      this.entry(`resource.${key}`, () => this.blockValue(d, key, false), { file: d.file, line: d.node.line });
      const x = this.resourceMemo.get(key);
      if (!x) continue;
      for (const i of x.instances) {
        this.host.emit({
          type,
          name,
          address: i.address,
          source: 'terraform',
          file: d.file,
          line: d.node.line,
          endLine: d.node.endLine,
          attrs: i.attrs,
          lines: i.lines,
          refs: i.refs,
        });
      }
    }
    for (const name of this.code.decls.modules.keys()) {
      for (const c of this.calls(name).calls) {
        c.child?.emitAll();
        for (const r of c.registry ?? []) this.host.emit(r);
      }
    }
  }
}

/** Objects made from nested blocks (not attribute values, which may be shared with other resources). */
const blockObjects = new WeakSet<object>();

function nestedBlock(o: ObjectValue): ObjectValue {
  blockObjects.add(o);
  return o;
}

function markNested(v: Value, address: string, ref: string | undefined, depth: number): void {
  if (depth > 4 || !Array.isArray(v)) return;
  for (const b of v) {
    if (!isObject(b) || !blockObjects.has(b)) continue;
    markComputed(b, address, ref);
    for (const x of Object.values(b)) markNested(x, address, ref, depth + 1);
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('.');
  return [key.slice(0, i), key.slice(i + 1)];
}

function blockList(out: ObjectValue, name: string): Value[] {
  const cur = out[name];
  if (Array.isArray(cur)) return cur;
  const l: Value[] = [];
  out[name] = l;
  return l;
}

/** for_each keys: a map's keys (sorted, as Terraform orders them) or a set of strings. */
function forEachPairs(v: Value): [string, Value][] | undefined {
  if (v instanceof Unknown || v === null) return undefined;
  if (Array.isArray(v)) {
    const seen = new Set<string>();
    for (const x of v) {
      if (x instanceof Unknown) return undefined;
      const s = toStr(x);
      if (s === undefined) return undefined;
      seen.add(s);
    }
    // Terraform orders a set of strings lexically.
    return [...seen].sort().map((s) => [s, s]);
  }
  if (isObject(v)) return Object.keys(v).sort().map((k) => [k, v[k]!]);
  return undefined;
}

/** Lines of keys and items inside literal objects and tuples (`tags.env`, `cidr_blocks.0`). */
function literalLines(e: Expr, path: string, lines: Map<string, number>, depth: number): void {
  if (depth > 6) return;
  // merge(local.tags, { Name = "x" }): the literal keys still have their lines (later arguments win, as in merge).
  if (e.k === 'call' && e.name === 'merge') for (const a of e.args) literalLines(a, path, lines, depth + 1);
  if (e.k === 'object') {
    for (const it of e.items) {
      const k = it.key.k === 'var' ? it.key.name : it.key.k === 'lit' && typeof it.key.v === 'string' ? it.key.v : undefined;
      if (k === undefined) continue;
      lines.set(`${path}.${k}`, it.line);
      literalLines(it.val, `${path}.${k}`, lines, depth + 1);
    }
  } else if (e.k === 'tuple') {
    e.items.forEach((it, i) => {
      lines.set(`${path}.${i}`, it.line);
      literalLines(it, `${path}.${i}`, lines, depth + 1);
    });
  }
}

function relPath(from: string, to: string): string {
  const a = from === '.' ? [] : from.split('/');
  const b = to === '.' ? [] : to.split('/');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}

