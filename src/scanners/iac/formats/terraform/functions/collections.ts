/**
 * Collection functions. Sets are arrays in the model; set results come back deduplicated and in
 * Terraform's iteration order (see toSet). The functions in UNKNOWN_AWARE get Unknown arguments
 * and keep what is still known; the dispatcher turns every other Unknown argument into an
 * Unknown result before calling.
 */
import { Unknown, isObject, type ObjectValue, type Value } from '../../../model/value.js';
import {
  FunctionError,
  arity,
  bool,
  graphemes,
  compareStrings,
  equal,
  int,
  list,
  map,
  mergeUnknowns,
  num,
  str,
  toSet,
  uniqueValues,
  valueKey,
  unknownOf,
  type Impl,
} from './common.js';

/** Terraform refuses ranges this long: they are always a mistake in configuration. */
const MAX_RANGE = 1024;

function length(a: Value[]): Value {
  arity('length', a, 1);
  const v = a[0]!;
  if (v instanceof Unknown) return v;
  // Unknown elements do not make the length unknown.
  if (Array.isArray(v)) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  if (typeof v === 'string') return graphemes(v).length;
  throw new FunctionError(`length(): cannot take the length of ${v === null ? 'null' : typeof v}`);
}

function element(a: Value[]): Value {
  arity('element', a, 2);
  const l = a[0]!;
  const iu = unknownOf([a[1]!], 'element');
  if (l instanceof Unknown || iu) return mergeUnknowns([...(l instanceof Unknown ? [l] : []), ...(iu ? [iu] : [])], 'element');
  const items = list('element', l);
  const i = int('element', a[1], 'index');
  if (items.length === 0) throw new FunctionError('element(): cannot use element on an empty list');
  if (i < 0) throw new FunctionError('element(): index must not be negative');
  // Wraps around, unlike list[i].
  return items[i % items.length]!;
}

function index(a: Value[]): Value {
  arity('index', a, 2);
  const i = list('index', a[0]).findIndex((v) => equal(v, a[1]));
  if (i < 0) throw new FunctionError('index(): the value is not in the list');
  return i;
}

function concat(a: Value[]): Value {
  arity('concat', a, 1, Infinity);
  const whole = a.filter((v): v is Unknown => v instanceof Unknown);
  if (whole.length > 0) return mergeUnknowns(whole, 'concat');
  // Unknown elements stay in place: the list shape is known.
  return a.flatMap((l) => list('concat', l));
}

function flatten(v: Value[]): Value[] {
  return v.flatMap((e) => (Array.isArray(e) ? flatten(e) : [e]));
}

function lookup(a: Value[]): Value {
  arity('lookup', a, 2, 3);
  const m = a[0]!;
  const k = a[1]!;
  if (m instanceof Unknown || k instanceof Unknown) return mergeUnknowns([m, k].filter((x): x is Unknown => x instanceof Unknown), 'lookup');
  const key = str('lookup', k, 'key');
  const obj = map('lookup', m);
  if (Object.prototype.hasOwnProperty.call(obj, key)) return obj[key]!;
  if (a.length === 3) return a[2]!;
  throw new FunctionError(`lookup(): the map has no key ${JSON.stringify(key)} and no default was given`);
}

function merge(a: Value[]): Value {
  const whole = a.filter((v): v is Unknown => v instanceof Unknown);
  // A wholly unknown map could add or override any key: nothing about the result is known.
  if (whole.length > 0) return mergeUnknowns(whole, 'merge');
  const out: ObjectValue = {};
  for (const m of a) {
    if (m === null) continue;
    Object.assign(out, map('merge', m));
  }
  return out;
}

function range(a: Value[]): Value {
  arity('range', a, 1, 3);
  const n = a.map((v, i) => num('range', v, `argument ${i + 1}`));
  const [start, limit, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? (n[1]! >= n[0]! ? 1 : -1)];
  if (step === 0) throw new FunctionError('range(): step must not be zero');
  if ((step > 0 && limit < start) || (step < 0 && limit > start)) {
    if (n.length === 3) throw new FunctionError('range(): the step goes away from the limit');
    return [];
  }
  const out: number[] = [];
  for (let x = start; step > 0 ? x < limit : x > limit; x += step) {
    if (out.length >= MAX_RANGE) throw new FunctionError(`range(): more than ${MAX_RANGE} elements`);
    out.push(x);
  }
  return out;
}

function setproduct(a: Value[]): Value {
  arity('setproduct', a, 1, Infinity);
  let acc: Value[][] = [[]];
  for (const s of a) {
    const items = list('setproduct', s);
    acc = acc.flatMap((prefix) => items.map((v) => [...prefix, v]));
  }
  return acc;
}

function slice(a: Value[]): Value {
  arity('slice', a, 3);
  const items = list('slice', a[0]);
  const s = int('slice', a[1], 'start index');
  const e = int('slice', a[2], 'end index');
  if (s < 0 || e > items.length || s > e) throw new FunctionError(`slice(): indexes ${s}..${e} are out of range for a list of ${items.length}`);
  return items.slice(s, e);
}

function zipmap(a: Value[]): Value {
  arity('zipmap', a, 2);
  const ks = list('zipmap', a[0], 'keys');
  const vs = list('zipmap', a[1], 'values');
  if (ks.length !== vs.length) throw new FunctionError('zipmap(): keys and values must have the same length');
  const o: ObjectValue = {};
  ks.forEach((k, i) => (o[str('zipmap', k, 'key')] = vs[i]!));
  return o;
}

