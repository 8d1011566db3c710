import type { Unresolved } from '../../model/load.js';
import { isObject, isUnknown, isWhollyKnown, Unknown, type Value } from '../../model/value.js';
import { child, type CMap, type CNode } from './node.js';
import { items, refsIn, type PV } from './pv.js';

/**
 * Evaluates CloudFormation intrinsics over the positioned tree: parameters (defaults), pseudo
 * parameters, Mappings, Conditions, and the Fn:: functions. What cannot be known before deploy
 * (resource attributes, the region, parameters without a default) becomes an Unknown carrying
 * the logical ids it depends on. `undefined` from eval means AWS::NoValue: the key is removed.
 */

/** Pseudo parameters with a value fixed for the commercial partition; the rest are per stack. */
const PSEUDO_KNOWN = new Map<string, string>([
  ['AWS::Partition', 'aws'],
  ['AWS::URLSuffix', 'amazonaws.com'],
]);
const PSEUDO = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::StackName', 'AWS::StackId', 'AWS::NotificationARNs']);
/**
 * Replaces each `${...}` in a Fn::Sub template (no nesting: it ends at the first `}`) with
 * fn(inner); the same matches as `/\$\{([^}]*)\}/g`, but that regex retries every `${` of a
 * string with no `}` left to the end (quadratic), while this stops once no `}` remains.
 */
function replaceSubVars(tpl: string, fn: (inner: string) => string): string {
  let out = '';
  let done = 0;
  for (let i = tpl.indexOf('${'); i !== -1; i = tpl.indexOf('${', done)) {
    const end = tpl.indexOf('}', i + 2);
    if (end === -1) break;
    out += tpl.slice(done, i) + fn(tpl.slice(i + 2, end));
    done = end + 1;
  }
  return out + tpl.slice(done);
}

export class Evaluator {
  private readonly params = new Map<string, { node: CNode | undefined; keyLine: number }>();
  private readonly paramCache = new Map<string, Value>();
  private readonly conditions = new Map<string, CNode>();
  private readonly condCache = new Map<string, boolean | undefined>();
  private readonly condActive = new Set<string>();
  private readonly mappings: CNode | undefined;
  readonly resourceIds: Set<string>;

  constructor(
    private readonly file: string,
    root: CMap,
    private readonly unresolved: Unresolved[],
  ) {
    const ps = child(root, 'Parameters');
    if (ps?.kind === 'map') for (const [k, e] of ps.entries) this.params.set(k, { node: e.value, keyLine: e.keyLine });
    const cs = child(root, 'Conditions');
    if (cs?.kind === 'map') for (const [k, e] of cs.entries) this.conditions.set(k, e.value);
    this.mappings = child(root, 'Mappings');
    const rs = child(root, 'Resources');
    this.resourceIds = new Set(rs?.kind === 'map' ? rs.entries.keys() : []);
  }

  private unknown(reason: string, line: number, refs: Iterable<string> = []): Unknown {
    return new Unknown(reason, { file: this.file, line }, [...new Set(refs)]);
  }

  /** The value of a named condition: true, false, or undefined when it depends on something unknown. */
  condition(name: string): boolean | undefined {
    if (this.condCache.has(name)) return this.condCache.get(name);
    const node = this.conditions.get(name);
    if (!node || this.condActive.has(name)) return undefined;
    this.condActive.add(name);
    const v = this.cond(node);
    this.condActive.delete(name);
    this.condCache.set(name, v);
    return v;
  }

