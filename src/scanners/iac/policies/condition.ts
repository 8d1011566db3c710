import RE2 from 're2';
import type { ResourceGraph } from '../model/graph.js';
import type { Resource } from '../model/resource.js';
import { isObject, isUnknown, type Value } from '../model/value.js';
import type { Condition, Operator } from './schema.js';
import { OPERATORS } from './schema.js';

/** Kleene three-valued logic: a condition over an unknown value is neither true nor false. */
export type Tri = true | false | 'unknown';

/** A result and the attribute path that decided it (where a finding points). */
export interface Outcome {
  value: Tri;
  path: string | null;
}

export interface EvalEnv {
  graph: ResourceGraph;
  /** Compiled `matches` patterns, shared across resources. */
  regexes: Map<string, RE2>;
}

export function evaluate(c: Condition, r: Resource, env: EvalEnv): Outcome {
  if ('all' in c) {
    let unknown: Outcome | undefined;
    for (const x of c.all) {
      const o = evaluate(x, r, env);
      if (o.value === false) return o;
      if (o.value === 'unknown') unknown ??= o;
    }
    return unknown ?? { value: true, path: null };
  }
  if ('any' in c) {
    let unknown: Outcome | undefined;
    let first: Outcome | undefined;
    for (const x of c.any) {
      const o = evaluate(x, r, env);
      if (o.value === true) return o;
      if (o.value === 'unknown') unknown ??= o;
      first ??= o;
    }
    return unknown ?? first ?? { value: false, path: null };
  }
  if ('not' in c) {
    const o = evaluate(c.not, r, env);
    return { value: o.value === 'unknown' ? 'unknown' : !o.value, path: o.path };
  }
  if ('connected' in c) {
    const { type, direction, where } = c.connected;
    const peers = [
      ...(direction !== 'in' ? env.graph.targets(r, undefined, [type]) : []),
      ...(direction !== 'out' ? env.graph.referrers(r, [type]) : []),
    ];
    let unknown = false;
    for (const p of peers) {
      const o = where ? evaluate(where, p, env) : { value: true as Tri };
      if (o.value === true) return { value: true, path: null };
      if (o.value === 'unknown') unknown = true;
    }
    return { value: unknown ? 'unknown' : false, path: null };
  }
  return attributeTest(c, r, env);
}

function attributeTest(c: { attribute: string } & Partial<Record<Operator, unknown>>, r: Resource, env: EvalEnv): Outcome {
  const op = OPERATORS.find((o) => c[o] !== undefined)!;
  const expected = c[op];
  const hits = select(r.attrs, c.attribute.split('.'), '');
  // No match at all: the attribute is absent.
  if (hits.length === 0) return { value: op === 'exists' ? expected === false : absentResult(op), path: c.attribute };
  let unknown: Outcome | undefined;
  let lastFalse: Outcome | undefined;
  for (const h of hits) {
    const v = test(op, expected, h.value, env);
    if (v === true) return { value: true, path: h.path };
    if (v === 'unknown') unknown ??= { value: 'unknown', path: h.path };
    else lastFalse = { value: false, path: h.path };
  }
  return unknown ?? lastFalse!;
}

/** Absent attribute: negative operators hold, positive ones do not. */
function absentResult(op: Operator): boolean {
  return op === 'notEquals' || op === 'notIn' || op === 'notContains';
}

/** Values at a path; `*` walks every element of a list or object. Absent leaves are dropped. */
function select(v: Value | undefined, segs: string[], at: string): { value: Value; path: string }[] {
  if (v === undefined) return [];
  if (segs.length === 0) return v === null ? [] : [{ value: v, path: at }];
  if (isUnknown(v)) return [{ value: v, path: at }];
  const [seg, ...rest] = segs as [string, ...string[]];
  const join = (k: string | number) => (at ? `${at}.${k}` : String(k));
  if (seg === '*') {
    if (Array.isArray(v)) return v.flatMap((x, i) => select(x, rest, join(i)));
    if (isObject(v)) return Object.entries(v).flatMap(([k, x]) => select(x, rest, join(k)));
    return [];
  }
  if (Array.isArray(v)) {
    // A non-numeric segment on a list of blocks reads the first block (a block written once).
    if (/^\d+$/.test(seg)) return select(v[Number(seg)], rest, join(seg));
    return select(v[0], segs, join(0));
  }
  if (isObject(v)) return Object.hasOwn(v, seg) ? select(v[seg], rest, join(seg)) : [];
  return [];
}

function test(op: Operator, expected: unknown, v: Value, env: EvalEnv): Tri {
  if (isUnknown(v)) return 'unknown';
  switch (op) {
    case 'exists':
      return expected === true;
    case 'equals':
      return same(v, expected);
    case 'notEquals':
      return !same(v, expected);
    case 'in':
      return (expected as unknown[]).some((e) => same(v, e));
    case 'notIn':
      return !(expected as unknown[]).some((e) => same(v, e));
    case 'contains':
    case 'notContains': {
      let has: Tri;
      if (typeof v === 'string') has = typeof expected === 'string' && v.includes(expected);
      else if (Array.isArray(v)) has = v.some((x) => same(x, expected)) ? true : v.some(isUnknown) ? 'unknown' : false;
      else if (isObject(v)) has = typeof expected === 'string' && Object.hasOwn(v, expected);
      else has = false;
      return op === 'contains' ? has : has === 'unknown' ? 'unknown' : !has;
    }
    case 'matches': {
      if (typeof v !== 'string') return false;
      let re = env.regexes.get(expected as string);
      if (!re) {
        re = new RE2(expected as string);
        env.regexes.set(expected as string, re);
      }
      return re.test(v);
    }
    default: {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) return false;
      const e = expected as number;
      return op === 'greaterThan' ? n > e : op === 'lessThan' ? n < e : op === 'atLeast' ? n >= e : n <= e;
    }
  }
}

/** Scalars compare loosely across formats: `true` equals "true", 80 equals "80" (CloudFormation quotes). */
function same(v: Value, e: unknown): boolean {
  if (v === e) return true;
  if (typeof v === 'object' || typeof e === 'object') return false;
  return String(v) === String(e);
}
