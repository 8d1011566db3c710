/**
 * regex, regexall and the /pattern/ form of replace. Patterns are RE2 syntax (Go's regexp, which
 * Terraform uses) run by the `re2` package: linear time, never JS RegExp on user patterns.
 */
import RE2 from 're2';
import type { ObjectValue, Value } from '../../../model/value.js';
import { FunctionError } from './common.js';

const cache = new Map<string, RE2>();

function compile(fn: string, pattern: string): RE2 {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = new RE2(pattern, 'gu');
    } catch (e) {
      throw new FunctionError(`${fn}(): invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`);
    }
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** All matches, left to right; an empty match steps one character on so the loop ends. */
function matches(re: RE2, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (;;) {
    const m = re.exec(s);
    if (!m) break;
    const prev = out[out.length - 1];
    // Go ignores an empty match right where the previous match ended.
    if (!(m[0] === '' && prev && prev.index + prev[0].length === m.index)) out.push(m);
    if (m[0] === '') re.lastIndex = m.index + (s.codePointAt(m.index)! > 0xffff ? 2 : 1);
    if (re.lastIndex > s.length) break;
  }
  re.lastIndex = 0;
  return out;
}

/** Terraform's result shape: whole match (no groups), list (unnamed groups) or map (named groups). */
function shape(fn: string, m: RegExpExecArray): Value {
  const groups = m.slice(1);
  if (groups.length === 0) return m[0];
  const named = m.groups ? Object.keys(m.groups) : [];
  if (named.length === 0) return groups.map((g) => g ?? null);
  if (named.length !== groups.length) throw new FunctionError(`${fn}(): named and unnamed capture groups cannot be mixed`);
  const o: ObjectValue = {};
  for (const k of named) o[k] = m.groups![k] ?? null;
  return o;
}

export function regex(pattern: string, s: string): Value {
  const [first] = matches(compile('regex', pattern), s);
  if (!first) throw new FunctionError(`regex(): pattern ${JSON.stringify(pattern)} does not match`);
  return shape('regex', first);
}

export function regexall(pattern: string, s: string): Value {
  return matches(compile('regexall', pattern), s).map((m) => shape('regexall', m));
}

/** Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$; a missing group expands to nothing. */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== '$') {
      out += c;
      continue;
    }
    const rest = template.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      i++;
      continue;
    }
    const braced = /^\{([A-Za-z0-9_]+)\}/.exec(rest);
    const bare = braced ? null : /^[A-Za-z0-9_]+/.exec(rest);
    const name = braced ? braced[1]! : bare ? bare[0] : null;
    if (name === null) {
      out += '$';
      continue;
    }
    i += braced ? braced[0].length : name.length;
    const g = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
    out += g ?? '';
  }
  return out;
}

export function regexReplace(s: string, pattern: string, replacement: string): string {
  let out = '';
  let last = 0;
  for (const m of matches(compile('replace', pattern), s)) {
    out += s.slice(last, m.index) + expand(replacement, m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}
