import { parse } from '@marcbachmann/cel-js';
import type { Resource } from '../model/resource.js';
import { isObject, isUnknown, type Value } from '../model/value.js';
import type { Tri } from './condition.js';

/**
 * CEL policies: the expression sees `resource` ({type, name, address, attrs}) and `attrs`
 * (the same attributes) and must be true for a compliant resource.
 *
 * CEL has no "unknown", so unknown values are substituted: first with null; if the result is
 * false and the resource holds unknowns, again with a handful of other values. If any
 * substitution makes the expression true, the outcome depends on what is unknown and is not a
 * finding (DESIGN.md: unknown is never bad by itself).
 */
export type CelProgram = (ctx: Record<string, unknown>) => unknown;

/**
 * The CEL engine runs `matches()` with JavaScript's backtracking RegExp, which a hostile pattern
 * can stall for hours; patterns belong in the YAML `matches` operator, which uses RE2.
 */
const BACKTRACKING_CALL = /\bmatches\s*\(/;

export function compileCel(expr: string): CelProgram {
  if (BACKTRACKING_CALL.test(expr)) throw new Error('matches() is not allowed in CEL policies (not linear-time); use an attribute condition with "matches" (RE2) instead');
  return parse(expr) as unknown as CelProgram;
}

const SUBSTITUTES: unknown[] = [true, false, 0, 1_000_000, -1, '', 'unknown', [], {}];

export function evaluateCel(program: CelProgram, r: Resource): { value: Tri; error?: string } {
  const first = run(program, r, null);
  if (first.value !== false || !hasUnknown(r.attrs)) return first;
  for (const s of SUBSTITUTES) if (run(program, r, s).value === true) return { value: 'unknown' };
  return first;
}

function run(program: CelProgram, r: Resource, unknownAs: unknown): { value: Tri; error?: string } {
  const attrs = plain(r.attrs, unknownAs) as Record<string, unknown>;
  try {
    const out = program({ resource: { type: r.type, name: r.name, address: r.address, attrs }, attrs });
    return { value: out === true };
  } catch (e) {
    // A missing key or a type error means the resource does not have what the policy asks for.
    return { value: false, error: (e as Error).message.split('\n')[0] };
  }
}

function plain(v: Value | undefined, unknownAs: unknown): unknown {
  if (isUnknown(v)) return unknownAs;
  if (Array.isArray(v)) return v.map((x) => plain(x, unknownAs));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, unknownAs)]));
  return v;
}

function hasUnknown(v: Value | undefined): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (isObject(v)) return Object.values(v).some(hasUnknown);
  return false;
}
