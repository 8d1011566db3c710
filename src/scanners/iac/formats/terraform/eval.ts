import { isObject, Unknown, type ObjectValue, type UnknownOrigin, type Value } from '../../model/value.js';
import { SPLAT, type Expr, type TplPart } from './ast.js';
import { partialJson } from './partial-json.js';
import { equal } from './functions/common.js';
import { findUnknown, toBool, toNum, toStr, unknownFrom } from './values.js';

/**
 * Evaluates ast.ts expressions to model values. Names the expression does not bind itself
 * (var, local, module, data, resources, path, terraform) are asked of a Resolver, which also
 * records which resources an expression mentions. Never throws on bad input: a Terraform
 * error becomes an Unknown and bumps `state.errors` (what `try`/`can` look at).
 */

export interface Resolver {
  /**
   * Value of a root name followed by attribute names (`aws_s3_bucket`, [`b`, `arn`]).
   * Returns the value and how many of the names it consumed, or undefined for an unknown name.
   */
  resolve(root: string, names: string[], at: UnknownOrigin): { value: Value; used: number } | undefined;
  /** May throw (a call Terraform would reject). */
  call(name: string, args: Value[], at: UnknownOrigin): Value;
  /** A problem worth a scan warning (function errors). */
  warn?(message: string, at: UnknownOrigin): void;
  /** The expression used a local name bound from these resources (`each` of a for_each over them). */
  refer?(addresses: readonly string[]): void;
}

/** Local bindings: for-expression variables, each, count, dynamic iterators. */
export class Scope {
  constructor(
    private readonly vars: ReadonlyMap<string, Value>,
    private readonly parent?: Scope,
    /** Resource addresses the bound values came from (a for_each over resources): using the name refers to them. */
    private readonly refs: readonly string[] = [],
  ) {}
  get(name: string): Value | undefined {
    const v = this.vars.get(name);
    if (v !== undefined || this.vars.has(name)) return v;
    return this.parent?.get(name);
  }
  has(name: string): boolean {
    return this.vars.has(name) || (this.parent?.has(name) ?? false);
  }
  /** The refs attached to the scope that binds name. */
  refsOf(name: string): readonly string[] {
    if (this.vars.has(name)) return this.refs;
    return this.parent?.refsOf(name) ?? [];
  }
  with(vars: Map<string, Value>, refs: readonly string[] = []): Scope {
    return new Scope(vars, this, refs);
  }
}

export const EMPTY_SCOPE = new Scope(new Map());

const MAX_STRING = 16 * 1024 * 1024;

/** Objects whose missing attributes are computed by the provider (resources, data sources): reading one is Unknown, not an error. */
const computedObjects = new WeakMap<object, { address: string; ref?: string }>();

export function markComputed(o: ObjectValue, address: string, ref?: string): ObjectValue {
  computedObjects.set(o, { address, ref });
  return o;
}

type Step = { k: 'attr'; name: string; line: number } | { k: 'index'; idx: Expr; line: number } | { k: 'splat'; each: Expr; line: number };

/**
 * Shared by every evaluator of one root, so try()/can() see failures wherever they happen
 * (a local declared in another file, a module output).
 */
export interface EvalState {
  /** Evaluation errors so far; try()/can() compare before and after an argument. */
  errors: number;
  /** Inside try()/can(): failures are expected, not warned about. */
  tryDepth: number;
}

export const newEvalState = (): EvalState => ({ errors: 0, tryDepth: 0 });

export class Evaluator {
  constructor(
    private readonly resolver: Resolver,
    readonly file: string,
    readonly state: EvalState = newEvalState(),
  ) {}

  private at(line: number): UnknownOrigin {
    return { file: this.file, line };
  }

  private fail(reason: string, line: number): Unknown {
    this.state.errors++;
    return new Unknown(reason, this.at(line));
  }

