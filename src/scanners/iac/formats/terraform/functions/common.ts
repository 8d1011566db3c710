/**
 * Shared pieces of the Terraform built-in functions: the error type, the call context, and the
 * conversions Terraform applies to arguments (a number or bool passed where a string is wanted
 * becomes its string, a numeric string passed where a number is wanted becomes the number).
 */
import { Unknown, isObject, type ObjectValue, type Value } from '../../../model/value.js';

/** A call Terraform would reject (wrong type, out of range). The evaluator turns it into Unknown + a warning. */
export class FunctionError extends Error {
  override name = 'FunctionError';
}

/** What the filesystem functions need; without it they return Unknown. */
export interface FunctionContext {
  /** Absolute directory relative paths are resolved against (Terraform: the working directory, i.e. the root module). */
  baseDir?: string;
  /** Absolute scan root: files outside it are never read (the call returns Unknown). */
  root?: string;
  /**
   * Renders a template for templatefile() with the evaluator's full expression support. Without it
   * only plain `${name}` / `${name.attr}` interpolations are rendered; anything else is Unknown.
   */
  renderTemplate?: (text: string, vars: ObjectValue, file: string) => Value;
}

export type Impl = (args: Value[], ctx: FunctionContext) => Value;

/** Every Unknown inside v, depth first. */
export function collectUnknowns(v: Value | undefined, out: Unknown[]): void {
  if (v instanceof Unknown) out.push(v);
  else if (Array.isArray(v)) for (const e of v) collectUnknowns(e, out);
  else if (isObject(v)) for (const e of Object.values(v)) collectUnknowns(e, out);
}

/** One Unknown standing for all of `parts`: first reason and origin, union of refs. */
export function mergeUnknowns(parts: readonly Unknown[], fn: string): Unknown {
  const refs = new Set<string>();
  for (const u of parts) for (const r of u.refs) refs.add(r);
  const first = parts[0];
  return new Unknown(first ? first.reason : `${fn}() result is not known`, first?.at, [...refs]);
}

/** The merged Unknown of everything unknown in args, or undefined when all is known. */
export function unknownOf(args: readonly Value[], fn: string): Unknown | undefined {
  const found: Unknown[] = [];
  for (const a of args) collectUnknowns(a, found);
  return found.length > 0 ? mergeUnknowns(found, fn) : undefined;
}

export const typeName = (v: Value | undefined): string =>
  v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'list' : isObject(v) ? 'object' : v instanceof Unknown ? 'unknown' : typeof v;

export function arity(fn: string, args: readonly Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new FunctionError(`${fn}() takes ${want} argument(s), got ${args.length}`);
  }
}

/** Terraform's number → string conversion: integers without a fraction, others as shortest decimal. */
export function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new FunctionError('number is not finite');
  if (Number.isInteger(n) && Math.abs(n) >= 1e21) return BigInt(n).toString();
  return String(n);
}

export function str(fn: string, v: Value | undefined, what = 'argument'): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new FunctionError(`${fn}(): ${what} must be a string, got ${typeName(v)}`);
}

// Terraform accepts decimal number strings where numbers are wanted ("1.5", "-2", "1e3").
const NUMERIC = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

export function num(fn: string, v: Value | undefined, what = 'argument'): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  throw new FunctionError(`${fn}(): ${what} must be a number, got ${typeName(v)}`);
}

export function int(fn: string, v: Value | undefined, what = 'argument'): number {
  const n = num(fn, v, what);
  if (!Number.isInteger(n)) throw new FunctionError(`${fn}(): ${what} must be a whole number, got ${n}`);
  return n;
}

export function bool(fn: string, v: Value | undefined, what = 'argument'): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new FunctionError(`${fn}(): ${what} must be a bool, got ${typeName(v)}`);
}

/** Lists, tuples and sets are all arrays in the model. */
export function list(fn: string, v: Value | undefined, what = 'argument'): Value[] {
  if (Array.isArray(v)) return v;
  throw new FunctionError(`${fn}(): ${what} must be a list, got ${typeName(v)}`);
}

/** Maps and objects are both plain objects in the model. */
export function map(fn: string, v: Value | undefined, what = 'argument'): ObjectValue {
  if (isObject(v)) return v;
  throw new FunctionError(`${fn}(): ${what} must be a map, got ${typeName(v)}`);
}

/** Deep equality of typed values, as cty compares them (and Terraform's `==`): 1 and "1" differ. */
export function equal(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

/**
 * Terraform set semantics for arrays: duplicates dropped, and for sets of strings or numbers the
 * order Terraform iterates them in (lexical / ascending), so results compare stably.
 */
export function toSet(items: readonly Value[]): Value[] {
  const out = uniqueValues(items);
  if (out.every((v) => typeof v === 'string')) return (out as string[]).sort(compareStrings);
  if (out.every((v) => typeof v === 'number')) return (out as number[]).sort((a, b) => a - b);
  return out;
}

/**
 * A canonical key per value, so that deduplication is linear rather than pairwise (a
 * `toset(flatten(...))` of 90,000 strings must not take 4 billion comparisons). Values that are
 * `equal()` get the same key; every Unknown gets a key of its own, as `equal()` only matches it to itself.
 */
const unknownIds = new WeakMap<Unknown, number>();
let nextUnknownId = 0;
export function valueKey(v: Value | undefined): string {
  if (v instanceof Unknown) {
    let id = unknownIds.get(v);
    if (id === undefined) unknownIds.set(v, (id = nextUnknownId++));
    return `u${id}`;
  }
  if (v === undefined) return 'x';
  if (v === null) return 'n';
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v}${String(v)}`;
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${valueKey(v[k])}`).join(',')}}`;
}

/** Items without duplicates (first occurrence kept), in linear time. */
export function uniqueValues(items: readonly Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const v of items) {
    const k = valueKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(v);
  }
  return out;
}

/** Byte-wise (code point) ordering like Go's string comparison, not locale order. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Code points of s: what Go's rune loops (split with "", trim's cutset, replace with "") see. */
export const chars = (s: string): string[] => Array.from(s);

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * User-perceived characters (Unicode grapheme clusters), which Terraform's length, substr and
 * strrev count: "🕹️" (joystick + variation selector) is one character, so is "\r\n".
 */
export function graphemes(s: string): string[] {
  // Plain ASCII without CR is one cluster per character: skip the segmenter.
  if (/^[\x00-\x0c\x0e-\x7f]*$/.test(s)) return s.split('');
  return Array.from(segmenter.segment(s), (x) => x.segment);
}