  private cond(n: CNode): boolean | undefined {
    if (n.kind === 'scalar') return typeof n.value === 'boolean' ? n.value : undefined;
    if (n.kind !== 'map' || n.entries.size !== 1) return undefined;
    const [fn, e] = [...n.entries][0]!;
    const args = e.value.kind === 'seq' ? e.value.items : [e.value];
    switch (fn) {
      case 'Condition':
        return e.value.kind === 'scalar' ? this.condition(String(e.value.value)) : undefined;
      case 'Fn::Equals': {
        if (args.length !== 2) return undefined;
        const a = this.eval(args[0]!)?.value;
        const b = this.eval(args[1]!)?.value;
        if (a === undefined || b === undefined || !isWhollyKnown(a) || !isWhollyKnown(b)) return undefined;
        // CloudFormation compares the string forms: `!Equals [true, "true"]` holds.
        return canonical(a) === canonical(b);
      }
      case 'Fn::Not': {
        const v = args.length === 1 ? this.cond(args[0]!) : undefined;
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const vs = args.map((a) => this.cond(a));
        const decisive = fn === 'Fn::And' ? false : true;
        if (vs.includes(decisive)) return decisive;
        return vs.includes(undefined) ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }

  /** Value of a parameter: its Default, else Unknown (recorded once in `unresolved`). */
  param(name: string, line: number): Value {
    const cached = this.paramCache.get(name);
    if (cached !== undefined) return cached;
    const p = this.params.get(name)!;
    const type = p.node ? child(p.node, 'Type') : undefined;
    const typeName = type?.kind === 'scalar' ? String(type.value) : 'String';
    const def = p.node ? child(p.node, 'Default') : undefined;
    let v: Value;
    let reason: string | undefined;
    if (typeName.startsWith('AWS::SSM::Parameter::Value')) reason = `parameter ${name} is read from SSM Parameter Store at deploy time`;
    else if (def === undefined || (def.kind === 'scalar' && def.value === null)) reason = `parameter ${name} has no default`;
    if (reason !== undefined) {
      v = this.unknown(reason, line);
      this.unresolved.push({ file: this.file, line: p.keyLine, what: `Parameters.${name}`, reason });
    } else {
      v = this.eval(def!)?.value ?? null;
      if ((typeName === 'CommaDelimitedList' || typeName.startsWith('List<')) && typeof v === 'string') {
        v = v.split(',').map((s) => s.trim());
      }
    }
    this.paramCache.set(name, v);
    return v;
  }

  /** `Ref name` semantics, shared by Ref and Fn::Sub's `${name}`. */
  private ref(name: string, line: number): PV | undefined {
    if (name === 'AWS::NoValue') return undefined;
    const known = PSEUDO_KNOWN.get(name);
    if (known !== undefined) return { value: known, line };
    if (PSEUDO.has(name)) return { value: this.unknown(`${name} is known at deploy time`, line), line };
    if (this.params.has(name)) return { value: this.param(name, line), line };
    if (this.resourceIds.has(name)) return { value: this.unknown(`Ref ${name} is known at deploy time`, line, [name]), line };
    return { value: this.unknown(`Ref to undeclared ${name}`, line), line };
  }

  private getAtt(resource: string, attr: string, line: number): PV {
    const refs = this.resourceIds.has(resource) ? [resource] : [];
    return { value: this.unknown(`${resource}.${attr} is known at deploy time`, line, refs), line };
  }

  eval(n: CNode): PV | undefined {
    if (n.kind === 'scalar') return { value: n.value, line: n.line };
    if (n.kind === 'seq') {
      const its = n.items.map((i) => this.eval(i)).filter((p): p is PV => p !== undefined);
      return { value: its.map((p) => p.value), line: n.line, items: its };
    }
    if (n.entries.size === 1) {
      const [fn, e] = [...n.entries][0]!;
      if (fn === 'Ref' || fn.startsWith('Fn::')) return this.intrinsic(fn, e.value, e.keyLine);
    }
    const fields = new Map<string, PV>();
    const value: { [k: string]: Value } = {};
    for (const [k, e] of n.entries) {
      const v = this.eval(e.value);
      if (!v) continue;
      fields.set(k, { ...v, line: e.keyLine });
      value[k] = v.value;
    }
    return { value, line: n.line, fields };
  }

  private intrinsic(fn: string, arg: CNode, line: number): PV | undefined {
    const args = arg.kind === 'seq' ? arg.items : [arg];
    const unknownOf = (reason: string, parts: (PV | undefined)[]): PV => {
      const refs = new Set<string>();
      for (const p of parts) if (p) refsIn(p.value, refs);
      return { value: this.unknown(reason, line, refs), line };
    };
    switch (fn) {
      case 'Ref':
        return arg.kind === 'scalar' ? this.ref(String(arg.value), line) : unknownOf('Ref to a computed name', []);
      case 'Fn::GetAtt': {
        if (arg.kind === 'scalar') {
          const s = String(arg.value);
          const dot = s.indexOf('.');
          return this.getAtt(dot < 0 ? s : s.slice(0, dot), dot < 0 ? '' : s.slice(dot + 1), line);
        }
        const res = args[0]?.kind === 'scalar' ? String(args[0].value) : '';
        const attr = args[1] ? this.eval(args[1])?.value : undefined;
        return this.getAtt(res, typeof attr === 'string' ? attr : '?', line);
      }
      case 'Fn::Sub':
        return this.sub(args, line);
      case 'Fn::Join': {
        const sep = args[0] ? this.eval(args[0]) : undefined;
        const list = args[1] ? this.eval(args[1]) : undefined;
        if (!list || !Array.isArray(list.value) || typeof sep?.value !== 'string' || !isWhollyKnown(list.value)) {
          return unknownOf('Fn::Join over values known at deploy time', [sep, list]);
        }
        return { value: list.value.map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x))).join(sep.value), line };
      }
      case 'Fn::Select': {
        const idx = args[0] ? this.eval(args[0]) : undefined;
        const list = args[1] ? this.eval(args[1]) : undefined;
        const i = Number(idx?.value);
        if (!list || !Array.isArray(list.value) || isUnknown(idx?.value) || !Number.isInteger(i)) {
          return unknownOf('Fn::Select over values known at deploy time', [idx, list]);
        }
        const picked = items(list)[i];
        return picked ? { ...picked, line } : { value: this.unknown(`Fn::Select index ${i} is out of range`, line), line };
      }
      case 'Fn::Split': {
        const sep = args[0] ? this.eval(args[0]) : undefined;
        const s = args[1] ? this.eval(args[1]) : undefined;
        if (typeof sep?.value !== 'string' || typeof s?.value !== 'string' || sep.value === '') {
          return unknownOf('Fn::Split over values known at deploy time', [sep, s]);
        }
        return { value: s.value.split(sep.value), line };
      }
      case 'Fn::Base64': {
        const s = this.eval(arg);
        if (typeof s?.value !== 'string') return unknownOf('Fn::Base64 over a value known at deploy time', [s]);
        return { value: Buffer.from(s.value, 'utf8').toString('base64'), line };
      }
      case 'Fn::FindInMap':
        return this.findInMap(args, line, unknownOf);
      case 'Fn::If': {
        if (arg.kind !== 'seq' || args.length !== 3) return unknownOf('malformed Fn::If', []);
        const name = args[0]?.kind === 'scalar' ? String(args[0].value) : '';
        const c = this.condition(name);
        if (c === true) return args[1] ? this.eval(args[1]) : undefined;
        if (c === false) return args[2] ? this.eval(args[2]) : undefined;
        const a = args[1] ? this.eval(args[1]) : undefined;
        const b = args[2] ? this.eval(args[2]) : undefined;
        // Both branches alike: the condition does not matter.
        if (a && b && isWhollyKnown(a.value) && canonicalDeep(a.value) === canonicalDeep(b.value)) return a;
        if (!a && !b) return undefined;
        return unknownOf(`condition ${name} is not known before deploy`, [a, b]);
      }
      case 'Fn::ToJsonString': {
        const v = this.eval(arg);
        if (!v || !isWhollyKnown(v.value)) return unknownOf('Fn::ToJsonString over values known at deploy time', [v]);
        return { value: JSON.stringify(v.value), line };
      }
      case 'Fn::Length': {
        const v = this.eval(arg);
        return v && Array.isArray(v.value) ? { value: v.value.length, line } : unknownOf('Fn::Length over a list known at deploy time', [v]);
      }
      case 'Fn::GetAZs':
        return unknownOf('Fn::GetAZs is known at deploy time', []);
      case 'Fn::ImportValue':
        return unknownOf("Fn::ImportValue reads another stack's export", args.map((a) => this.eval(a)));
      case 'Fn::Cidr':
        return unknownOf('Fn::Cidr is not evaluated', args.map((a) => this.eval(a)));
      case 'Fn::Transform':
        return unknownOf('Fn::Transform runs a macro at deploy time', []);
      default:
        return unknownOf(`${fn} is not evaluated`, []);
    }
  }

  private sub(args: CNode[], line: number): PV {
    const tpl = args[0] ? this.eval(args[0]) : undefined;
    const vars = new Map<string, PV>();
    const varNode = args[1];
    if (varNode?.kind === 'map') for (const [k, e] of varNode.entries) {
      const v = this.eval(e.value);
      if (v) vars.set(k, v);
    }
    if (typeof tpl?.value !== 'string') return { value: this.unknown('Fn::Sub over a template known at deploy time', line), line };
    const refs = new Set<string>();
    let unknown = false;
    const out = replaceSubVars(tpl.value, (inner) => {
      // `${!Literal}` writes `${Literal}`.
      if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
      const name = inner.trim();
      let v: PV | undefined = vars.get(name);
      if (!v) {
        const dot = name.indexOf('.');
        v = dot > 0 && !this.params.has(name) ? this.getAtt(name.slice(0, dot), name.slice(dot + 1), line) : this.ref(name, line);
      }
      const x = v?.value;
      if (x === undefined || x === null) return '';
      if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return String(x);
      unknown = true;
      refsIn(x, refs);
      return '';
    });
    if (unknown) return { value: this.unknown('Fn::Sub uses values known at deploy time', line, refs), line };
    return { value: out, line };
  }

  private findInMap(args: CNode[], line: number, unknownOf: (reason: string, parts: (PV | undefined)[]) => PV): PV | undefined {
    const keys = args.slice(0, 3).map((a) => this.eval(a));
    const dflt = args[3]?.kind === 'map' ? child(args[3], 'DefaultValue') : undefined;
    const [m, top, second] = keys.map((k) => k?.value);
    const lookup = (mapName: string, topKey: string, secondKey: string): PV | undefined => {
      const node = child(child(child(this.mappings, mapName), topKey), secondKey);
      return node ? this.eval(node) : undefined;
    };
    const fallback = (): PV | undefined => (dflt ? this.eval(dflt) : undefined);
    if (typeof m === 'string' && isKey(top) && isKey(second)) {
      // Values from Mappings are placed at the lookup: a finding belongs to the resource, not to the Mappings section.
      const v = lookup(m, String(top), String(second)) ?? fallback();
      return v ? { value: v.value, line } : { value: this.unknown(`no ${m}.${String(top)}.${String(second)} in Mappings`, line), line };
    }
    // Top key unknown (often AWS::Region): still known when every entry agrees.
    if (typeof m === 'string' && isKey(second)) {
      const mapNode = child(this.mappings, m);
      if (mapNode?.kind === 'map' && mapNode.entries.size > 0) {
        const vals = [...mapNode.entries.keys()].map((k) => lookup(m, k, String(second)));
        const first = vals[0];
        if (first && vals.every((v) => v && isWhollyKnown(v.value) && canonicalDeep(v.value) === canonicalDeep(first.value))) return { value: first.value, line };
      }
    }
    return unknownOf('Fn::FindInMap with a key known at deploy time', keys);
  }
}

const isKey = (v: Value | undefined): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function canonical(v: Value): string {
  return typeof v === 'object' && v !== null ? canonicalDeep(v) : String(v);
}

function canonicalDeep(v: Value): string {
  return JSON.stringify(v, (_k, x: unknown) => (isObject(x as Value) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}
