/** String functions. substr and strrev count grapheme clusters (as Terraform does), never UTF-16 units. */
import type { Value } from '../../../model/value.js';
import { FunctionError, arity, chars, graphemes, int, list, str, type Impl } from './common.js';
import { format } from './format.js';
import { regex, regexReplace, regexall } from './regex.js';

/** Go's strings.Title: a letter after a separator (anything but letters, digits, `_`) goes upper-case. */
function title(s: string): string {
  let out = '';
  let prevSep = true;
  for (const c of chars(s)) {
    out += prevSep ? c.toUpperCase() : c;
    prevSep = !/[\p{L}\p{N}_]/u.test(c);
  }
  return out;
}

/** formatlist: list arguments are walked in step (all the same length), others repeat. */
function formatlist(args: Value[]): Value {
  arity('formatlist', args, 1, Infinity);
  const spec = str('formatlist', args[0]);
  const rest = args.slice(1);
  let n: number | undefined;
  for (const a of rest) {
    if (!Array.isArray(a)) continue;
    if (n !== undefined && a.length !== n) throw new FunctionError('formatlist(): all list arguments must have the same length');
    n = a.length;
  }
  const count = n ?? 1;
  const out: Value[] = [];
  for (let i = 0; i < count; i++) out.push(format(spec, rest.map((a) => (Array.isArray(a) ? a[i]! : a))));
  return out;
}

function substr(args: Value[]): Value {
  arity('substr', args, 3);
  const cs = graphemes(str('substr', args[0]));
  let offset = int('substr', args[1], 'offset');
  const length = int('substr', args[2], 'length');
  if (offset < 0) offset = Math.max(cs.length + offset, 0);
  if (offset > cs.length) throw new FunctionError('substr(): offset is beyond the end of the string');
  // Any negative length means "to the end".
  return cs.slice(offset, length < 0 ? undefined : offset + length).join('');
}

function trim(s: string, cutset: string): string {
  const cut = new Set(chars(cutset));
  const cs = chars(s);
  let a = 0;
  let b = cs.length;
  while (a < b && cut.has(cs[a]!)) a++;
  while (b > a && cut.has(cs[b - 1]!)) b--;
  return cs.slice(a, b).join('');
}

// Unicode White_Space, like Go's unicode.IsSpace.
const isSpace = (c: string): boolean => /^[\s\u0085]$/u.test(c);

/** Strips characters matching `drop` from the end (and the start when `both`); a loop, not a regex, so it stays linear. */
function trimWhere(s: string, drop: (c: string) => boolean, both: boolean): string {
  let a = 0;
  let b = s.length;
  while (b > a && drop(s[b - 1]!)) b--;
  while (both && a < b && drop(s[a]!)) a++;
  return s.slice(a, b);
}

function replace(args: Value[]): Value {
  arity('replace', args, 3);
  const s = str('replace', args[0]);
  const sub = str('replace', args[1], 'substring');
  const rep = str('replace', args[2], 'replacement');
  if (sub.length > 1 && sub.startsWith('/') && sub.endsWith('/')) return regexReplace(s, sub.slice(1, -1), rep);
  // Go's strings.Replace with an empty old string inserts before each character and at the end.
  if (sub === '') return rep + chars(s).join(rep) + (s === '' ? '' : rep);
  return s.split(sub).join(rep);
}

export const STRING_FUNCTIONS: Record<string, Impl> = {
  format: (a) => (arity('format', a, 1, Infinity), format(str('format', a[0]), a.slice(1))),
  formatlist,
  join: (a) => {
    arity('join', a, 2, Infinity);
    const sep = str('join', a[0], 'separator');
    const items = a.slice(1).flatMap((l) => list('join', l));
    return items.map((v) => {
      if (v === null) throw new FunctionError('join(): list elements must not be null');
      return str('join', v, 'list element');
    }).join(sep);
  },
  split: (a) => {
    arity('split', a, 2);
    const sep = str('split', a[0], 'separator');
    const s = str('split', a[1]);
    if (sep === '') return chars(s);
    return s.split(sep);
  },
  lower: (a) => (arity('lower', a, 1), str('lower', a[0]).toLowerCase()),
  upper: (a) => (arity('upper', a, 1), str('upper', a[0]).toUpperCase()),
  title: (a) => (arity('title', a, 1), title(str('title', a[0]))),
  trim: (a) => (arity('trim', a, 2), trim(str('trim', a[0]), str('trim', a[1], 'cutset'))),
  trimspace: (a) => (arity('trimspace', a, 1), trimWhere(str('trimspace', a[0]), isSpace, true)),
  trimprefix: (a) => {
    arity('trimprefix', a, 2);
    const s = str('trimprefix', a[0]);
    const p = str('trimprefix', a[1], 'prefix');
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  trimsuffix: (a) => {
    arity('trimsuffix', a, 2);
    const s = str('trimsuffix', a[0]);
    const p = str('trimsuffix', a[1], 'suffix');
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  replace,
  regex: (a) => (arity('regex', a, 2), regex(str('regex', a[0], 'pattern'), str('regex', a[1]))),
  regexall: (a) => (arity('regexall', a, 2), regexall(str('regexall', a[0], 'pattern'), str('regexall', a[1]))),
  substr,
  strrev: (a) => (arity('strrev', a, 1), graphemes(str('strrev', a[0])).reverse().join('')),
  chomp: (a) => (arity('chomp', a, 1), trimWhere(str('chomp', a[0]), (c) => c === '\n' || c === '\r', false)),
  indent: (a) => {
    arity('indent', a, 2);
    const n = int('indent', a[0], 'spaces');
    if (n < 0) throw new FunctionError('indent(): spaces must not be negative');
    return str('indent', a[1]).split('\n').join('\n' + ' '.repeat(n));
  },
  startswith: (a) => (arity('startswith', a, 2), str('startswith', a[0]).startsWith(str('startswith', a[1], 'prefix'))),
  endswith: (a) => (arity('endswith', a, 2), str('endswith', a[0]).endsWith(str('endswith', a[1], 'suffix'))),
  strcontains: (a) => (arity('strcontains', a, 2), str('strcontains', a[0]).includes(str('strcontains', a[1], 'substring'))),
};