function coalesce(a: Value[]): Value {
  arity('coalesce', a, 1, Infinity);
  // Terraform unifies the arguments' types first: mixed primitives all become strings.
  const kinds = new Set(a.filter((v) => v !== null && !(v instanceof Unknown)).map((v) => (Array.isArray(v) ? 'list' : typeof v)));
  const asString = kinds.size > 1 && [...kinds].every((k) => k === 'string' || k === 'number' || k === 'boolean');
  for (const v of a) {
    // An unknown before the first usable value could be that value.
    if (v instanceof Unknown) return v;
    if (v === null || v === '') continue;
    return asString ? str('coalesce', v) : v;
  }
  throw new FunctionError('coalesce(): no non-null, non-empty argument');
}

/** matchkeys: the values whose key (same position) is in the search set. */
function matchkeys(a: Value[]): Value {
  arity('matchkeys', a, 3);
  const vals = list('matchkeys', a[0], 'values');
  const keys = list('matchkeys', a[1], 'keys');
  const search = list('matchkeys', a[2], 'search set');
  if (vals.length !== keys.length) throw new FunctionError('matchkeys(): values and keys must have the same length');
  return vals.filter((_, i) => search.some((s) => equal(s, keys[i])));
}

function chunklist(a: Value[]): Value {
  arity('chunklist', a, 2);
  const items = list('chunklist', a[0]);
  const size = int('chunklist', a[1], 'size');
  if (size < 0) throw new FunctionError('chunklist(): size must not be negative');
  if (size === 0) return [items];
  const out: Value[] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function one(a: Value[]): Value {
  arity('one', a, 1);
  const items = list('one', a[0]);
  if (items.length > 1) throw new FunctionError(`one(): the list has ${items.length} elements, at most one is allowed`);
  return items[0] ?? null;
}

function sum(a: Value[]): Value {
  arity('sum', a, 1);
  const items = list('sum', a[0]);
  if (items.length === 0) throw new FunctionError('sum(): cannot sum an empty list');
  return items.reduce<number>((t, v) => t + num('sum', v, 'list element'), 0);
}

function transpose(a: Value[]): Value {
  arity('transpose', a, 1);
  const src = map('transpose', a[0]);
  const out: Record<string, string[]> = {};
  for (const k of Object.keys(src).sort(compareStrings)) {
    for (const v of list('transpose', src[k], 'map value')) (out[str('transpose', v, 'list element')] ??= []).push(k);
  }
  const sorted: ObjectValue = {};
  for (const k of Object.keys(out).sort(compareStrings)) sorted[k] = out[k]!;
  return sorted;
}

const sortedKeys = (m: ObjectValue): string[] => Object.keys(m).sort(compareStrings);

/** contains: a known equal element decides; otherwise an unknown element could be the one. */
function contains(a: Value[]): Value {
  arity('contains', a, 2);
  const l = a[0]!;
  const u = unknownOf([a[1]!], 'contains');
  if (l instanceof Unknown || u) return mergeUnknowns([...(l instanceof Unknown ? [l] : []), ...(u ? [u] : [])], 'contains');
  const items = list('contains', l);
  if (items.some((v) => equal(v, a[1]))) return true;
  return unknownOf(items, 'contains') ?? false;
}

export const UNKNOWN_AWARE: ReadonlySet<string> = new Set(['length', 'element', 'concat', 'lookup', 'merge', 'coalesce', 'contains']);

export const COLLECTION_FUNCTIONS: Record<string, Impl> = {
  length,
  element,
  index,
  concat,
  contains,
  distinct: (a) => {
    arity('distinct', a, 1);
    return uniqueValues(list('distinct', a[0]));
  },
  flatten: (a) => (arity('flatten', a, 1), flatten(list('flatten', a[0]))),
  keys: (a) => (arity('keys', a, 1), sortedKeys(map('keys', a[0]))),
  values: (a) => {
    arity('values', a, 1);
    const m = map('values', a[0]);
    return sortedKeys(m).map((k) => m[k]!);
  },
  lookup,
  merge,
  range,
  reverse: (a) => (arity('reverse', a, 1), [...list('reverse', a[0])].reverse()),
  setproduct,
  setunion: (a) => (arity('setunion', a, 1, Infinity), toSet(a.flatMap((s) => list('setunion', s)))),
  setintersection: (a) => {
    arity('setintersection', a, 1, Infinity);
    const [first, ...rest] = a.map((s) => list('setintersection', s));
    const keys = rest.map((r) => new Set(r.map(valueKey)));
    return toSet(first!.filter((v) => keys.every((k) => k.has(valueKey(v)))));
  },
  setsubtract: (a) => {
    arity('setsubtract', a, 2);
    const drop = new Set(list('setsubtract', a[1]).map(valueKey));
    return toSet(list('setsubtract', a[0]).filter((v) => !drop.has(valueKey(v))));
  },
  slice,
  sort: (a) => {
    arity('sort', a, 1);
    // Elements are converted to strings and ordered lexically: sort([10, 9]) is ["10", "9"].
    return list('sort', a[0]).map((v) => {
      if (v === null) throw new FunctionError('sort(): list elements must not be null');
      return str('sort', v, 'list element');
    }).sort(compareStrings);
  },
  zipmap,
  coalesce,
  coalescelist: (a) => {
    arity('coalescelist', a, 1, Infinity);
    for (const l of a) if (list('coalescelist', l).length > 0) return l;
    throw new FunctionError('coalescelist(): no non-empty list argument');
  },
  compact: (a) => (arity('compact', a, 1), list('compact', a[0]).filter((v) => v !== null && v !== '')),
  chunklist,
  matchkeys,
  one,
  sum,
  alltrue: (a) => (arity('alltrue', a, 1), list('alltrue', a[0]).every((v) => bool('alltrue', v, 'list element'))),
  anytrue: (a) => (arity('anytrue', a, 1), list('anytrue', a[0]).some((v) => bool('anytrue', v, 'list element'))),
  transpose,
};
