import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

function lines(path: string, source: string): number[] {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => o.file.lines.position(h.start).line));
}

/** Names parsed out of text that cannot be __proto__, and string values (written by us). */
describe('sast/js/prototype-pollution: parsed names and values that cannot pollute', () => {
  it('a match group of literal words cannot be __proto__; a free group can', () => {
    expect(lines('a.ts', `const FIELD = /^\\s*(title|author|tags?)\\s*=\\s*(.*)$/;
const ANY = /^\\s*(\\w+)\\s*=\\s*(.*)$/;
export function fields(text: string) {
  const found: Record<string, unknown> = {};
  for (const line of text.split('\\n')) {
    const m = FIELD.exec(line);
    if (!m) continue;
    const key = m[1]! as 'title';
    found[key] = JSON.parse(m[2]!);
  }
  return found;
}
export function anyFields(text: string) {
  const found: Record<string, unknown> = {};
  for (const line of text.split('\\n')) {
    const m = ANY.exec(line);
    if (!m) continue;
    const key = m[1]!;
    found[key] = JSON.parse(m[2]!);
  }
  return found;
}`)).toEqual([19]);
  });

  it('a value bound only to strings or to another string variable is plain text; a parameter value is not', () => {
    expect(lines('a.js', `function parse(str, rev) {
  const out = {};
  for (const pair of str.split('&')) {
    const name = pair.slice(0, pair.indexOf('='));
    let x = '', y = '';
    if (rev) { x = y; }
    out[name] = x;
  }
  return out;
}
function parse2(str, v) {
  const out = {};
  for (const pair of str.split('&')) {
    const name = pair.slice(0, pair.indexOf('='));
    out[name] = v;
  }
  return out;
}
module.exports = { parse, parse2 };`)).toEqual([15]);
  });
});
