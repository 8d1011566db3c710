import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../src/scanners/sast/parse/index.js';
import { ApiNames } from '../../../src/scanners/sast/ir/api-names.js';
import { prototypePollutionRules } from '../../../src/scanners/sast/rules/prototype-pollution.js';

const FIX = fileURLToPath(new URL('../../fixtures/sast/proto/', import.meta.url));

function run(path: string, source: string) {
  const o = parseSource(path, source);
  if (!o.ok) throw new Error(o.message);
  const api = new ApiNames(o.file.program);
  return prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => ({ ...h, line: o.file.lines.position(h.start).line, rule: r.meta.id.slice(8) })));
}

/** `@expect prototype-pollution-merge` (high) or `@expect prototype-pollution-constructor` (medium) marks. */
function expectedMarks(source: string): string[] {
  return source.split('\n').flatMap((l, i) => {
    const m = /@expect (prototype-pollution-(?:merge|constructor))/.exec(l);
    return m ? [`${i + 1}:${m[1]}`] : [];
  });
}

function expectedLines(source: string): number[] {
  return source.split('\n').flatMap((l, i) => (l.includes('@expect prototype-pollution-merge') ? [i + 1] : []));
}

describe('sast/js/prototype-pollution-merge fixtures', () => {
  for (const file of ['flagged.js', 'clean.js', 'flagged.ts', 'clean.ts']) {
    it(`${file}: exactly the @expect lines`, () => {
      const src = readFileSync(FIX + file, 'utf8');
      const hits = run(file, src);
      expect(hits.map((h) => `${h.line}:${h.rule}`).sort()).toEqual(expectedMarks(src).sort());
    });
  }

  it('the fixtures hold at least 6 flagged and 6 clean functions', () => {
    const flagged = expectedLines(readFileSync(FIX + 'flagged.js', 'utf8'));
    const clean = readFileSync(FIX + 'clean.js', 'utf8').match(/^export (?:function|const|class)/gm) ?? [];
    expect(flagged.length).toBeGreaterThanOrEqual(6);
    expect(clean.length).toBeGreaterThanOrEqual(6);
  });

  it('names the function and the written member in the message', () => {
    const hits = run('a.js', 'function extend(t, s) { for (const k in s) { if (typeof s[k] === "object") extend(t[k], s[k]); else t[k] = s[k]; } }');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toContain('`extend`');
    expect(hits[0]!.message).toContain('`t[k]`');
    expect(hits[0]!.message).toContain('__proto__');
  });

  it('a guard anywhere in the function keeps it clean, whichever dangerous key it names', () => {
    for (const guard of ["if (k === 'constructor') continue;", "if (/^(?:__proto__|prototype)$/.test(k)) continue;", "switch (k) { case 'prototype': continue; }"]) {
      const src = `function extend(t, s) { for (const k in s) { ${guard} if (typeof s[k] === "object") extend(t[k], s[k]); else t[k] = s[k]; } }`;
      expect(run('a.js', src)).toEqual([]);
    }
  });

  it('has complete metadata', () => {
    const m = prototypePollutionRules[0]!.meta;
    expect(m.id).toBe('sast/js/prototype-pollution-merge');
    expect(m.cwe).toEqual([1321]);
    expect(m.severity).toBe('high');
    expect(m.remediation).toContain('__proto__');
  });
});

describe('sast/js/prototype-pollution-merge without bracket assignments in the file', () => {
  it('still sees Reflect.set and Object.assign into target[key]', () => {
    expect(run('a.js', 'function m(t, s) { for (const k in s) { if (typeof s[k] === "object") m(t[k], s[k]); else Reflect.set(t, k, s[k]); } }')).toHaveLength(1);
    expect(run('a.js', 'function apply(cfg, o) { for (const k of Object.keys(o)) Object.assign(cfg[k], o[k]); }')).toHaveLength(1);
    expect(run('a.js', 'function apply(cfg, o) { for (const k of Object.keys(o)) Object.assign(cfg, o[k]); }')).toEqual([]);
  });
});
