import { isObject, isUnknown, Unknown, type ObjectValue, type Value } from '../../model/value.js';

/**
 * A positioned value: what a template node evaluates to, with the line it was written on. Maps
 * and lists built from template syntax keep their children (`fields` by key, with the key's
 * line; `items`); values that came whole from elsewhere (a parameter default) have none, and
 * their children share the parent's line.
 */
export interface PV {
  value: Value;
  line: number;
  fields?: Map<string, PV>;
  items?: PV[];
}

/** Child `key` of an object PV; the children of an Unknown are that Unknown. */
export function field(pv: PV | undefined, key: string): PV | undefined {
  if (!pv) return undefined;
  if (pv.fields) return pv.fields.get(key);
  if (isUnknown(pv.value)) return pv;
  if (isObject(pv.value) && key in pv.value) return { value: pv.value[key]!, line: pv.line };
  return undefined;
}

/** Follows a dotted path of keys (`VersioningConfiguration.Status`). */
export function at(pv: PV | undefined, path: string): PV | undefined {
  let cur = pv;
  for (const k of path.split('.')) cur = field(cur, k);
  return cur;
}

/** Items of a list PV (empty for anything else, an Unknown included: callers check first). */
export function items(pv: PV | undefined): PV[] {
  if (!pv) return [];
  if (pv.items) return pv.items;
  return Array.isArray(pv.value) ? pv.value.map((value) => ({ value, line: pv.line })) : [];
}

/** Resource addresses an evaluated value depends on (the refs its Unknowns carry). */
export function refsIn(v: Value | undefined, out = new Set<string>()): Set<string> {
  if (v instanceof Unknown) for (const r of v.refs) out.add(r);
  else if (Array.isArray(v)) for (const x of v) refsIn(x, out);
  else if (isObject(v)) for (const x of Object.values(v)) refsIn(x, out);
  return out;
}

// Conversions into the Terraform schema's types. CloudFormation accepts "true" and "5" where a
// boolean or number is meant; Terraform holds real booleans and numbers. Other values pass as is.
export function toBool(v: Value): Value {
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  return v;
}
export function toNum(v: Value): Value {
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}
export function toStr(v: Value): Value {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}
/** A list property; a lone value is taken as a list of one. */
export function toList(v: Value): Value {
  return Array.isArray(v) ? v : [v];
}
/** One CloudFormation value that Terraform holds in a list (`CidrIp` → `cidr_blocks`); an Unknown becomes a list of one Unknown. */
export const wrap = (v: Value): Value => [v];
export function toStrList(v: Value): Value {
  return Array.isArray(v) ? v.map(toStr) : [toStr(v)];
}

/**
 * Builds one Terraform-shaped object and records the line of every path it sets. Nested blocks
 * are lists of objects (`versioning.0.enabled`), as in `terraform show -json`.
 */
export class Block {
  constructor(
    readonly obj: ObjectValue,
    readonly path: string,
    readonly lines: Map<string, number>,
    /** References a value no longer shows (a known JSON string built from a template with Refs), by top-level attribute. */
    readonly hiddenRefs: Map<string, Set<string>> = new Map(),
  ) {}

  /** Records that top-level attribute `key` depends on these logical ids although its value does not say so. */
  addRefs(key: string, ids: Iterable<string>): void {
    const top = (this.path ? `${this.path}.${key}` : key).split('.')[0]!;
    const set = this.hiddenRefs.get(top) ?? new Set<string>();
    for (const id of ids) set.add(id);
    if (set.size > 0) this.hiddenRefs.set(top, set);
  }

  private p(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  /** Sets `key` from a template value; `conv` applies to known values, an Unknown passes through. */
  set(key: string, pv: PV | undefined, conv: (v: Value) => Value = (v) => v): void {
    if (!pv) return;
    const v = isUnknown(pv.value) && conv !== wrap ? pv.value : conv(pv.value);
    this.obj[key] = v;
    this.lines.set(this.p(key), pv.line);
    // Lists keep the line of each element, so a finding on `cidr_blocks.1` lands on its line.
    if (Array.isArray(v) && pv.items && pv.items.length === v.length) {
      pv.items.forEach((it, i) => this.lines.set(`${this.p(key)}.${i}`, it.line));
    }
  }

  /** Sets a computed value (a default CloudFormation applies, a value derived from several properties). */
  value(key: string, v: Value, line?: number): void {
    this.obj[key] = v;
    if (line !== undefined) this.lines.set(this.p(key), line);
  }

  /** Appends one nested block `key` and returns it. */
  block(key: string, line?: number): Block {
    let list = this.obj[key];
    if (!Array.isArray(list)) {
      list = [];
      this.obj[key] = list;
    }
    const o: ObjectValue = {};
    list.push(o);
    const b = new Block(o, `${this.p(key)}.${list.length - 1}`, this.lines, this.hiddenRefs);
    if (line !== undefined) {
      if (!this.lines.has(this.p(key))) this.lines.set(this.p(key), line);
      this.lines.set(b.path, line);
    }
    return b;
  }

  /** One nested block from a template object; an unknown object makes the whole attribute Unknown. */
  nested(key: string, pv: PV | undefined, fill: (b: Block, pv: PV) => void): void {
    if (!pv) return;
    if (isUnknown(pv.value)) return this.set(key, pv);
    if (isObject(pv.value)) {
      this.lines.set(this.p(key), pv.line);
      fill(this.block(key, pv.line), pv);
    }
  }

  /** One nested block per object of a template list; unknown elements stay Unknown in the list. */
  each(key: string, pv: PV | undefined, fill: (b: Block, item: PV) => void): void {
    if (!pv) return;
    if (isUnknown(pv.value)) return this.set(key, pv);
    // A lone object where a list belongs: CloudFormation rejects it, but it still says what was meant.
    if (isObject(pv.value)) return this.nested(key, pv, fill);
    if (Array.isArray(pv.value) && pv.value.length > 0) this.lines.set(this.p(key), pv.line);
    for (const it of items(pv)) {
      if (isObject(it.value)) fill(this.block(key, it.line), it);
      else if (isUnknown(it.value)) {
        const list = Array.isArray(this.obj[key]) ? (this.obj[key] as Value[]) : [];
        list.push(it.value);
        this.obj[key] = list;
        if (!this.lines.has(this.p(key))) this.lines.set(this.p(key), it.line);
      }
    }
  }
}
