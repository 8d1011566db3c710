/** Numeric functions. */
import type { Value } from '../../../model/value.js';
import { FunctionError, arity, int, num, str, type Impl } from './common.js';

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** parseint: an integer in base 2..62 (Go's big.Int digits: 0-9, a-z, then A-Z above base 36). */
function parseint(a: Value[]): Value {
  arity('parseint', a, 2);
  const s = str('parseint', a[0], 'number');
  const base = int('parseint', a[1], 'base');
  if (base < 2 || base > 62) throw new FunctionError('parseint(): base must be between 2 and 62');
  let body = s;
  let neg = false;
  if (body.startsWith('-') || body.startsWith('+')) {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  if (body === '') throw new FunctionError(`parseint(): cannot parse ${JSON.stringify(s)} as a base ${base} integer`);
  let n = 0n;
  for (const c of body) {
    // Up to base 36 letters are case-insensitive; above, lower case comes before upper case.
    let d = base <= 36 ? DIGITS.indexOf(c.toLowerCase()) : DIGITS.indexOf(c);
    if (base > 36 && d < 0 && c >= 'A' && c <= 'Z') d = 36 + c.charCodeAt(0) - 65;
    if (d < 0 || d >= base) throw new FunctionError(`parseint(): cannot parse ${JSON.stringify(s)} as a base ${base} integer`);
    n = n * BigInt(base) + BigInt(d);
  }
  return Number(neg ? -n : n);
}

function minmax(fn: string, a: Value[], pick: (...n: number[]) => number): Value {
  arity(fn, a, 1, Infinity);
  return pick(...a.map((v) => num(fn, v)));
}

export const NUMERIC_FUNCTIONS: Record<string, Impl> = {
  abs: (a) => (arity('abs', a, 1), Math.abs(num('abs', a[0]))),
  ceil: (a) => (arity('ceil', a, 1), Math.ceil(num('ceil', a[0]))),
  floor: (a) => (arity('floor', a, 1), Math.floor(num('floor', a[0]))),
  max: (a) => minmax('max', a, Math.max),
  min: (a) => minmax('min', a, Math.min),
  pow: (a) => (arity('pow', a, 2), Math.pow(num('pow', a[0]), num('pow', a[1]))),
  log: (a) => {
    arity('log', a, 2);
    const x = num('log', a[0]);
    const b = num('log', a[1], 'base');
    const r = Math.log(x) / Math.log(b);
    if (Number.isNaN(r)) throw new FunctionError('log(): the result is not a number');
    return r;
  },
  signum: (a) => (arity('signum', a, 1), Math.sign(num('signum', a[0])) || 0),
  parseint,
};
