/**
 * Type conversion functions (tostring, tonumber, tobool, tolist, toset, tomap), try/can, and the
 * sensitivity markers, which change nothing in a static scan.
 */
import { Unknown, isObject, isWhollyKnown, type ObjectValue, type Value } from '../../../model/value.js';
import { FunctionError, arity, bool, list, map, num, str, toSet, type Impl } from './common.js';

/** A lazily evaluated argument: throws when the expression fails to evaluate. */
export type Thunk = () => Value;

/**
 * try: the first argument that evaluates without error. An argument that is not wholly known
 * makes the result Unknown: whether it would fail is only decided at apply time.
 */
export function lazyTry(thunks: readonly Thunk[]): Value {
  if (thunks.length === 0) throw new FunctionError('try() needs at least one argument');
  for (const t of thunks) {
    let v: Value;
    try {
      v = t();
    } catch {
      continue;
    }
    if (!isWhollyKnown(v)) return v instanceof Unknown ? v : new Unknown('try() argument is not known yet');
    return v;
  }
  throw new FunctionError('try(): no argument evaluated without errors');
}

/** can: whether the argument evaluates without error (Unknown while that is undecided). */
export function lazyCan(thunks: readonly Thunk[]): Value {
  if (thunks.length !== 1) throw new FunctionError(`can() takes 1 argument, got ${thunks.length}`);
  let v: Value;
  try {
    v = thunks[0]!();
  } catch {
    return false;
  }
  if (!isWhollyKnown(v)) return v instanceof Unknown ? v : new Unknown('can() argument is not known yet');
  return true;
}

/** tomap: a map's values share one type; mixed primitives become strings, as Terraform unifies them. */
function tomap(a: Value[]): Value {
  arity('tomap', a, 1);
  if (a[0] === null) return null;
  const m = map('tomap', a[0]);
  const kinds = new Set(Object.values(m).filter((v) => v !== null).map((v) => (Array.isArray(v) ? 'list' : typeof v)));
  if (kinds.size <= 1) return m;
  if ([...kinds].some((k) => k !== 'string' && k !== 'number' && k !== 'boolean')) throw new FunctionError('tomap(): the values have no common type');
  const out: ObjectValue = {};
  for (const [k, v] of Object.entries(m)) out[k] = v === null ? null : str('tomap', v);
  return out;
}

const nullOr = (fn: string, f: (v: Value) => Value): Impl => (a) => {
  arity(fn, a, 1);
  return a[0] === null ? null : f(a[0]!);
};

export const TYPE_FUNCTIONS: Record<string, Impl> = {
  tostring: nullOr('tostring', (v) => {
    if (Array.isArray(v) || isObject(v)) throw new FunctionError('tostring(): cannot convert a collection to a string');
    return str('tostring', v);
  }),
  tonumber: nullOr('tonumber', (v) => {
    if (typeof v === 'boolean') throw new FunctionError('tonumber(): cannot convert a bool to a number');
    return num('tonumber', v);
  }),
  tobool: nullOr('tobool', (v) => bool('tobool', v)),
  tolist: nullOr('tolist', (v) => list('tolist', v)),
  toset: nullOr('toset', (v) => toSet(list('toset', v))),
  tomap,
  // With already evaluated arguments, nothing failed: the first one is the result.
  try: (a) => lazyTry(a.map((v) => () => v)),
  can: (a) => lazyCan(a.map((v) => () => v)),
  sensitive: (a) => (arity('sensitive', a, 1), a[0]!),
  nonsensitive: (a) => (arity('nonsensitive', a, 1), a[0]!),
  issensitive: (a) => (arity('issensitive', a, 1), false),
  // Ephemeral values (Terraform 1.10) are never stored; a static scan sees the expression as is.
  ephemeralasnull: (a) => (arity('ephemeralasnull', a, 1), a[0]!),
};

/** try and can take their arguments unevaluated and see Unknowns themselves. */
export const LAZY: ReadonlySet<string> = new Set(['try', 'can']);
