import { isObject, Unknown, type UnknownOrigin, type Value } from '../../model/value.js';

/** Small value helpers shared by the Terraform evaluator (conversions as Terraform's type system does them). */

/** An Unknown that keeps the refs of every Unknown it was computed from. */
export function unknownFrom(reason: string, at: UnknownOrigin | undefined, ...from: (Value | undefined)[]): Unknown {
  const refs = new Set<string>();
  for (const v of from) collectUnknownRefs(v, refs, 0);
  const first = from.find((v): v is Unknown => v instanceof Unknown);
  // Keep the original reason: "var.x has no value" says more than "operand is unknown".
  return new Unknown(first ? first.reason : reason, first?.at ?? at, [...refs]);
}

/** Adds the refs of every Unknown inside v (bounded walk). */
export function collectUnknownRefs(v: Value | undefined, into: Set<string>, depth = 0, budget = { n: 10_000 }): void {
  if (--budget.n < 0) return;
  if (v instanceof Unknown) for (const r of v.refs) into.add(r);
  else if (depth < 8 && Array.isArray(v)) for (const x of v) collectUnknownRefs(x, into, depth + 1, budget);
  else if (depth < 8 && isObject(v)) for (const x of Object.values(v)) collectUnknownRefs(x, into, depth + 1, budget);
}

/**
 * The first Unknown anywhere inside v, else undefined. Values can share parts (a local listed
 * twice), so the walk has a node budget; a value too large to inspect counts as unknown.
 */
export function findUnknown(v: Value | undefined): Unknown | undefined {
  let budget = FIND_BUDGET;
  const stack: (Value | undefined)[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (x instanceof Unknown) return x;
    if (--budget < 0) return new Unknown('value too large to inspect');
    if (Array.isArray(x)) for (let i = x.length - 1; i >= 0; i--) stack.push(x[i]);
    else if (isObject(x)) for (const y of Object.values(x)) stack.push(y);
  }
  return undefined;
}

const FIND_BUDGET = 200_000;

/** Template/string conversion: numbers and bools convert, null/collections do not (undefined). */
export function toStr(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numStr(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return undefined;
}

function numStr(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** Bool conversion: Terraform accepts the strings "true" and "false". */
export function toBool(v: Value): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Number conversion: numeric strings convert. */
export function toNum(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

