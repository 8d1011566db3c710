/**
 * Date and time functions. timestamp() and plantimestamp() are Unknown (they change on every
 * run); timeadd, timecmp and formatdate work on known RFC 3339 timestamps.
 */
import { Unknown, type Value } from '../../../model/value.js';
import { FunctionError, arity, str, type Impl } from './common.js';

interface Stamp {
  /** Milliseconds since the epoch (UTC). */
  ms: number;
  /** Offset from UTC in minutes, kept so results print in the input's zone. */
  offset: number;
  /** Nanoseconds below the millisecond, from the fraction. */
  frac: string;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function parseStamp(fn: string, v: Value | undefined): Stamp {
  const s = str(fn, v, 'timestamp');
  const m = RFC3339.exec(s);
  if (!m) throw new FunctionError(`${fn}(): ${JSON.stringify(s)} is not an RFC 3339 timestamp`);
  const [, y, mo, d, h, mi, se, frac, zone] = m;
  const offset = zone === 'Z' || zone === 'z' ? 0 : (zone!.startsWith('-') ? -1 : 1) * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6)));
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se)) - offset * 60_000;
  const check = new Date(ms + offset * 60_000);
  if (check.getUTCDate() !== Number(d) || check.getUTCHours() !== Number(h)) throw new FunctionError(`${fn}(): ${JSON.stringify(s)} is not a valid date`);
  return { ms, offset, frac: frac ? frac.slice(1) : '' };
}

const two = (n: number): string => String(n).padStart(2, '0');

function zone(offset: number, colon: boolean): string {
  const a = Math.abs(offset);
  return (offset < 0 ? '-' : '+') + two(Math.floor(a / 60)) + (colon ? ':' : '') + two(a % 60);
}

/** Wall-clock fields in the stamp's own offset. */
const local = (t: Stamp): Date => new Date(t.ms + t.offset * 60_000);

function rfc3339(t: Stamp): string {
  const d = local(t);
  const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return date + (t.offset === 0 ? 'Z' : zone(t.offset, true));
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration: an optional sign, then number+unit pairs such as 1h30m or 1.5s. */
function parseDuration(s: string): number {
  let i = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  if (s === '0') return 0;
  const part = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  if (i >= s.length) throw new FunctionError(`timeadd(): invalid duration ${JSON.stringify(s)}`);
  while (i < s.length) {
    part.lastIndex = i;
    const m = part.exec(s);
    if (!m) throw new FunctionError(`timeadd(): invalid duration ${JSON.stringify(s)}`);
    total += Number(m[1]) * UNITS[m[2]!]!;
    i = part.lastIndex;
  }
  return sign * total;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** formatdate's sequences: runs of one letter (YYYY, MMM, hh...), 'quoted literals', other characters as they are. */
function formatdate(a: Value[]): Value {
  arity('formatdate', a, 2);
  const spec = str('formatdate', a[0], 'format');
  const t = parseStamp('formatdate', a[1]);
  const d = local(t);
  const h12 = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const seq: Record<string, () => string> = {
    YYYY: () => String(d.getUTCFullYear()).padStart(4, '0'),
    YY: () => two(d.getUTCFullYear() % 100),
    MMMM: () => MONTHS[d.getUTCMonth()]!,
    MMM: () => MONTHS[d.getUTCMonth()]!.slice(0, 3),
    MM: () => two(d.getUTCMonth() + 1),
    M: () => String(d.getUTCMonth() + 1),
    DD: () => two(d.getUTCDate()),
    D: () => String(d.getUTCDate()),
    EEEE: () => DAYS[d.getUTCDay()]!,
    EEE: () => DAYS[d.getUTCDay()]!.slice(0, 3),
    hh: () => two(d.getUTCHours()),
    h: () => String(d.getUTCHours()),
    HH: () => two(h12),
    H: () => String(h12),
    AA: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    aa: () => (d.getUTCHours() < 12 ? 'am' : 'pm'),
    mm: () => two(d.getUTCMinutes()),
    m: () => String(d.getUTCMinutes()),
    ss: () => two(d.getUTCSeconds()),
    s: () => String(d.getUTCSeconds()),
    ZZZZZ: () => zone(t.offset, true),
    ZZZZ: () => zone(t.offset, false),
    ZZZ: () => (t.offset === 0 ? 'UTC' : zone(t.offset, false)),
    Z: () => (t.offset === 0 ? 'Z' : zone(t.offset, true)),
  };
  let out = '';
  let i = 0;
  while (i < spec.length) {
    const c = spec[i]!;
    if (c === "'") {
      const close = spec.indexOf("'", i + 1);
      if (close < 0) throw new FunctionError('formatdate(): unterminated literal');
      out += close === i + 1 ? "'" : spec.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (spec[j] === c) j++;
    const f = seq[spec.slice(i, j)];
    if (!f) throw new FunctionError(`formatdate(): invalid date format sequence ${JSON.stringify(spec.slice(i, j))}`);
    out += f();
    i = j;
  }
  return out;
}

export const TIME_FUNCTIONS: Record<string, Impl> = {
  timestamp: (a) => (arity('timestamp', a, 0), new Unknown('timestamp() is the time of the run')),
  plantimestamp: (a) => (arity('plantimestamp', a, 0), new Unknown('plantimestamp() is the time of the plan')),
  timeadd: (a) => {
    arity('timeadd', a, 2);
    const t = parseStamp('timeadd', a[0]);
    return rfc3339({ ...t, ms: t.ms + parseDuration(str('timeadd', a[1], 'duration')) });
  },
  timecmp: (a) => {
    arity('timecmp', a, 2);
    const x = parseStamp('timecmp', a[0]);
    const y = parseStamp('timecmp', a[1]);
    // Fractions compare as nanosecond strings padded to the same width.
    const fx = x.frac.padEnd(9, '0');
    const fy = y.frac.padEnd(9, '0');
    if (x.ms !== y.ms) return x.ms < y.ms ? -1 : 1;
    return fx < fy ? -1 : fx > fy ? 1 : 0;
  },
  formatdate,
};
