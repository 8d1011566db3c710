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
  return prototypePollutionRules.flatMap((r) => r.check(o.file, api).map((h) => ({ ...h, line: o.file.lines.position(h.start).line })));
}

function expectedLines(source: string): number[] {
  return source.split('\n').flatMap((l, i) => (l.includes('@expect prototype-pollution-merge') ? [i + 1] : []));
}

describe('sast/js/prototype-pollution-merge fixtures', () => {
  for (const file of ['flagged.js', 'clean.js']) {
    it(`${file}: exactly the @expect lines`, () => {
      const src = readFileSync(FIX + file, 'utf8');
      const hits = run(file, src);
      expect(hits.map((h) => h.line).sort((a, b) => a - b)).toEqual(expectedLines(src));
    });
  }
});