  eval(e: Expr, scope: Scope): Value {
    switch (e.k) {
      case 'lit':
        return e.v;
      case 'tpl':
        return this.template(e.parts, scope, e.line, true);
      case 'tuple':
        return e.items.map((x) => this.eval(x, scope));
      case 'object': {
        const out: ObjectValue = {};
        for (const it of e.items) {
          // A bare identifier key is its own name; anything else (parenthesised, quoted, template) is evaluated.
          const key = it.key.k === 'var' ? it.key.name : this.eval(it.key, scope);
          const v = this.eval(it.val, scope);
          if (key instanceof Unknown) return unknownFrom('object key is unknown', this.at(it.line), key, v);
          const ks = key === null ? undefined : toStr(key);
          if (ks === undefined) return this.fail('object key is not a string', it.line);
          out[ks] = v;
        }
        return out;
      }
      case 'var':
      case 'attr':
      case 'index':
      case 'splat':
        return this.traversal(e, scope);
      case 'call':
        return this.call(e, scope);
      case 'for':
        return this.forExpr(e, scope);
      case 'unary': {
        const v = this.eval(e.e, scope);
        if (v instanceof Unknown) return unknownFrom('operand is unknown', this.at(e.line), v);
        if (e.op === '!') {
          const b = toBool(v);
          return b === undefined ? this.fail('! needs a bool', e.line) : !b;
        }
        const n = toNum(v);
        return n === undefined ? this.fail('- needs a number', e.line) : -n;
      }
      case 'binary':
        return this.binary(e.op, e.l, e.r, scope, e.line);
      case 'cond': {
        const c = this.eval(e.c, scope);
        if (c instanceof Unknown) {
          // Both branches still contribute their references.
          const t = this.eval(e.t, scope);
          const f = this.eval(e.f, scope);
          return unknownFrom('condition is unknown', this.at(e.line), c, t, f);
        }
        const b = toBool(c);
        if (b === undefined) return this.fail('condition is not a bool', e.line);
        return this.eval(b ? e.t : e.f, scope);
      }
      case 'paren':
        return this.eval(e.e, scope);
      case 'bad':
        return this.fail(e.why, e.line);
    }
  }

