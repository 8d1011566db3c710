/**
 * Terraform's format() verbs (a subset of Go's fmt): %v %#v %t %b %d %o %x %X %e %E %f %g %G
 * %s %q and %%, with flags `+ - # 0 space`, width, precision and explicit argument indexes %[n]v.
 */
import type { Value } from '../../../model/value.js';
import { FunctionError, bool, num, numberToString, str } from './common.js';
import { jsonEncode } from './encoding.js';

interface Spec {
  flags: string;
  width: number | undefined;
  prec: number | undefined;
  verb: string;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  const w = spec.width ?? 0;
  const len = Array.from(s).length;
  if (len >= w) return s;
  if (spec.flags.includes('-')) return s + ' '.repeat(w - len);
  if (numeric && spec.flags.includes('0')) {
    // Zero padding goes after the sign.
    const sign = /^[-+ ]/.test(s) ? s.slice(0, 1) : '';
    return sign + '0'.repeat(w - len) + s.slice(sign.length);
  }
  return ' '.repeat(w - len) + s;
}

function signed(n: number, body: string, spec: Spec): string {
  if (n < 0 || Object.is(n, -0)) return '-' + body;
  if (spec.flags.includes('+')) return '+' + body;
  if (spec.flags.includes(' ')) return ' ' + body;
  return body;
}

/** `1.500` → `1.5`, `2.000` → `2`: %g drops trailing zeros of the fraction. */
function dropZeros(m: string): string {
  if (!m.includes('.')) return m;
  let end = m.length;
  while (m[end - 1] === '0') end--;
  if (m[end - 1] === '.') end--;
  return m.slice(0, end);
}

/** Go prints exponents with at least two digits: 1e+06, not JS's 1e+6. */
const goExp = (s: string): string => s.replace(/e([-+])(\d)$/, 'e$10$2');

function formatNumber(v: Value, spec: Spec): string {
  const n = num('format', v, `value for %${spec.verb}`);
  const a = Math.abs(n);
  const intOnly = (): bigint => {
    if (!Number.isInteger(n)) throw new FunctionError(`format(): %${spec.verb} needs a whole number, got ${n}`);
    return BigInt(Math.abs(n));
  };
  let body: string;
  switch (spec.verb) {
    case 'd':
      body = intOnly().toString(10);
      break;
    case 'b':
      body = intOnly().toString(2);
      break;
    case 'o':
      body = (spec.flags.includes('#') ? '0' : '') + intOnly().toString(8);
      break;
    case 'x':
    case 'X': {
      const h = intOnly().toString(16);
      body = (spec.flags.includes('#') ? '0x' : '') + (spec.verb === 'X' ? h.toUpperCase() : h);
      break;
    }
    case 'e':
    case 'E': {
      const e = goExp(a.toExponential(spec.prec ?? 6));
      body = spec.verb === 'E' ? e.toUpperCase() : e;
      break;
    }
    case 'f':
      body = a.toFixed(spec.prec ?? 6);
      break;
    default: {
      // %g: shortest (or `precision` significant digits), exponent form when the exponent is
      // below -4 or at least the precision (21 for shortest, where Terraform prints plain
      // integers), trailing zeros dropped.
      const p = spec.prec === undefined ? undefined : Math.max(spec.prec, 1);
      const expForm = p === undefined ? a.toExponential() : a.toExponential(p - 1);
      const exp = Number(expForm.slice(expForm.indexOf('e') + 1));
      let g: string;
      if (exp < -4 || exp >= (p ?? 21)) {
        const cut = expForm.indexOf('e');
        g = goExp(dropZeros(expForm.slice(0, cut)) + expForm.slice(cut));
      } else g = p === undefined ? numberToString(a) : dropZeros(a.toPrecision(p));
      body = spec.verb === 'G' ? g.toUpperCase() : g;
    }
  }
  return pad(signed(n, body, spec), spec, true);
}

function formatOne(v: Value, spec: Spec): string {
  switch (spec.verb) {
    case 'v':
      if (spec.flags.includes('#')) return pad(jsonEncode(v), spec, false);
      if (typeof v === 'number') return formatNumber(v, { ...spec, verb: 'g' });
      if (typeof v === 'string' || typeof v === 'boolean') return pad(str('format', v), spec, false);
      if (v === null) return pad('null', spec, false);
      return pad(jsonEncode(v), spec, false);
    case 't':
      return pad(bool('format', v, 'value for %t') ? 'true' : 'false', spec, false);
    case 's': {
      let s = str('format', v, 'value for %s');
      if (spec.prec !== undefined) s = Array.from(s).slice(0, spec.prec).join('');
      return pad(s, spec, false);
    }
    case 'q':
      return pad(jsonEncode(str('format', v, 'value for %q')), spec, false);
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X':
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatNumber(v, spec);
    default:
      throw new FunctionError(`format(): unsupported verb %${spec.verb}`);
  }
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** format(spec, args...) with Terraform's rule that every argument must be used. */
export function format(fmt: string, args: readonly Value[]): string {
  let out = '';
  let next = 0;
  let maxUsed = 0;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    if (fmt[i] === '%') {
      out += '%';
      i++;
      continue;
    }
    let flags = '';
    while (i < fmt.length && '+-# 0'.includes(fmt[i]!)) flags += fmt[i++];
    if (fmt[i] === '[') {
      const close = fmt.indexOf(']', i);
      const idx = Number(fmt.slice(i + 1, close));
      if (close < 0 || !Number.isInteger(idx) || idx < 1) throw new FunctionError('format(): bad argument index');
      next = idx - 1;
      i = close + 1;
    }
    let width: number | undefined;
    let prec: number | undefined;
    let digits = '';
    while (isDigit(fmt[i])) digits += fmt[i++];
    if (digits) width = Number(digits);
    if (fmt[i] === '.') {
      i++;
      digits = '';
      while (isDigit(fmt[i])) digits += fmt[i++];
      prec = digits ? Number(digits) : 0;
    }
    const verb = fmt[i++];
    if (verb === undefined) throw new FunctionError('format(): unterminated format verb at end of string');
    if (next >= args.length) throw new FunctionError(`format(): not enough arguments for %${verb}`);
    const arg = args[next]!;
    if (arg === null) throw new FunctionError(`format(): argument ${next + 1} is null`);
    out += formatOne(arg, { flags, width, prec, verb });
    next++;
    maxUsed = Math.max(maxUsed, next);
  }
  if (maxUsed < args.length) throw new FunctionError(`format(): too many arguments; only ${maxUsed} used by the format string`);
  return out;
}