  private binary(op: string, le: Expr, re: Expr, scope: Scope, line: number): Value {
    const l = this.eval(le, scope);
    const r = this.eval(re, scope);
    if (op === '&&' || op === '||') {
      const lb = l instanceof Unknown ? undefined : toBool(l);
      const rb = r instanceof Unknown ? undefined : toBool(r);
      // A known false (&&) or true (||) decides the result even when the other side is unknown.
      if (op === '&&' && (lb === false || rb === false)) return false;
      if (op === '||' && (lb === true || rb === true)) return true;
      if (l instanceof Unknown || r instanceof Unknown) return unknownFrom('operand is unknown', this.at(line), l, r);
      if (lb === undefined || rb === undefined) return this.fail(`${op} needs bools`, line);
      return op === '&&' ? lb && rb : lb || rb;
    }
    if (l instanceof Unknown || r instanceof Unknown || findUnknown(l) || findUnknown(r)) return unknownFrom('operand is unknown', this.at(line), l, r);
    if (op === '==') return equal(l, r);
    if (op === '!=') return !equal(l, r);
    const a = toNum(l);
    const b = toNum(r);
    if (a === undefined || b === undefined) return this.fail(`${op} needs numbers`, line);
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? this.fail('division by zero', line) : a / b;
      case '%':
        return b === 0 ? this.fail('modulo by zero', line) : a % b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
      default:
        return this.fail(`unknown operator ${op}`, line);
    }
  }

  /** `whole`: the template is a complete value (not the body of a directive), so it may be a partial JSON document. */
  private template(parts: TplPart[], scope: Scope, line: number, whole = false): Value {
    // "${x}" alone is x itself, not its string form (lists and maps pass through).
    const only = parts.length === 1 ? parts[0] : undefined;
    if (only?.k === 'interp') return this.eval(only.e, scope);
    let out = '';
    const unknowns: Value[] = [];
    const pieces: (string | Unknown)[] = [];
    for (const p of parts) {
      const v = this.part(p, scope, line);
      pieces.push(v);
      if (v instanceof Unknown) unknowns.push(v);
      else out += v;
    }
    // Locals can double a string at each step: stop long before memory runs out.
    if (out.length > MAX_STRING) return this.fail(`string longer than ${MAX_STRING} characters`, line);
    if (!unknowns.length) return out;
    // A JSON policy written as a template keeps its known parts (see partial-json.ts).
    return (whole ? partialJson(pieces) : undefined) ?? unknownFrom('template has an unknown part', this.at(line), ...unknowns);
  }

  private part(p: TplPart, scope: Scope, line: number): string | Unknown {
    switch (p.k) {
      case 'str':
        return p.s;
      case 'interp': {
        const v = this.eval(p.e, scope);
        if (v instanceof Unknown) return v;
        const s = v === null ? undefined : toStr(v);
        return s === undefined ? this.fail('interpolated value is not a string', line) : s;
      }
      case 'if': {
        const c = this.eval(p.cond, scope);
        if (c instanceof Unknown) return c;
        const b = toBool(c);
        if (b === undefined) return this.fail('%{if} condition is not a bool', line);
        const v = this.template(b ? p.then : p.else, scope, line);
        return typeof v === 'string' ? v : v instanceof Unknown ? v : '';
      }
      case 'for': {
        const coll = this.eval(p.coll, scope);
        const items = this.iterate(coll, line);
        if (items instanceof Unknown) return items;
        let out = '';
        for (const [k, v] of items) {
          const vars = new Map<string, Value>([[p.valVar, v]]);
          if (p.keyVar !== undefined) vars.set(p.keyVar, k);
          const s = this.template(p.body, scope.with(vars), line);
          if (s instanceof Unknown) return s;
          out += typeof s === 'string' ? s : '';
        }
        return out;
      }
    }
  }

  /** Key/value pairs of a collection in Terraform's order: list by index, map by sorted key. */
  iterate(coll: Value, line: number): [Value, Value][] | Unknown {
    if (coll instanceof Unknown) return coll;
    if (Array.isArray(coll)) return coll.map((v, i) => [i, v]);
    if (isObject(coll)) return Object.keys(coll).sort().map((k) => [k, coll[k]!]);
    return this.fail('for needs a collection', line);
  }

  private forExpr(e: Extract<Expr, { k: 'for' }>, scope: Scope): Value {
    const coll = this.eval(e.coll, scope);
    const items = this.iterate(coll, e.line);
    if (items instanceof Unknown) return unknownFrom('for collection is unknown', this.at(e.line), items);
    const isObj = e.keyExpr !== undefined;
    const list: Value[] = [];
    const obj: { [k: string]: Value } = {};
    for (const [k, v] of items) {
      const vars = new Map<string, Value>([[e.valVar, v]]);
      if (e.keyVar !== undefined) vars.set(e.keyVar, k);
      const s = scope.with(vars);
      if (e.cond) {
        const c = this.eval(e.cond, s);
        if (c instanceof Unknown) return unknownFrom('for condition is unknown', this.at(e.line), c);
        const b = toBool(c);
        if (b === undefined) return this.fail('for condition is not a bool', e.line);
        if (!b) continue;
      }
      const val = this.eval(e.valExpr, s);
      if (!isObj) {
        list.push(val);
        continue;
      }
      const kv = this.eval(e.keyExpr!, s);
      if (kv instanceof Unknown) return unknownFrom('for key is unknown', this.at(e.line), kv);
      const ks = kv === null ? undefined : toStr(kv);
      if (ks === undefined) return this.fail('for key is not a string', e.line);
      if (e.group) {
        const g = obj[ks];
        if (Array.isArray(g)) g.push(val);
        else obj[ks] = [val];
      } else {
        if (ks in obj) return this.fail(`duplicate key "${ks}" in for expression`, e.line);
        obj[ks] = val;
      }
    }
    return isObj ? obj : list;
  }

  private call(e: Extract<Expr, { k: 'call' }>, scope: Scope): Value {
    // try/can need to know whether an argument failed, which only the evaluator sees.
    if (e.name === 'try' || e.name === 'can') {
      for (const a of e.args) {
        const before = this.state.errors;
        this.state.tryDepth++;
        const v = this.eval(a, scope);
        this.state.tryDepth--;
        const failed = this.state.errors > before;
        this.state.errors = before;
        if (e.name === 'can') return failed ? false : v instanceof Unknown ? v : true;
        if (!failed) return v;
      }
      return this.fail('try: no argument succeeded', e.line);
    }
    let args = e.args.map((a) => this.eval(a, scope));
    if (e.expand && args.length) {
      const last = args[args.length - 1]!;
      if (last instanceof Unknown) return unknownFrom('expanded argument is unknown', this.at(e.line), last);
      if (!Array.isArray(last)) return this.fail('... needs a list', e.line);
      args = [...args.slice(0, -1), ...last];
    }
    // jsonencode of a document with an unknown part (an ARN known after apply) stays the document
    // with Unknowns in place, not one opaque Unknown: the policy rules read objects as well as JSON.
    const only = args.length === 1 ? args[0] : undefined;
    if (e.name === 'jsonencode' && only !== undefined && (isObject(only) || Array.isArray(only)) && findUnknown(only)) return only;
    try {
      return this.resolver.call(e.name, args, this.at(e.line));
    } catch (err) {
      // A call Terraform would reject: unknown value, and a warning unless try()/can() expected it.
      const raw = err instanceof Error ? err.message : String(err);
      const msg = raw.startsWith(`${e.name}(`) ? raw : `${e.name}(): ${raw}`;
      if (this.state.tryDepth === 0) this.resolver.warn?.(msg, this.at(e.line));
      return this.fail(msg, e.line);
    }
  }

  private traversal(e: Expr, scope: Scope): Value {
    const steps: Step[] = [];
    let root: Expr = e;
    for (;;) {
      if (root.k === 'attr') steps.push({ k: 'attr', name: root.name, line: root.line });
      else if (root.k === 'index') steps.push({ k: 'index', idx: root.idx, line: root.line });
      else if (root.k === 'splat') steps.push({ k: 'splat', each: root.each, line: root.line });
      else break;
      root = root.obj;
    }
    steps.reverse();
    let v: Value;
    let i = 0;
    if (root.k === 'var' && !scope.has(root.name)) {
      const names: string[] = [];
      for (const s of steps) {
        if (s.k !== 'attr') break;
        names.push(s.name);
      }
      const r = this.resolver.resolve(root.name, names, this.at(root.line));
      if (!r) return this.fail(`unknown name ${root.name}`, root.line);
      v = r.value;
      i = r.used;
    } else if (root.k === 'var') {
      v = scope.get(root.name) ?? null;
      const refs = scope.refsOf(root.name);
      if (refs.length) this.resolver.refer?.(refs);
    } else {
      v = this.eval(root, scope);
    }
    for (; i < steps.length; i++) {
      const s = steps[i]!;
      if (s.k === 'attr') v = this.getAttr(v, s.name, s.line);
      else if (s.k === 'index') v = this.getIndex(v, this.eval(s.idx, scope), s.line);
      else v = this.splat(v, s.each, scope, s.line);
    }
    return v;
  }

  private splat(v: Value, each: Expr, scope: Scope, line: number): Value {
    if (v instanceof Unknown) return v;
    if (v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    return list.map((x) => this.eval(each, scope.with(new Map([[SPLAT, x]]))));
  }

  getAttr(v: Value, name: string, line: number): Value {
    if (v instanceof Unknown) return v;
    if (isObject(v)) {
      if (name in v) return v[name]!;
      const c = computedObjects.get(v);
      if (c) return new Unknown(`${c.address}.${name} is known after apply`, this.at(line), c.ref ? [c.ref] : []);
      return this.fail(`no attribute "${name}"`, line);
    }
    if (Array.isArray(v)) {
      // A block written once reads like an object (`versioning.enabled`), as the rules' get() does.
      const only = v.length === 1 ? v[0] : undefined;
      if (only !== undefined && isObject(only)) return this.getAttr(only, name, line);
    }
    return this.fail(`cannot read attribute "${name}" of a ${v === null ? 'null value' : typeof v}`, line);
  }

  getIndex(v: Value, k: Value, line: number): Value {
    if (v instanceof Unknown) return v;
    if (k instanceof Unknown) return unknownFrom('index is unknown', this.at(line), k);
    if (Array.isArray(v)) {
      const n = toNum(k);
      if (n === undefined || !Number.isInteger(n)) return this.fail('list index is not a whole number', line);
      const x = v[n];
      return x === undefined ? this.fail(`index ${n} out of range`, line) : x;
    }
    if (isObject(v)) {
      const ks = k === null ? undefined : toStr(k);
      if (ks === undefined) return this.fail('map key is not a string', line);
      if (ks in v) return v[ks]!;
      const c = computedObjects.get(v);
      if (c) return new Unknown(`${c.address}.${ks} is known after apply`, this.at(line), c.ref ? [c.ref] : []);
      return this.fail(`no key "${ks}"`, line);
    }
    return this.fail('cannot index this value', line);
  }
}
